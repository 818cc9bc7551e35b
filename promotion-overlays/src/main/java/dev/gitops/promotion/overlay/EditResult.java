package dev.gitops.promotion.overlay;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an edit of one overlay file: the new content and what changed. When nothing had to
 * change, {@link #content()} is the original, byte for byte.
 *
 * @param path the file's path
 * @param original the content before the edit
 * @param content the content after the edit
 * @param changes the values that changed, in file order
 */
public record EditResult(String path, String original, String content, List<Change> changes) {

  /**
   * One changed value.
   *
   * @param location where, as {@code file:line:col} of the value (or of the entry a new key went
   *     into) in the original
   * @param field what changed, for example {@code images[nginx].digest} or {@code image.tag}
   * @param before the value before, or empty when the key was added
   * @param after the value after, or empty when the key was removed
   */
  public record Change(
      String location, String field, Optional<String> before, Optional<String> after) {

    /** Checks all parts are present. */
    public Change {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }

    /** A one-line description: {@code file:3:11 images[nginx].newTag: 1.0 -> 1.1}. */
    @Override
    public String toString() {
      return location
          + " "
          + field
          + ": "
          + before.orElse("(absent)")
          + " -> "
          + after.orElse("(removed)");
    }
  }

  /** Copies the changes. */
  public EditResult {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(content, "content");
    changes = List.copyOf(changes);
  }

  /** Whether the content differs from the original. */
  public boolean changed() {
    return !original.equals(content);
  }

  /** A unified diff of the edit (empty when nothing changed), with 3 lines of context. */
  public String diff() {
    return UnifiedDiff.of("a/" + path, "b/" + path, original, content, 3);
  }
}
