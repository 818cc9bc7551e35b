package dev.gitops.promotion.testkit.scenarios;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.gates.Approvals;
import dev.gitops.promotion.gates.RequiredChecks;
import dev.gitops.promotion.gates.UpstreamHealthy;
import dev.gitops.promotion.gates.Window;
import dev.gitops.promotion.schedule.DateRange;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.testkit.SimulatedWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The seed scenario's setup: dev takes CI's direct commits; staging takes change requests gated by
 * the smoke tests and a healthy dev; production takes change requests that need two approvals, one
 * from the on-call team, and the on-call team's code-owner approval, respect the weekend change
 * freeze (which the lead may override), and need a healthy staging. All gates are core's built-in
 * ones. Environments are folders on one branch, main, as in the seed's layout.
 */
final class SeedWorld {
  static final String APP = "api-service";
  static final String REPOSITORY = "ghcr.io/myorg/api-service";
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  static final Set<String> ONCALL = Set.of("bob", "carol", "dave");
  static final String ONCALL_TEAM = "@myorg/oncall";

  /** Who may approve an emergency override of the weekend freeze. */
  static final String LEAD = "erin";

  /** Friday 16:00 UTC to Monday 08:00 UTC after the default start (Friday 09:00). */
  static final Instant FREEZE_FROM = Instant.parse("2025-11-14T16:00:00Z");

  static final Instant FREEZE_TO = Instant.parse("2025-11-17T08:00:00Z");

  private SeedWorld() {}

  static Pipeline pipeline(Delivery productionDelivery) {
    return Pipeline.chain(
        Environment.of("dev", Delivery.DIRECT_COMMIT),
        Environment.builder()
            .name("staging")
            .addGates(RequiredChecks.of("smoke-tests"), UpstreamHealthy.create())
            .build(),
        Environment.builder()
            .name("production")
            .delivery(productionDelivery)
            .addGates(
                Approvals.of(2).fromGroup(ONCALL_TEAM).andCodeOwners(),
                Window.freeze("freeze-window", DateRange.between(FREEZE_FROM, FREEZE_TO))
                    .labelled("weekend")
                    .overridableBy(List.of(LEAD)),
                UpstreamHealthy.create())
            .build());
  }

  static SimulatedWorld create() {
    return create(Delivery.CHANGE_REQUEST);
  }

  static SimulatedWorld create(Delivery productionDelivery) {
    Pipeline pipeline = pipeline(productionDelivery);
    return SimulatedWorld.builder()
        .pipeline(pipeline)
        .addApplications(SimulatedWorld.application(APP, REPOSITORY, pipeline))
        .protect("main", BranchProtection.builder().requireCodeOwnerReview(true).build())
        .codeOwners("/apps/*/overlays/production/", ONCALL_TEAM)
        .team(ONCALL_TEAM, ONCALL.toArray(String[]::new))
        .syncDelay(Duration.ofSeconds(30))
        .rolloutDuration(Duration.ofSeconds(45))
        .build();
  }

  /** Steps that take {@code label} from CI through a merged, healthy staging. */
  static dev.gitops.promotion.testkit.Scenario.Builder throughStaging(
      dev.gitops.promotion.testkit.Scenario.Builder b, String label) {
    return b.ciBuilds(label)
        .awaitHealthy("dev", Duration.ofMinutes(5))
        .promote("staging", label, ADA)
        .reportCheck("staging", "smoke-tests", dev.gitops.promotion.spi.Check.State.SUCCESS)
        .awaitMerge("staging", Duration.ofHours(1))
        .awaitHealthy("staging", Duration.ofMinutes(5));
  }
}
