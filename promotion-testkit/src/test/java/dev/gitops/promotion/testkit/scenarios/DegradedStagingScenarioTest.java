package dev.gitops.promotion.testkit.scenarios;

import static dev.gitops.promotion.testkit.scenarios.SeedWorld.ADA;
import static dev.gitops.promotion.testkit.scenarios.SeedWorld.APP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.Timeline;
import dev.gitops.promotion.testkit.TimelineEvent;
import dev.gitops.promotion.testkit.TimelineEvent.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 5: staging turns degraded after its sync, which blocks production. */
class DegradedStagingScenarioTest {

  @Test
  void aDegradedStagingBlocksProductionUntilItRecovers() {
    SimulatedWorld world = SeedWorld.create();
    Timeline timeline =
        SeedWorld.throughStaging(Scenario.builder("degraded staging"), "build-3")
            .waitFor(Duration.ofMinutes(20))
            .degrade("staging", "CrashLoopBackOff: api-service-7d9f exited 137")
            .promote("production", "build-3", ADA)
            .approve("production", "bob")
            .approve("production", "carol")
            .awaitMerge("production", Duration.ofHours(1))
            .step(
                "the production change request is still open and nothing landed",
                w -> {
                  assertThat(w.openChangeRequests("production")).hasSize(1);
                  assertThat(w.promoter().current("production", APP)).isEmpty();
                  assertThat(
                          w.agent()
                              .status(w.pipeline().environment("staging"), w.application(APP))
                              .health())
                      .isEqualTo(SyncStatus.Health.DEGRADED);
                })
            .waitFor(Duration.ofMinutes(30))
            .recover("staging")
            .awaitMerge("production", Duration.ofHours(1))
            .build()
            .runIn(world);

    TimelineEvent degraded =
        timeline.eventsIn("staging").stream()
            .filter(e -> e.description().contains("DEGRADED"))
            .findFirst()
            .orElseThrow();
    assertThat(degraded.description()).contains("CrashLoopBackOff");
    TimelineEvent blocked = timeline.first(Kind.BLOCKED, "production").orElseThrow();
    assertThat(blocked.time()).isAfterOrEqualTo(degraded.time());
    assertThat(blocked.reasons())
        .anyMatch(r -> r.contains("api-service in staging is DEGRADED: CrashLoopBackOff"));
    TimelineEvent recovered = timeline.last(Kind.AGENT, "staging").orElseThrow();
    assertThat(recovered.description()).contains("HEALTHY").contains("recovered");
    TimelineEvent merged = timeline.first(Kind.MERGED, "production").orElseThrow();
    assertThat(merged.time()).isEqualTo(recovered.time()).isAfter(blocked.time());
    assertThat(world.promoter().current("production", APP)).isPresent();
  }

  @Test
  void aRolloutThatFailsInStagingIsReportedAndBlocksProduction() {
    SimulatedWorld world = SeedWorld.create();
    Timeline timeline =
        Scenario.builder("failed rollout")
            .ciBuilds("build-4")
            .awaitHealthy("dev", Duration.ofMinutes(5))
            .failNextRollout("staging", "ImagePullBackOff")
            .promote("staging", "build-4", ADA)
            .reportCheck("staging", "smoke-tests", dev.gitops.promotion.spi.Check.State.SUCCESS)
            .awaitMerge("staging", Duration.ofHours(1))
            .awaitHealthy("staging", Duration.ofMinutes(10))
            .promote("production", "build-4", ADA)
            .approve("production", "bob")
            .approve("production", "carol")
            .advance("production")
            .build()
            .runIn(world);
    TimelineEvent failed = timeline.first(Kind.VERIFICATION_FAILED, "staging").orElseThrow();
    assertThat(failed.description()).contains("DEGRADED").contains("ImagePullBackOff");
    assertThat(timeline.first(Kind.BLOCKED, "production")).isPresent();
  }
}
