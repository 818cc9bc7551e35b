package dev.gitops.promotion.registry;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.util.Objects;

/**
 * A user name and password (or token) for one registry, as {@code docker login} stores them. The
 * password never appears in {@link #toString()}, messages or logs.
 *
 * @param username the user name
 * @param password the password or personal access token
 */
public record RegistryLogin(String username, String password) {

  /** Checks both parts are present and the user name holds no ':'. */
  public RegistryLogin {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isEmpty() || username.indexOf(':') >= 0) {
      throw new InvalidInputException(
          "a registry user name must be non-empty and hold no ':', got '"
              + SafeText.forDisplay(username)
              + "'");
    }
    if (password.isEmpty()) {
      throw new InvalidInputException(
          "the registry password of user '" + SafeText.forDisplay(username) + "' is empty");
    }
  }

  /** Shows the user name only. */
  @Override
  public String toString() {
    return "RegistryLogin[" + SafeText.forDisplay(username) + ", ***]";
  }
}
