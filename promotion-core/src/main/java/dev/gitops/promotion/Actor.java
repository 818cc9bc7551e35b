package dev.gitops.promotion;

import java.util.Objects;

/**
 * Who asks for a promotion: a person or a bot (a CI job). Becomes the Git author of the commit and
 * the {@code Promoted-By} trailer.
 *
 * @param name display name, for example {@code CI Bot}
 * @param email email address used as the Git identity
 * @param kind whether this is a person or a bot
 */
public record Actor(String name, String email, Kind kind) {

  /** A person or a bot. */
  public enum Kind {
    /** A person, who can approve and author change requests. */
    HUMAN,
    /** An automated identity such as a CI job's token. */
    BOT
  }

  /** The longest name accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 128;

  /** The longest email address accepted (RFC 5321's limit on a path). */
  public static final int MAX_EMAIL_LENGTH = 254;

  /**
   * Validates name and email strictly, because they become commit metadata and are matched by
   * access rules: a name is 1 to {@value #MAX_NAME_LENGTH} characters without {@code <}, {@code >}
   * or control characters and not only blanks; an email is {@code local@domain} with exactly one
   * {@code @}, no blanks, no control characters, no {@code <>}, a domain without empty labels, at
   * most {@value #MAX_EMAIL_LENGTH} characters.
   */
  public Actor {
    Objects.requireNonNull(kind, "kind");
    checkName(name);
    checkEmail(email);
  }

  /**
   * Parses git's identity form {@code Name <email>} (a person; classify bots with {@link #asBot()}
   * or the access rules).
   *
   * @throws InvalidInputException naming what is wrong and showing the input (control characters
   *     escaped)
   */
  public static Actor parse(String identity) {
    if (identity == null) {
      throw new InvalidInputException("an identity is missing; expected \"Name <email>\"");
    }
    String text = identity.strip();
    int open = text.indexOf('<');
    if (open <= 0 || !text.endsWith(">") || text.indexOf('<', open + 1) >= 0) {
      throw new InvalidInputException(
          "'"
              + SafeText.escapeControls(identity)
              + "' is not an identity; expected \"Name <email>\"");
    }
    String name = text.substring(0, open).strip();
    String email = text.substring(open + 1, text.length() - 1);
    return new Actor(name, email, Kind.HUMAN);
  }

  /** This identity as a bot. */
  public Actor asBot() {
    return new Actor(name, email, Kind.BOT);
  }

  private static void checkName(String name) {
    if (name == null
        || name.isBlank()
        || name.length() > MAX_NAME_LENGTH
        || name.indexOf('<') >= 0
        || name.indexOf('>') >= 0
        || SafeText.hasControls(name)
        || !name.equals(name.strip())) {
      throw new InvalidInputException(
          "invalid actor name '"
              + SafeText.escapeControls(String.valueOf(name))
              + "': must be 1 to "
              + MAX_NAME_LENGTH
              + " characters without '<', '>', control characters or surrounding blanks");
    }
  }

  private static void checkEmail(String email) {
    String problem = emailProblem(email);
    if (problem != null) {
      throw new InvalidInputException(
          "invalid actor email '"
              + SafeText.escapeControls(String.valueOf(email))
              + "': "
              + problem
              + "; expected an address like ci-bot@example.com");
    }
  }

  private static String emailProblem(String email) {
    if (email == null || email.isEmpty()) {
      return "it is empty";
    }
    if (email.length() > MAX_EMAIL_LENGTH) {
      return "it is longer than " + MAX_EMAIL_LENGTH + " characters";
    }
    if (SafeText.hasControls(email)) {
      return "it holds control characters";
    }
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '<' || c == '>') {
        return "it holds '" + (Character.isWhitespace(c) ? "a blank" : String.valueOf(c)) + "'";
      }
    }
    int at = email.indexOf('@');
    if (at < 0) {
      return "it has no '@'";
    }
    if (email.indexOf('@', at + 1) >= 0) {
      return "it has more than one '@'";
    }
    if (at == 0) {
      return "the part before '@' is empty";
    }
    String domain = email.substring(at + 1);
    if (domain.isEmpty()) {
      return "the domain after '@' is empty";
    }
    for (String label : domain.split("\\.", -1)) {
      if (label.isEmpty()) {
        return "the domain '" + domain + "' has an empty label";
      }
    }
    return null;
  }

  /** A person. */
  public static Actor human(String name, String email) {
    return new Actor(name, email, Kind.HUMAN);
  }

  /** A bot, such as the CI job that builds images. */
  public static Actor bot(String name, String email) {
    return new Actor(name, email, Kind.BOT);
  }

  /** Whether this actor is a bot. */
  public boolean isBot() {
    return kind == Kind.BOT;
  }

  /** {@code Name <email>}, the Git identity form. */
  @Override
  public String toString() {
    return name + " <" + email + ">";
  }
}
