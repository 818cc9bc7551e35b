package dev.gitops.promotion.overlay;

import dev.gitops.promotion.overlay.internal.KustomizeGraph;
import java.util.Map;
import java.util.Objects;

/**
 * Finds where an environment's image value really lives and who else uses it, so that a planner can
 * warn before a staging edit also changes production.
 *
 * <p>From a kustomization, the search follows kustomize's layering: the overlay's own {@code
 * images:} entry wins; else a patch of the overlay that sets the image; else, in order, its {@code
 * resources}, {@code components} and {@code bases}, each searched the same way (an entry whose
 * {@code newName} produced the image's name counts as setting it when it pins a tag or digest).
 * Remote resources are not fetched. Any other overlay file (Helm values, an override file, a
 * manifest) sets the image itself.
 *
 * <pre>{@code
 * BlastRadius radius = BlastRadius.of(RepositoryFiles.of(repository, head));
 * ImageSource source = radius.locate(
 *     "apps/api/overlays/staging/kustomization.yaml", "ghcr.io/myorg/api",
 *     Map.of("staging", "apps/api/overlays/staging/kustomization.yaml",
 *            "production", "apps/api/overlays/production/kustomization.yaml"));
 * source.warning().ifPresent(System.err::println);
 * }</pre>
 */
public final class BlastRadius {
  private final RepositoryFiles files;

  private BlastRadius(RepositoryFiles files) {
    this.files = files;
  }

  /** A finder reading the repository through {@code files}. */
  public static BlastRadius of(RepositoryFiles files) {
    return new BlastRadius(Objects.requireNonNull(files, "files"));
  }

  /**
   * Where the image {@code imageName} of the overlay at {@code overlayPath} is set, and which of
   * {@code environments} (name to overlay path) include that place.
   *
   * @throws OverlayEditException when a kustomization on the way is malformed
   */
  public ImageSource locate(
      String overlayPath, String imageName, Map<String, String> environments) {
    return new KustomizeGraph(files).locate(overlayPath, imageName, environments);
  }
}
