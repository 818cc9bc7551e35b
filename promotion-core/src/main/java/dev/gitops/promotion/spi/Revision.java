package dev.gitops.promotion.spi;

import java.util.Objects;

/**
 * An opaque commit id in a config repository (a Git object id for the JGit adapter).
 *
 * @param id the commit id as the repository spells it
 */
public record Revision(String id) {

  /** Validates the id is a non-empty single token. */
  public Revision {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("invalid revision id '" + id + "'");
    }
  }

  /** A revision with this id. */
  public static Revision of(String id) {
    return new Revision(id);
  }

  /** The first 7 characters, as {@code git log --oneline} shows them. */
  public String abbreviated() {
    return id.length() <= 7 ? id : id.substring(0, 7);
  }

  @Override
  public String toString() {
    return id;
  }
}
