package dev.gitops.promotion.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Which image in an overlay file an edit is about: the image name as the file refers to it (for
 * kustomize the {@code images[].name}, for manifests the repository in {@code image:}) and
 * format-specific options (for Helm, the values key of the image).
 *
 * @param imageName the image repository as the overlay names it
 * @param options format options, usually empty
 */
public record ImageSelector(String imageName, Map<String, String> options) {

  /** Copies the options. */
  public ImageSelector {
    Objects.requireNonNull(imageName, "imageName");
    options = Map.copyOf(options);
  }

  /** A selector with no options. */
  public static ImageSelector of(String imageName) {
    return new ImageSelector(imageName, Map.of());
  }
}
