package dev.gitops.promotion.overlay;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.overlay.internal.HelmFormat;
import dev.gitops.promotion.overlay.internal.YamlFile;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.Optional;

/**
 * An image in Helm values, byte-preserving. {@link HelmImageKeys} say where it is: {@code
 * image.repository}/{@code image.tag}/{@code image.digest} by default, Bitnami's {@code
 * registry}/{@code repository}/{@code tag}/{@code digest}, {@code tag: "1.2@sha256:..."} for charts
 * without a digest key, or a single image string; nested ({@code api.image}) and per component.
 *
 * <pre>{@code
 * OverlayFile values = new OverlayFile("charts/api/values-prod.yaml", content);
 * EditResult r = HelmValues.set(values, HelmImageKeys.of("api.image"),
 *     ImageReference.parse("ghcr.io/myorg/api:1.4.2@sha256:9f86..."));
 * }</pre>
 */
public final class HelmValues {
  private HelmValues() {}

  /**
   * The image the values set, or empty when the key path is absent.
   *
   * @throws OverlayEditException when the file is malformed, or the path does not hold an image
   */
  public static Optional<ImageReference> read(OverlayFile file, HelmImageKeys keys) {
    return HelmFormat.read(parse(file), keys);
  }

  /**
   * Sets the image: the repository changes only when the image is of another repository; the tag is
   * set when the image has one (a digest-only image keeps the tag, which charts ignore once a
   * digest is set); the digest is set, or cleared when the image has none. For charts without a
   * digest key the tag becomes {@code tag@digest}. Missing keys are added next to their siblings; a
   * missing image mapping is added under its deepest existing parent.
   *
   * @throws OverlayEditException when the edit cannot be done safely; nothing changes then
   */
  public static EditResult set(OverlayFile file, HelmImageKeys keys, ImageReference image) {
    return HelmFormat.set(parse(file), keys, image);
  }

  /**
   * Applies a {@code kustomize edit set image} style argument to the values: {@code
   * repo:tag@digest} sets all three; {@code repo@digest} sets the digest and keeps the tag; {@code
   * name=*:*@digest} keeps repository and tag; {@code name=newRepo:tag} requires the current
   * repository to be {@code name}.
   *
   * @throws OverlayEditException when the edit cannot be done safely; nothing changes then
   * @throws dev.gitops.promotion.InvalidInputException when the argument does not fit the values
   */
  public static EditResult apply(OverlayFile file, HelmImageKeys keys, KustomizeImageEdit edit) {
    return HelmFormat.apply(parse(file), keys, edit);
  }

  private static YamlFile parse(OverlayFile file) {
    return YamlFile.parse(file.path(), file.content(), YamlFile.DEFAULT_MAX_CHARS);
  }
}
