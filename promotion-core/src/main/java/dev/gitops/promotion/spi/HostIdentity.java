package dev.gitops.promotion.spi;

import dev.gitops.promotion.SafeText;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a change-request host says its credentials belong to ({@code GET /user} on GitHub and GitLab,
 * or a GitHub App's bot user): the identity a promoter can bind an actor to, instead of taking a
 * claimed name at its word.
 *
 * @param login the host's login (for a GitHub App, {@code <slug>[bot]})
 * @param name the display name, when the host gives one
 * @param email the public or commit email, when the host gives one
 * @param bot whether the host says this is a bot or an app
 */
public record HostIdentity(
    String login, Optional<String> name, Optional<String> email, boolean bot) {

  /** Checks the parts and refuses control characters in the login. */
  public HostIdentity {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    if (login.isBlank() || SafeText.hasControls(login)) {
      throw new IllegalArgumentException(
          "invalid host login '" + SafeText.escapeControls(login) + "'");
    }
  }
}
