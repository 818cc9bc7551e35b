package dev.gitops.promotion.gitlab;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.gitlab.internal.Remotes;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestHostProvider;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link GitLabHost} from {@code host: {kind: gitlab, ...}} in {@code promotion.yaml};
 * registered for {@link java.util.ServiceLoader}.
 *
 * <p>Settings: {@code apiUrl} (default: {@code https://HOST/api/v4} of the config repository's
 * remote), {@code project} (numeric id or {@code group/sub/project}; default: the remote's path),
 * {@code tokenVariable} (default {@code GITLAB_TOKEN}), {@code tokenType} ({@code private}, {@code
 * bearer} or {@code job}; default {@code private}), {@code removeSourceBranch} (default true),
 * {@code squash} (default false), {@code autoMerge} (default false), {@code userAgent}.
 */
public final class GitLabHostProvider implements ChangeRequestHostProvider {

  /** The settings this provider reads; any other key is refused. */
  public static final List<String> SETTINGS =
      List.of(
          "apiUrl",
          "project",
          "tokenVariable",
          "tokenType",
          "removeSourceBranch",
          "squash",
          "autoMerge",
          "userAgent");

  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public GitLabHostProvider() {}

  @Override
  public String kind() {
    return "gitlab";
  }

  @Override
  public ChangeRequestHost create(AdapterSpec spec, AdapterContext context) {
    spec.requireOnly(SETTINGS);
    Optional<Remotes.Parsed> remote = context.remoteUrl().flatMap(Remotes::parse);
    String apiUrl =
        spec.string("apiUrl")
            .or(() -> remote.map(r -> "https://" + r.host() + "/api/v4"))
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "gitlab needs 'apiUrl' (https://gitlab.example/api/v4): the config"
                            + " repository's remote does not name a GitLab server",
                        spec.location(),
                        null));
    String project =
        spec.string("project")
            .or(() -> remote.map(Remotes.Parsed::project))
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "gitlab needs 'project' (a numeric id or group/sub/project): it cannot be"
                            + " read from the config repository's remote",
                        spec.location(),
                        null));
    String variable = spec.string("tokenVariable").orElse("GITLAB_TOKEN");
    String tokenType = spec.string("tokenType").orElse("private");
    if (!List.of("private", "bearer", "job").contains(tokenType)) {
      throw new InvalidInputException(
          "'tokenType' of gitlab must be private, bearer or job", spec.location(), null);
    }
    GitLabHost.Builder b =
        GitLabHost.builder()
            .apiUrl(apiUrl)
            .project(project)
            .token(tokenType, () -> context.environmentVariable(variable), variable)
            .clock(context.clock())
            .sleeper(context.sleeper())
            .removeSourceBranch(spec.bool("removeSourceBranch").orElse(true))
            .squash(spec.bool("squash").orElse(false))
            .autoMerge(spec.bool("autoMerge").orElse(false));
    spec.string("userAgent").ifPresent(b::userAgent);
    try {
      return b.build();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.getMessage(), spec.location(), e);
    }
  }

  @Override
  public String toString() {
    return "GitLabHostProvider";
  }
}
