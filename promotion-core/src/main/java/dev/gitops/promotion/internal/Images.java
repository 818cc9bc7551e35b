package dev.gitops.promotion.internal;

import dev.gitops.promotion.ImageReference;

/** Comparisons of images the planner and the ledger agree on. */
public final class Images {
  private Images() {}

  /**
   * Whether {@code current} already runs what {@code wanted} asks for: the same repository, and the
   * same digest when {@code wanted} is pinned, or the same tag and no digest when it is not.
   */
  public static boolean satisfies(ImageReference current, ImageReference wanted) {
    if (!current.sameRepository(wanted)) {
      return false;
    }
    if (wanted.digest().isPresent()) {
      return wanted.digest().equals(current.digest());
    }
    return current.digest().isEmpty() && current.tag().equals(wanted.tag());
  }

  /**
   * Whether two images are the same version: the same repository and digest, or, when neither is
   * pinned, the same tag.
   */
  public static boolean sameVersion(ImageReference x, ImageReference y) {
    if (!x.sameRepository(y)) {
      return false;
    }
    if (x.digest().isPresent() || y.digest().isPresent()) {
      return x.digest().equals(y.digest());
    }
    return x.tag().equals(y.tag());
  }

  /** The short form used in subjects: the short digest, else the tag, else "latest". */
  public static String shortVersion(ImageReference image) {
    return image.digest().map(d -> d.shortForm()).orElse(image.tag().orElse("latest"));
  }

  /** The part safe in a branch name: 12 hex digits of the digest, else the tag. */
  public static String branchVersion(ImageReference image) {
    return image.digest().map(d -> d.shortHex()).orElse(image.tag().orElse("latest"));
  }
}
