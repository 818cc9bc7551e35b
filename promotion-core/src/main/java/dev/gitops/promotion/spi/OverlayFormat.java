package dev.gitops.promotion.spi;

import dev.gitops.promotion.ImageReference;
import java.util.Optional;

/**
 * Reads and sets an application's image in one kind of overlay file (kustomization, Helm values,
 * plain manifests, Flux setter markers). Pure text to text: no I/O.
 *
 * <p>Implementations must change only the bytes of the value that changes, and must refuse with
 * {@link dev.gitops.promotion.InvalidInputException} (naming {@code file:line:col}) an edit they
 * cannot make safely. {@code OverlayFormatContract} in promotion-testkit pins this down.
 */
public interface OverlayFormat {

  /** The id that {@link dev.gitops.promotion.OverlayLocation#format()} refers to. */
  String id();

  /** The image the file sets for the selected image, or empty when it sets none. */
  Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector);

  /**
   * The file's content with the selected image set to {@code image}.
   *
   * @throws dev.gitops.promotion.InvalidInputException when the file cannot be edited safely
   */
  String writeImage(OverlayFile file, ImageSelector selector, ImageReference image);
}
