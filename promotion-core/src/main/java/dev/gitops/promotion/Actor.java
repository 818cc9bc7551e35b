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

  /** Validates that name and email are present and single-line. */
  public Actor {
    Objects.requireNonNull(kind, "kind");
    if (name == null || name.isBlank() || name.contains("\n") || name.contains("<")) {
      throw new InvalidInputException(
          "invalid actor name '" + name + "': must be one non-empty line without '<'");
    }
    if (email == null || !email.contains("@") || email.contains("\n") || email.contains(">")) {
      throw new InvalidInputException(
          "invalid actor email '" + email + "': must be an address like ci-bot@example.com");
    }
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
