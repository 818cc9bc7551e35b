package dev.gitops.promotion.git;

import dev.gitops.promotion.InvalidInputException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the token for an HTTPS remote comes from, asked again for every fetch and push so that
 * short-lived tokens (GitHub App installation tokens, CI job tokens) can rotate. The token is
 * handed to JGit only; it never appears in messages, logs or {@code toString()}.
 *
 * <pre>{@code
 * TokenSource fromCi = TokenSource.environment("CONFIG_REPO_TOKEN");
 * TokenSource fixed = TokenSource.of("x-access-token", () -> vault.read("config-repo"));
 * }</pre>
 */
public interface TokenSource {

  /** The user name sent with the token; hosts that only read the token accept any non-empty one. */
  default String username() {
    return "x-access-token";
  }

  /**
   * The token, read now.
   *
   * @throws InvalidInputException when there is none
   */
  String token();

  /** A token from {@code supplier}, sent with {@code username}. */
  static TokenSource of(String username, Supplier<String> supplier) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(supplier, "supplier");
    return new TokenSource() {
      @Override
      public String username() {
        return username;
      }

      @Override
      public String token() {
        String t = supplier.get();
        if (t == null || t.isEmpty()) {
          throw new InvalidInputException("the token source for user '" + username + "' is empty");
        }
        return t;
      }

      @Override
      public String toString() {
        return "TokenSource[user=" + username + ", token=***]";
      }
    };
  }

  /** The token in environment variable {@code variable}, read at each use. */
  static TokenSource environment(String variable) {
    Objects.requireNonNull(variable, "variable");
    return new TokenSource() {
      @Override
      public String token() {
        String t = System.getenv(variable);
        if (t == null || t.isEmpty()) {
          throw new InvalidInputException(
              "environment variable " + variable + " holds no token; set it to the remote's token");
        }
        return t;
      }

      @Override
      public String toString() {
        return "TokenSource[env=" + variable + ", token=***]";
      }
    };
  }
}
