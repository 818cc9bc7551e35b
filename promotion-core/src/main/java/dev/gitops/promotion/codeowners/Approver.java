package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.SafeText;
import java.util.Objects;
import java.util.Set;

/**
 * Someone who approved the change: a login and, when the host knows them, the email addresses of
 * the account (so that email owners can be matched). Logins and emails compare without case, as on
 * GitHub. An approver counts once per requirement, however many owners they match.
 *
 * @param login the host login, without <code>&#64;</code>
 * @param emails the account's email addresses, possibly none
 */
public record Approver(String login, Set<String> emails) {

  /** Validates the login and copies the emails. */
  public Approver {
    Objects.requireNonNull(login, "login");
    if (login.startsWith("@")) {
      login = login.substring(1);
    }
    if (login.isBlank()) {
      throw new IllegalArgumentException("an approver needs a login");
    }
    emails = Set.copyOf(emails);
  }

  /** An approver known by login only. */
  public static Approver of(String login) {
    return new Approver(login, Set.of());
  }

  /** An approver with the email addresses of their account. */
  public static Approver of(String login, String... emails) {
    return new Approver(login, Set.of(emails));
  }

  /** The login, safe to print. */
  @Override
  public String toString() {
    return SafeText.escapeControls(login);
  }
}
