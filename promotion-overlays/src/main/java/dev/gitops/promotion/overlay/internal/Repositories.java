package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;

/** The check every format's {@code writeImage} makes: the image is of the selected repository. */
final class Repositories {
  private Repositories() {}

  /**
   * Refuses {@code image} unless it is of the selector's repository or of {@code current} (the
   * repository the file sets now, or null).
   */
  static void checkSame(YamlFile file, String selected, String current, ImageReference image) {
    if (KustomizeFormat.sameRepository(selected, image)
        || (current != null && KustomizeFormat.sameRepository(current, image))) {
      return;
    }
    throw file.error(
        Reason.INVALID_ARGUMENT,
        "image '"
            + image
            + "' is not of the repository '"
            + selected
            + "'"
            + (current == null || current.equals(selected) ? "" : " (nor of '" + current + "')")
            + " that this file sets; a promotion never changes the repository");
  }
}
