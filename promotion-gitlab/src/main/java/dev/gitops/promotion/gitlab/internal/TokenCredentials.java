package dev.gitops.promotion.gitlab.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.http.Credentials;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A GitLab token sent as {@code PRIVATE-TOKEN}, {@code Authorization: Bearer} or {@code JOB-TOKEN},
 * read when the first request needs it (so that commands that never reach GitLab need no token).
 * Its {@code toString} names the header and where the token comes from, never the value.
 */
public final class TokenCredentials implements Credentials {
  private final String header;
  private final String prefix;
  private final Supplier<Optional<String>> token;
  private final String source;

  private TokenCredentials(
      String header, String prefix, Supplier<Optional<String>> token, String source) {
    this.header = header;
    this.prefix = prefix;
    this.token = token;
    this.source = source;
  }

  /**
   * Credentials of {@code kind} ({@code private}, {@code bearer} or {@code job}).
   *
   * @param source where the token is read (an environment variable's name), for messages
   */
  public static TokenCredentials of(String kind, Supplier<Optional<String>> token, String source) {
    return switch (kind) {
      case "private" -> new TokenCredentials("PRIVATE-TOKEN", "", token, source);
      case "bearer" -> new TokenCredentials("Authorization", "Bearer ", token, source);
      case "job" -> new TokenCredentials("JOB-TOKEN", "", token, source);
      default ->
          throw new InvalidInputException(
              "unknown GitLab token kind '" + kind + "'; use private, bearer or job");
    };
  }

  @Override
  public Map<String, String> headers() {
    String value =
        token
            .get()
            .filter(v -> !v.isBlank())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "no GitLab token: set "
                            + source
                            + " to a personal, project or group access token with the api scope"));
    if (value.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new InvalidInputException(
          "the GitLab token in " + source + " holds spaces or control characters");
    }
    return Map.of(header, prefix + value);
  }

  /** The header and the token's source; never the token. */
  @Override
  public String toString() {
    return "GitLab token in " + header + " from " + source;
  }
}
