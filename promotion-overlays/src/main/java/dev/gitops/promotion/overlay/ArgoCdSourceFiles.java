package dev.gitops.promotion.overlay;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.overlay.internal.ArgoCdFormat;
import dev.gitops.promotion.overlay.internal.YamlFile;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.Objects;
import java.util.Optional;

/**
 * Argo CD Image Updater's git write-back files ({@code .argocd-source-<app>.yaml} in the
 * application's source path): their names, and reading and setting an image in them,
 * byte-preserving (the {@code argocd-image-updater} format with an {@link EditResult}).
 *
 * <p>Selector options: {@code mode} ({@code kustomize} or {@code helm}; by default the section the
 * file has), {@code helmImageName} (default {@code image.name}), {@code helmImageTag} (default
 * {@code image.tag}), {@code helmImageSpec} (one parameter with the whole image).
 */
public final class ArgoCdSourceFiles {
  private ArgoCdSourceFiles() {}

  /** The override file of application {@code app}: {@code .argocd-source-<app>.yaml}. */
  public static String fileName(String app) {
    Objects.requireNonNull(app, "app");
    return ".argocd-source-" + app + ".yaml";
  }

  /**
   * The override file of an application that may live outside the controller's namespace: {@code
   * .argocd-source-<namespace>_<app>.yaml} when the application's namespace is set, differs from
   * the controller's, and the controller's is not {@code default}; else {@link #fileName(String)}.
   */
  public static String fileName(String app, String appNamespace, String controllerNamespace) {
    Objects.requireNonNull(app, "app");
    if (appNamespace != null
        && !appNamespace.isEmpty()
        && !appNamespace.equals(controllerNamespace)
        && !"default".equals(controllerNamespace)) {
      return ".argocd-source-" + appNamespace + "_" + app + ".yaml";
    }
    return fileName(app);
  }

  /** Whether a file name is an Image Updater override file. */
  public static boolean isOverrideFile(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    return base.startsWith(".argocd-source-") && (base.endsWith(".yaml") || base.endsWith(".yml"));
  }

  /**
   * The image the file sets for the selected image, or empty.
   *
   * @throws OverlayEditException when the file is malformed
   */
  public static Optional<ImageReference> read(OverlayFile file, ImageSelector selector) {
    return OverlayFormats.argoCdImageUpdater().readImage(file, selector);
  }

  /**
   * Sets the selected image: an existing entry is replaced in place; a new kustomize image is
   * appended, new Helm parameters go in name order; a missing section is created (an empty file is
   * a valid start).
   *
   * @throws OverlayEditException when the edit cannot be done safely, or the image is of another
   *     repository; nothing changes then
   */
  public static EditResult set(OverlayFile file, ImageSelector selector, ImageReference image) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), YamlFile.DEFAULT_MAX_CHARS);
    return ArgoCdFormat.set(yaml, selector, image);
  }
}
