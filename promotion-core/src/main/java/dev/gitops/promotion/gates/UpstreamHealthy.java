package dev.gitops.promotion.gates;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.spi.SyncStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The GitOps agent of every upstream environment reports the application synced at or past the
 * commit that set the promoted digest there (the promoting commit), and healthy, running that
 * digest when the agent reports images. Not yet synced at that commit waits; once synced, degraded
 * or missing fails, and progressing or unknown waits; an upstream environment without an agent
 * fails, since nothing could ever report.
 */
public final class UpstreamHealthy implements Gate {
  private static final UpstreamHealthy INSTANCE = new UpstreamHealthy();

  private UpstreamHealthy() {}

  /** The gate. */
  public static UpstreamHealthy create() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "upstream-healthy";
  }

  @Override
  public Verdict evaluate(GateContext context) {
    if (context.plan().request().isRollback()) {
      return Verdict.pass("a rollback does not depend on the upstream environments");
    }
    List<Upstreams> pairs = Upstreams.of(context);
    if (pairs.isEmpty()) {
      return Verdict.pass("no upstream environment runs these applications");
    }
    List<String> failed = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    for (Upstreams u : pairs) {
      SyncStatus s =
          Optional.ofNullable(context.upstreamStatus().get(u.environment()))
              .map(m -> m.get(u.application()))
              .orElse(null);
      String commit = u.record().commit().abbreviated();
      if (s == null) {
        failed.add(
            "no GitOps agent reports on "
                + u.where()
                + "; wire one for '"
                + u.environment()
                + "' or drop the gate");
        continue;
      }
      String words = s.message().map(m -> ": " + SafeText.forDisplay(m)).orElse("");
      if (!context.upstreamReached(u.environment(), u.application())) {
        waiting.add(
            u.where()
                + " has not synced "
                + commit
                + " yet (agent at "
                + s.revision().map(r -> r.abbreviated()).orElse("nothing")
                + ")");
      } else if (s.health() == SyncStatus.Health.DEGRADED
          || s.health() == SyncStatus.Health.MISSING) {
        failed.add(u.where() + " is " + s.health() + words);
      } else if (!s.isSyncedAndHealthy()) {
        waiting.add(u.where() + " is " + s.sync() + " and " + s.health() + words);
      } else if (!s.images().isEmpty()
          && s.images().stream().noneMatch(i -> i.digest().equals(u.wanted().digest()))) {
        waiting.add(u.where() + " does not run " + u.wantedShort() + " yet, the agent says");
      } else {
        passed.add(
            u.where()
                + " is synced at "
                + s.revision().map(r -> r.abbreviated()).orElse(commit)
                + " and healthy");
      }
    }
    if (!failed.isEmpty()) {
      return new Verdict(Verdict.Status.FAIL, failed, Optional.empty());
    }
    if (!waiting.isEmpty()) {
      return new Verdict(Verdict.Status.WAIT, waiting, Optional.empty());
    }
    return new Verdict(Verdict.Status.PASS, passed, Optional.empty());
  }

  @Override
  public String toString() {
    return name();
  }
}
