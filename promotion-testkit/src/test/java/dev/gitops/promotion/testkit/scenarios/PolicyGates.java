package dev.gitops.promotion.testkit.scenarios;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scenarios' gates, as small lambdas over GateContext, until core's built-in gates exist. Each
 * is a policy a team would write: a required check, approvals from a team, a freeze window, the
 * upstream environment running the image healthy, a soak time.
 */
public final class PolicyGates {
  private PolicyGates() {}

  /** The change request's check {@code name} must have passed. */
  public static Gate requiredCheck(String name) {
    return Gate.named(
        "check " + name,
        ctx -> {
          Optional<Check> check = ctx.changeRequest().flatMap(cr -> cr.check(name));
          if (check.isEmpty()) {
            return Verdict.waiting(name + " has not reported");
          }
          if (check.get().isSatisfied()) {
            return Verdict.pass(name + " " + check.get().state());
          }
          return check.get().state() == Check.State.PENDING
              ? Verdict.waiting(name + " is pending")
              : Verdict.fail(name + " " + check.get().state());
        });
  }

  /** At least {@code count} approvals from {@code team}; changes requested by anyone fail. */
  public static Gate approvalsFrom(String teamName, Set<String> team, int count) {
    return Gate.named(
        count + " approvals from " + teamName,
        ctx -> {
          if (ctx.changeRequest().isEmpty()) {
            return Verdict.waiting("no change request yet");
          }
          var cr = ctx.changeRequest().get();
          if (!cr.changesRequestedBy().isEmpty()) {
            return Verdict.fail(
                "changes requested by " + String.join(", ", cr.changesRequestedBy()));
          }
          List<String> approvers =
              cr.approvers(ctx.protection().dismissStaleReviews()).stream()
                  .filter(team::contains)
                  .toList();
          return approvers.size() >= count
              ? Verdict.pass("approved by " + String.join(", ", approvers))
              : Verdict.waiting(approvers.size() + " of " + count + " approvals from " + teamName);
        });
  }

  /** No promotion lands while now is in [from, to). */
  public static Gate freeze(String name, Instant from, Instant to) {
    return Gate.named(
        "freeze " + name,
        ctx ->
            !ctx.now().isBefore(from) && ctx.now().isBefore(to)
                ? Verdict.waitUntil(to, "change freeze '" + name + "' until " + to)
                : Verdict.pass("outside change freeze '" + name + "'"));
  }

  /** Every upstream environment runs the promoted image, synced and healthy. */
  public static Gate upstreamHealthy() {
    return Gate.named(
        "upstream healthy",
        ctx -> {
          for (Map.Entry<String, Map<String, SyncStatus>> env : ctx.upstreamStatus().entrySet()) {
            for (Map.Entry<String, SyncStatus> app : env.getValue().entrySet()) {
              SyncStatus s = app.getValue();
              String where = app.getKey() + " in " + env.getKey();
              boolean broken =
                  s.health() == SyncStatus.Health.DEGRADED
                      || (s.health() == SyncStatus.Health.MISSING
                          && s.sync() == SyncStatus.Sync.SYNCED);
              if (broken) {
                return Verdict.fail(
                    where + " is " + s.health() + s.message().map(m -> ": " + m).orElse(""));
              }
              ImageReference wanted = wanted(ctx.plan().edits(), app.getKey());
              boolean runs = s.images().stream().anyMatch(i -> i.digest().equals(wanted.digest()));
              if (!s.isSyncedAndHealthy() || !runs) {
                return Verdict.waiting(
                    where
                        + " does not run it synced and healthy yet ("
                        + s.sync()
                        + ", "
                        + s.health()
                        + ")");
              }
            }
          }
          return Verdict.pass("upstream runs it, synced and healthy");
        });
  }

  /** The image has run upstream for at least {@code soak}. */
  public static Gate soak(Duration soak) {
    return Gate.named(
        "soak " + soak.toMinutes() + "m",
        ctx -> {
          Instant latest = Instant.MIN;
          for (var r : ctx.upstreamRecords()) {
            Instant ready = r.time().plus(soak);
            if (ready.isAfter(latest)) {
              latest = ready;
            }
          }
          return ctx.now().isBefore(latest)
              ? Verdict.waitUntil(latest, "soaking upstream until " + latest)
              : Verdict.pass("soaked upstream for " + soak.toMinutes() + "m");
        });
  }

  /** Only digests of the given repository prefix enter. */
  public static Gate trustedRegistry(String prefix) {
    return Gate.named(
        "trusted registry",
        ctx ->
            ctx.plan().edits().stream().allMatch(e -> e.toImage().name().startsWith(prefix))
                ? Verdict.pass("images come from " + prefix)
                : Verdict.fail("an image does not come from " + prefix));
  }

  private static ImageReference wanted(List<PlannedEdit> edits, String app) {
    return edits.stream()
        .filter(e -> e.application().equals(app))
        .map(PlannedEdit::toImage)
        .findFirst()
        .orElseThrow();
  }
}
