package dev.gitops.promotion.testkit.scenarios;

import static dev.gitops.promotion.testkit.scenarios.SeedWorld.ADA;
import static dev.gitops.promotion.testkit.scenarios.SeedWorld.APP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.TestImages;
import dev.gitops.promotion.testkit.Timeline;
import dev.gitops.promotion.testkit.TimelineEvent;
import dev.gitops.promotion.testkit.TimelineEvent.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 4: a production promotion waits out the weekend freeze, then lands. */
class FreezeWindowScenarioTest {

  static Scenario friday() {
    return SeedWorld.throughStaging(Scenario.builder("weekend freeze"), "build-7")
        .waitFor(Duration.ofHours(8)) // Friday ~17:15, the freeze started at 16:00
        .promote("production", "build-7", ADA)
        .approve("production", "bob")
        .approve("production", "dave")
        .awaitMerge("production", Duration.ofDays(4))
        .awaitHealthy("production", Duration.ofMinutes(5))
        .build();
  }

  @Test
  void theTimelineShowsTheWaitAndTheMergeWhenTheWindowCloses() {
    SimulatedWorld world = SeedWorld.create();
    Timeline timeline = friday().runIn(world);

    TimelineEvent wait = timeline.first(Kind.WAITING, "production").orElseThrow();
    assertThat(wait.time()).isAfter(SeedWorld.FREEZE_FROM).isBefore(SeedWorld.FREEZE_TO);
    assertThat(wait.description()).contains("waits until 08:00:00");
    assertThat(wait.reasons())
        .anyMatch(r -> r.contains("change freeze 'weekend' until Mon 2025-11-17 08:00"))
        .anyMatch(r -> r.contains("2 of 2 approvals (bob, dave)"));

    TimelineEvent merged = timeline.first(Kind.MERGED, "production").orElseThrow();
    assertThat(merged.time()).isEqualTo(SeedWorld.FREEZE_TO);
    assertThat(merged.reasons()).anyMatch(r -> r.contains("outside change freeze 'weekend'"));
    assertThat(timeline.events(Kind.WAITING).stream().filter(e -> e.isIn("production")))
        .as("the wait is shown once, not once per poll")
        .hasSize(1);
    assertThat(timeline.render()).contains("-- 2025-11-17 (UTC)");

    var record = world.promoter().current("production", APP).orElseThrow();
    assertThat(record.time()).isEqualTo(SeedWorld.FREEZE_TO);
    assertThat(record.image().digest()).contains(TestImages.digest("build-7"));
    assertThat(timeline.first(Kind.VERIFIED, "production")).isPresent();
    world.assertQuiet();
  }
}
