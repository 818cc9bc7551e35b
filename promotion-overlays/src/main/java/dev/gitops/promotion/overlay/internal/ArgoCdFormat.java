package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.OverlayEditException;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.Optional;

/**
 * The {@code argocd-image-updater} format: Argo CD Image Updater's {@code
 * .argocd-source-<app>.yaml} override file, kustomize or Helm section. Options: {@code mode}
 * ({@code kustomize} or {@code helm}), {@code helmImageName}, {@code helmImageTag}, {@code
 * helmImageSpec}. An empty file is a valid starting point: writing creates the section.
 */
public final class ArgoCdFormat implements OverlayFormat {
  private final int maxChars;

  /** A format refusing files over {@code maxChars}. */
  public ArgoCdFormat(int maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public String id() {
    return "argocd-image-updater";
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    Optional<String> image = ArgoCdEditor.read(yaml, selector.imageName(), selector.options());
    if (image.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ImageReference.parse(image.get()));
    } catch (InvalidInputException e) {
      throw new OverlayEditException(
          Reason.UNSUPPORTED_VALUE,
          file.path(),
          0,
          0,
          "the override does not give a valid image: " + e.getMessage(),
          e);
    }
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    return set(YamlFile.parse(file.path(), file.content(), maxChars), selector, image).content();
  }

  /** Sets the image, refusing another repository's. */
  public static EditResult set(YamlFile yaml, ImageSelector selector, ImageReference image) {
    String current =
        ArgoCdEditor.read(yaml, selector.imageName(), selector.options())
            .map(i -> ImageNames.split(i)[0])
            .orElse(null);
    Repositories.checkSame(yaml, selector.imageName(), current, image);
    return ArgoCdEditor.write(yaml, selector.imageName(), image, selector.options());
  }
}
