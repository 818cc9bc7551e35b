package dev.gitops.promotion.spi;

import dev.gitops.promotion.OverlayLocation;
import java.util.Objects;

/**
 * The new full content of one file in a commit.
 *
 * @param path the path relative to the repository root, with {@code /} separators
 * @param content the file's new content
 */
public record FileEdit(String path, String content) {

  /** Validates that the path stays inside the repository. */
  public FileEdit {
    OverlayLocation.checkPath(path);
    Objects.requireNonNull(content, "content");
  }
}
