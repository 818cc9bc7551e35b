package dev.gitops.promotion.overlay.internal;

/** Kustomize's way of splitting an image string. */
public final class ImageNames {
  private ImageNames() {}

  /**
   * Splits an image into name, tag and digest as kustomize does: only the text after the first
   * {@code /} is searched for {@code :} and {@code @}, so a registry port stays in the name; an
   * {@code @} before any {@code :} means a digest without a tag.
   *
   * @return {name, tag, digest}, with empty strings for absent parts
   */
  public static String[] split(String image) {
    int from = Math.max(image.indexOf('/'), 0);
    int colon = image.indexOf(':', from);
    int at = image.indexOf('@', from);
    if (colon < 0 && at < 0) {
      return new String[] {image, "", ""};
    }
    if (at >= 0 && (colon < 0 || at < colon)) {
      return new String[] {image.substring(0, at), "", image.substring(at + 1)};
    }
    if (at >= 0) {
      return new String[] {
        image.substring(0, colon), image.substring(colon + 1, at), image.substring(at + 1)
      };
    }
    return new String[] {image.substring(0, colon), image.substring(colon + 1), ""};
  }
}
