package dev.gitops.promotion.gates;

import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The planner's provenance rule as a gate, for the same table as the others: the digest is what
 * every upstream environment runs now, or, where the environment accepts {@link
 * Environment.Provenance#CURRENT_OR_PAST}, what it ran before (which the planner checks against the
 * ledger's history when it plans). A rollback is exempt: its image ran here before.
 */
public final class Provenance implements Gate {
  private static final Provenance INSTANCE = new Provenance();

  private Provenance() {}

  /** The gate. */
  public static Provenance create() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "provenance";
  }

  @Override
  public Verdict evaluate(GateContext context) {
    if (context.plan().request().isRollback()) {
      return Verdict.pass("a rollback returns to an image that ran here before");
    }
    List<Upstreams> pairs = Upstreams.of(context);
    if (pairs.isEmpty()) {
      return Verdict.pass(
          context.pipeline().upstreams(context.environment().name()).isEmpty()
              ? "'" + context.environment().name() + "' is where new digests enter"
              : "no upstream environment runs these applications");
    }
    boolean past = context.environment().provenance() == Environment.Provenance.CURRENT_OR_PAST;
    List<String> failed = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    for (Upstreams u : pairs) {
      if (u.runsWanted()) {
        passed.add(
            u.where()
                + " runs "
                + u.wantedShort()
                + " ("
                + u.record().commit().abbreviated()
                + ")");
      } else if (past) {
        passed.add(
            u.where()
                + " runs "
                + u.runningShort()
                + " now; "
                + u.wantedShort()
                + " ran there before (the environment accepts current-or-past)");
      } else {
        failed.add(
            u.where()
                + " runs "
                + u.runningShort()
                + ", not "
                + u.wantedShort()
                + "; promote what the upstream runs");
      }
    }
    return failed.isEmpty()
        ? new Verdict(Verdict.Status.PASS, passed, Optional.empty())
        : new Verdict(Verdict.Status.FAIL, failed, Optional.empty());
  }

  @Override
  public String toString() {
    return name();
  }
}
