package dev.gitops.promotion.spi;

import java.util.Objects;

/**
 * A file handed to an {@link OverlayFormat}: its path (for error messages, as {@code
 * path:line:col}) and content.
 *
 * @param path the path relative to the repository root
 * @param content the content, as read
 */
public record OverlayFile(String path, String content) {

  /** Checks both parts are present. */
  public OverlayFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
  }
}
