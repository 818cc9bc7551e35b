package dev.gitops.promotion.overlay;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.PromotionModel;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.overlay.internal.KustomizeGraph;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.PlanAdvisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
   * A plan advisor for {@code Promoter.builder().addPlanAdvisors(...)}: warns when a kustomization
   * a plan edits is also included by the overlay of another environment kept on the same branch (a
   * staging overlay that production builds on, a base configured as a location), because the edit
   * changes that environment too.
   */
  public static PlanAdvisor advisor() {
    return BlastRadius::warnings;
  }

  private static List<String> warnings(
      PromotionModel model, PromotionPlan plan, ConfigRepository repository) {
    BlastRadius radius = of(RepositoryFiles.of(repository, plan.baseRevision()));
    List<String> warnings = new ArrayList<>();
    String branch = plan.environment().branch();
    for (PlannedEdit e : plan.edits()) {
      if (!OverlayFormats.KUSTOMIZE.equals(e.location().format())) {
        continue; // only kustomizations include other files
      }
      Application app = model.requireApplication(e.application());
      Map<String, String> overlays = new TreeMap<>();
      app.locations()
          .forEach(
              (env, loc) -> {
                // environments on other branches read other versions of the same paths
                if (model.pipeline().find(env).map(x -> x.branch().equals(branch)).orElse(false)) {
                  overlays.put(env, loc.path());
                }
              });
      try {
        ImageSource source = radius.locate(e.location().path(), app.imageRepository(), overlays);
        if (source.path().equals(e.location().path()) && source.environments().size() > 1) {
          source.warning().filter(w -> !warnings.contains(w)).ifPresent(warnings::add);
        }
      } catch (InvalidInputException malformed) {
        // the edit itself already read this file; a malformed file it includes is not its concern
      }
    }
    return warnings;
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
