package dev.gitops.promotion.gates;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planner's digest rule as a gate: where the environment requires it ({@code requireDigest}),
 * every promoted image is pinned by digest, not only tagged.
 */
public final class Pinning implements Gate {
  private static final Pinning INSTANCE = new Pinning();

  private Pinning() {}

  /** The gate. */
  public static Pinning create() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "pinning";
  }

  @Override
  public Verdict evaluate(GateContext context) {
    if (!context.environment().requireDigest()) {
      return Verdict.pass(
          "'" + context.environment().name() + "' does not require images pinned by digest");
    }
    List<String> unpinned = new ArrayList<>();
    for (Map.Entry<String, ImageReference> e : context.plan().request().images().entrySet()) {
      if (e.getValue().digest().isEmpty()) {
        unpinned.add(e.getKey() + " (" + SafeText.forDisplay(e.getValue().toString()) + ")");
      }
    }
    return unpinned.isEmpty()
        ? Verdict.pass("every image is pinned by digest")
        : Verdict.fail(
            "'"
                + context.environment().name()
                + "' requires images pinned by digest; not pinned: "
                + String.join(", ", unpinned));
  }

  @Override
  public String toString() {
    return name();
  }
}
