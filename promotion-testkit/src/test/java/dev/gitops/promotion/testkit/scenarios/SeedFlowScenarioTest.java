package dev.gitops.promotion.testkit.scenarios;

import static dev.gitops.promotion.testkit.scenarios.SeedWorld.ADA;
import static dev.gitops.promotion.testkit.scenarios.SeedWorld.APP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.TestImages;
import dev.gitops.promotion.testkit.Timeline;
import dev.gitops.promotion.testkit.TimelineEvent;
import dev.gitops.promotion.testkit.TimelineEvent.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario 1: the seed's whole flow, dev to production, and the ledger afterwards. */
class SeedFlowScenarioTest {

  static Scenario seedFlow() {
    return Scenario.builder("seed flow")
        .ciBuilds("build-1")
        .awaitHealthy("dev", Duration.ofMinutes(5))
        .promote("staging", "build-1", ADA)
        .reportCheck("staging", "smoke-tests", Check.State.PENDING)
        .advance("staging")
        .waitFor(Duration.ofMinutes(12))
        .reportCheck("staging", "smoke-tests", Check.State.SUCCESS)
        .awaitMerge("staging", Duration.ofHours(1))
        .awaitHealthy("staging", Duration.ofMinutes(10))
        .promote("production", "build-1", ADA)
        .approve("production", "bob")
        .advance("production")
        .approve("production", "carol")
        .awaitMerge("production", Duration.ofHours(1))
        .awaitHealthy("production", Duration.ofMinutes(10))
        .build();
  }

  @Test
  void theDigestMovesFromDevToProductionAndTheLedgerSaysWhoApproved() {
    SimulatedWorld world = SeedWorld.create();
    Timeline timeline = seedFlow().runIn(world);

    // CI committed to dev directly, as the CI bot, with no change request
    TimelineEvent devCommit = timeline.first(Kind.COMMITTED, "dev").orElseThrow();
    assertThat(devCommit.actor()).isEqualTo("CI Bot");
    assertThat(devCommit.time()).isEqualTo(SimulatedWorld.DEFAULT_START);
    assertThat(timeline.eventsIn("dev")).noneMatch(e -> e.kind() == Kind.CHANGE_REQUEST_OPENED);

    // staging waited for the required check, then merged once it was green
    TimelineEvent stagingWait = timeline.first(Kind.WAITING, "staging").orElseThrow();
    assertThat(stagingWait.reasons()).anyMatch(r -> r.contains("smoke-tests is running"));
    TimelineEvent stagingMerge = timeline.first(Kind.MERGED, "staging").orElseThrow();
    assertThat(stagingMerge.time()).isAfter(stagingWait.time());
    assertThat(stagingMerge.reasons()).anyMatch(r -> r.contains("passed: smoke-tests"));

    // production waited for the second approval from the on-call team
    TimelineEvent prodWait = timeline.first(Kind.WAITING, "production").orElseThrow();
    assertThat(prodWait.reasons()).anyMatch(r -> r.contains("1 of 2 approvals (bob)"));
    TimelineEvent prodMerge = timeline.first(Kind.MERGED, "production").orElseThrow();
    assertThat(prodMerge.reasons())
        .anyMatch(r -> r.contains("2 of 2 approvals (bob, carol), including @myorg/oncall"));

    // the agent confirmed every environment synced and healthy, after each landing
    for (String env : List.of("dev", "staging", "production")) {
      TimelineEvent verified = timeline.first(Kind.VERIFIED, env).orElseThrow();
      assertThat(verified.description()).contains("is synced at").contains("and healthy");
    }
    assertThat(timeline.first(Kind.VERIFIED, "dev").orElseThrow().time())
        .isEqualTo(SimulatedWorld.DEFAULT_START.plusSeconds(30 + 45));

    // the ledger: which digest runs where, since when, approved by whom
    var promoter = world.promoter();
    List<PromotionRecord> state = promoter.state();
    assertThat(state)
        .extracting(PromotionRecord::environment)
        .containsExactly("dev", "staging", "production");
    assertThat(state)
        .allSatisfy(r -> assertThat(r.image().digest()).contains(TestImages.digest("build-1")));
    PromotionRecord prod = promoter.current("production", APP).orElseThrow();
    assertThat(prod.approvals()).containsExactly("bob", "carol");
    assertThat(prod.promotedBy()).isEqualTo(ADA.toString());
    assertThat(prod.time()).isEqualTo(prodMerge.time());
    assertThat(prod.commit().abbreviated())
        .isEqualTo(prodMerge.description().substring(prodMerge.description().length() - 7));
    assertThat(prod.promotedFrom()).hasValueSatisfying(f -> assertThat(f).startsWith("staging@"));
    assertThat(prod.gateVerdicts())
        .anyMatch(g -> g.startsWith("approvals: PASS 2 of 2 approvals (bob, carol)"));
    PromotionRecord dev = promoter.current("dev", APP).orElseThrow();
    assertThat(dev.promotedBy()).isEqualTo(SimulatedWorld.CI_BOT.toString());
    assertThat(dev.approvals()).isEmpty();
    assertThat(dev.time()).isEqualTo(SimulatedWorld.DEFAULT_START);
    PromotionRecord staging = promoter.current("staging", APP).orElseThrow();
    assertThat(staging.time()).isEqualTo(stagingMerge.time());

    // nothing left open; every environment converged
    world.assertQuiet();
    assertThat(world.host().all())
        .extracting(ChangeRequest::state)
        .containsOnly(ChangeRequest.State.MERGED);
    assertThat(world.host().all()).hasSize(2);
  }

  @Test
  void theSameScenarioGivesTheSameTimelineEveryTime() {
    Timeline first = seedFlow().runIn(SeedWorld.create());
    Timeline second = seedFlow().runIn(SeedWorld.create());
    assertThat(second).isEqualTo(first);
    assertThat(second.render()).isEqualTo(first.render());
    assertThat(first.events()).hasSizeGreaterThan(15);
  }

  @Test
  void approvalsFromOutsideTheOnCallTeamAndItsCodeOwnersDoNotCount() {
    // two approvals, none from the on-call team that owns the production overlays
    SimulatedWorld world = SeedWorld.create();
    Timeline timeline =
        Scenario.builder("no code owner")
            .ciBuilds("build-1")
            .awaitHealthy("dev", Duration.ofMinutes(5))
            .promote("staging", "build-1", ADA)
            .reportCheck("staging", "smoke-tests", Check.State.SUCCESS)
            .awaitMerge("staging", Duration.ofHours(1))
            .awaitHealthy("staging", Duration.ofMinutes(5))
            .promote("production", "build-1", ADA)
            .approve("production", "erin")
            .approve("production", "frank")
            .advance("production")
            .build()
            .runIn(world);
    List<String> reasons = timeline.last(Kind.WAITING, "production").orElseThrow().reasons();
    assertThat(reasons)
        .anyMatch(r -> r.contains("2 of 2 approvals (erin, frank), but none from @myorg/oncall"))
        .anyMatch(r -> r.contains("code owners: needs 1 approval from @myorg/oncall"));
    assertThat(world.host().mergeBlockers(world.openChangeRequests("production").get(0).id()))
        .anyMatch(b -> b.contains("code owner of apps/api-service/overlays/production/image.txt"));
    assertThat(world.promoter().current("production", APP).map(r -> r.image().toString()))
        .isEmpty();
  }
}
