package dev.gitops.promotion.overlay;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.internal.ArgoCdFormat;
import dev.gitops.promotion.overlay.internal.FluxFormat;
import dev.gitops.promotion.overlay.internal.HelmFormat;
import dev.gitops.promotion.overlay.internal.KustomizeFormat;
import dev.gitops.promotion.overlay.internal.ManifestFormat;
import dev.gitops.promotion.overlay.internal.YamlFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.List;

/**
 * The built-in {@link OverlayFormat}s, for wiring in one line:
 *
 * <pre>{@code
 * Promoter promoter = Promoter.builder()
 *     .addOverlayFormats(OverlayFormats.all().toArray(OverlayFormat[]::new))
 *     ...
 * }</pre>
 *
 * <table>
 *   <caption>Formats and their options</caption>
 *   <tr><th>id</th><th>file</th><th>options</th></tr>
 *   <tr><td>{@value #KUSTOMIZE}</td><td>kustomization.yaml, {@code images[].name} = the image
 *       name</td><td>none</td></tr>
 *   <tr><td>{@value #HELM}</td><td>Helm values</td><td>{@code key}, {@code shape}, {@code
 *       registryKey}, {@code repositoryKey}, {@code tagKey}, {@code digestKey} (see {@link
 *       HelmImageKeys})</td></tr>
 *   <tr><td>{@value #MANIFEST}</td><td>plain manifests</td><td>{@code container}: only
 *       containers of that name</td></tr>
 *   <tr><td>{@value #FLUX}</td><td>any YAML with Flux setter markers</td><td>{@code policy}:
 *       {@code namespace:name}</td></tr>
 *   <tr><td>{@value #ARGOCD_IMAGE_UPDATER}</td><td>{@code .argocd-source-<app>.yaml}</td><td>
 *       {@code mode} (kustomize or helm), {@code helmImageName}, {@code helmImageTag}, {@code
 *       helmImageSpec}</td></tr>
 * </table>
 *
 * <p>Every format is pure text to text, thread-safe, changes only the bytes of the values that
 * change, and refuses unsafe edits with {@link OverlayEditException}.
 */
public final class OverlayFormats {
  /** Id of the kustomize images format. */
  public static final String KUSTOMIZE = "kustomize";

  /** Id of the Helm values format. */
  public static final String HELM = "helm";

  /** Id of the plain manifests format. */
  public static final String MANIFEST = "manifest";

  /** Id of the Flux setter markers format. */
  public static final String FLUX = "flux";

  /** Id of the Argo CD Image Updater override file format. */
  public static final String ARGOCD_IMAGE_UPDATER = "argocd-image-updater";

  /** The default bound on a file's size: 8 Mi characters. */
  public static final int DEFAULT_MAX_FILE_CHARS = YamlFile.DEFAULT_MAX_CHARS;

  private OverlayFormats() {}

  /** All built-in formats with the default size bound. */
  public static List<OverlayFormat> all() {
    return all(DEFAULT_MAX_FILE_CHARS);
  }

  /**
   * All built-in formats, refusing files of more than {@code maxFileChars} characters.
   *
   * @throws IllegalArgumentException when the bound is not positive
   */
  public static List<OverlayFormat> all(int maxFileChars) {
    if (maxFileChars <= 0) {
      throw new IllegalArgumentException("maxFileChars must be positive: " + maxFileChars);
    }
    return List.of(
        new KustomizeFormat(maxFileChars),
        new HelmFormat(maxFileChars),
        new ManifestFormat(maxFileChars),
        new FluxFormat(maxFileChars),
        new ArgoCdFormat(maxFileChars));
  }

  /**
   * The built-in format with this id.
   *
   * @throws InvalidInputException for an unknown id, listing the known ones
   */
  public static OverlayFormat byId(String id) {
    for (OverlayFormat f : all()) {
      if (f.id().equals(id)) {
        return f;
      }
    }
    throw new InvalidInputException(
        "unknown overlay format '"
            + id
            + "'; known: "
            + String.join(", ", KUSTOMIZE, HELM, MANIFEST, FLUX, ARGOCD_IMAGE_UPDATER));
  }

  /** The kustomize images format. */
  public static OverlayFormat kustomize() {
    return new KustomizeFormat(DEFAULT_MAX_FILE_CHARS);
  }

  /** The Helm values format. */
  public static OverlayFormat helm() {
    return new HelmFormat(DEFAULT_MAX_FILE_CHARS);
  }

  /** The plain manifests format. */
  public static OverlayFormat manifest() {
    return new ManifestFormat(DEFAULT_MAX_FILE_CHARS);
  }

  /** The Flux setter markers format. */
  public static OverlayFormat flux() {
    return new FluxFormat(DEFAULT_MAX_FILE_CHARS);
  }

  /** The Argo CD Image Updater override file format. */
  public static OverlayFormat argoCdImageUpdater() {
    return new ArgoCdFormat(DEFAULT_MAX_FILE_CHARS);
  }
}
