package dev.gitops.promotion;

import java.util.List;

/**
 * Applications that must be delivered in order depend on each other in a cycle, so no order exists.
 * {@link #cycle()} names it, first name repeated at the end ({@code [a, b, a]}).
 */
public final class DependencyCycleException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** The cycle, its first element repeated at the end. */
  private final List<String> cycle;

  /**
   * @param cycle the cycle, first element repeated at the end
   */
  public DependencyCycleException(List<String> cycle) {
    super(
        "applications depend on each other in a cycle: "
            + String.join(" -> ", cycle)
            + "; remove one of these dependencies (dependsOn in promotion.yaml, Flux dependsOn or"
            + " Argo CD sync waves)");
    this.cycle = List.copyOf(cycle);
  }

  /** The cycle, its first element repeated at the end. */
  public List<String> cycle() {
    return cycle;
  }
}
