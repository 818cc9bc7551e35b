package dev.gitops.promotion;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which applications run something different in two environments, and what.
 *
 * @param from the first environment
 * @param to the second environment
 * @param differences per application whose images differ (or that runs in only one of them), the
 *     current record in each, sorted by application
 * @param same applications that run the same image in both, sorted
 */
public record EnvironmentDiff(
    String from, String to, List<Difference> differences, List<String> same) {

  /**
   * One application's images in the two environments.
   *
   * @param application the application
   * @param from its current record in the first environment, if it runs there
   * @param to its current record in the second environment, if it runs there
   */
  public record Difference(
      String application, Optional<PromotionRecord> from, Optional<PromotionRecord> to) {
    /** Checks the parts are present. */
    public Difference {
      Objects.requireNonNull(application, "application");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    /** The image in the first environment. */
    public Optional<ImageReference> fromImage() {
      return from.map(PromotionRecord::image);
    }

    /** The image in the second environment. */
    public Optional<ImageReference> toImage() {
      return to.map(PromotionRecord::image);
    }
  }

  /** Copies the lists. */
  public EnvironmentDiff {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    differences = List.copyOf(differences);
    same = List.copyOf(same);
  }

  /** Whether both environments run the same images. */
  public boolean isEmpty() {
    return differences.isEmpty();
  }
}
