package dev.gitops.promotion.gates;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.schedule.Durations;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The digest has run in every upstream environment for at least a duration. The time is measured
 * from the ledger (when the commit that set the digest upstream landed) and, where an agent is
 * wired for the upstream environment, from when the agent reports it synced at that commit and
 * healthy (its {@link SyncStatus#since()}), whichever is later; never from registry timestamps.
 * While it soaks the gate waits until the time it will have soaked; an upstream that no longer runs
 * the digest fails it. A rollback soaks nothing.
 */
public final class Soak implements Gate {
  private final Duration duration;

  private Soak(Duration duration) {
    this.duration = Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("soak: the duration must be positive, got " + duration);
    }
  }

  /** At least {@code duration} upstream. */
  public static Soak of(Duration duration) {
    return new Soak(duration);
  }

  /** The duration. */
  public Duration duration() {
    return duration;
  }

  @Override
  public String name() {
    return "soak";
  }

  @Override
  public Verdict evaluate(GateContext context) {
    if (context.plan().request().isRollback()) {
      return Verdict.pass("a rollback returns to an image that ran here before; nothing to soak");
    }
    List<Upstreams> pairs = Upstreams.of(context);
    if (pairs.isEmpty()) {
      return Verdict.pass("no upstream environment runs these applications; nothing to soak");
    }
    String wanted = Durations.format(duration);
    List<String> failed = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    Instant latest = null;
    boolean unknown = false;
    for (Upstreams u : pairs) {
      if (!u.runsWanted()) {
        failed.add(
            u.where()
                + " runs "
                + u.runningShort()
                + ", not "
                + u.wantedShort()
                + "; soak is measured on what the upstream runs");
        continue;
      }
      Instant from = u.record().time();
      String since = "since it landed in " + u.record().commit().abbreviated();
      Optional<SyncStatus> status =
          Optional.ofNullable(context.upstreamStatus().get(u.environment()))
              .map(m -> m.get(u.application()));
      if (status.isPresent()) {
        if (!context.upstreamReached(u.environment(), u.application())
            || !status.get().isSyncedAndHealthy()) {
          waiting.add(
              u.where()
                  + " is not synced at "
                  + u.record().commit().abbreviated()
                  + " and healthy yet ("
                  + status.get().sync()
                  + ", "
                  + status.get().health()
                  + "); the soak starts when it is");
          unknown = true;
          continue;
        }
        Optional<Instant> healthy = status.get().since();
        if (healthy.isPresent() && healthy.get().isAfter(from)) {
          from = healthy.get();
          since = "since the agent reported it healthy";
        }
      }
      Instant ready = from.plus(duration);
      Duration ran = Duration.between(from, context.now());
      if (context.now().isBefore(ready)) {
        waiting.add(
            u.where()
                + " has run "
                + u.wantedShort()
                + " for "
                + Durations.format(ran.isNegative() ? Duration.ZERO : ran)
                + " of "
                + wanted
                + " ("
                + since
                + " at "
                + from
                + "); soaked at "
                + ready);
        if (latest == null || ready.isAfter(latest)) {
          latest = ready;
        }
      } else {
        passed.add(
            u.where()
                + " has run "
                + u.wantedShort()
                + " for "
                + Durations.format(ran)
                + " ("
                + since
                + ")");
      }
    }
    if (!failed.isEmpty()) {
      return new Verdict(Verdict.Status.FAIL, failed, Optional.empty());
    }
    if (!waiting.isEmpty()) {
      return new Verdict(
          Verdict.Status.WAIT, waiting, unknown ? Optional.empty() : Optional.of(latest));
    }
    List<String> reasons = new ArrayList<>();
    reasons.add("soaked for at least " + wanted + ": " + String.join("; ", passed));
    return new Verdict(Verdict.Status.PASS, reasons, Optional.empty());
  }

  @Override
  public String toString() {
    return name() + " " + Durations.format(duration);
  }
}
