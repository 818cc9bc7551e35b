package dev.gitops.promotion.testkit.scenarios;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.testkit.SimulatedWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The seed scenario's setup: dev takes CI's direct commits; staging takes change requests gated by
 * the smoke tests and a healthy dev; production takes change requests that need two approvals from
 * the on-call team (CODEOWNERS), respect the weekend change freeze, and need a healthy staging.
 * Environments are folders on one branch, main, as in the seed's layout.
 */
final class SeedWorld {
  static final String APP = "api-service";
  static final String REPOSITORY = "ghcr.io/myorg/api-service";
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  static final Set<String> ONCALL = Set.of("bob", "carol", "dave");

  /** Friday 16:00 UTC to Monday 08:00 UTC after the default start (Friday 09:00). */
  static final Instant FREEZE_FROM = Instant.parse("2025-11-14T16:00:00Z");

  static final Instant FREEZE_TO = Instant.parse("2025-11-17T08:00:00Z");

  private SeedWorld() {}

  static Pipeline pipeline(Delivery productionDelivery) {
    return Pipeline.chain(
        Environment.of("dev", Delivery.DIRECT_COMMIT),
        Environment.builder()
            .name("staging")
            .addGates(PolicyGates.requiredCheck("smoke-tests"), PolicyGates.upstreamHealthy())
            .build(),
        Environment.builder()
            .name("production")
            .delivery(productionDelivery)
            .addGates(
                PolicyGates.approvalsFrom("oncall", ONCALL, 2),
                PolicyGates.freeze("weekend", FREEZE_FROM, FREEZE_TO),
                PolicyGates.upstreamHealthy())
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
        .codeOwners("/apps/*/overlays/production/", "bob", "carol", "dave")
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
