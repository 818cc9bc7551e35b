package dev.gitops.promotion.testkit.scenarios;

import static dev.gitops.promotion.testkit.scenarios.SeedWorld.ADA;
import static dev.gitops.promotion.testkit.scenarios.SeedWorld.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.TestImages;
import dev.gitops.promotion.testkit.Timeline;
import dev.gitops.promotion.testkit.TimelineEvent;
import dev.gitops.promotion.testkit.TimelineEvent.Kind;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenarios 2 and 3: moves the rules refuse, with nothing written. */
class RefusalScenariosTest {

  /** Scenario 2, for production taking change requests (the seed) and, misconfigured, commits. */
  @ParameterizedTest
  @EnumSource(Delivery.class)
  void aCiBotCannotWriteToProduction(Delivery productionDelivery) {
    SimulatedWorld world = SeedWorld.create(productionDelivery);
    Timeline timeline =
        SeedWorld.throughStaging(Scenario.builder("bot to production"), "build-1")
            .build()
            .runIn(world);
    SortedMap<String, Revision> branchesBefore = world.repository().branches();
    int commitsBefore = world.repository().commitCount();
    int changeRequestsBefore = world.host().all().size();

    Timeline attempt =
        Scenario.builder("bot to production")
            .promote("production", "build-1", SimulatedWorld.CI_BOT)
            .build()
            .runIn(world);

    TimelineEvent refusal = attempt.first(Kind.REFUSED, "production").orElseThrow();
    assertThat(refusal.actor()).isEqualTo("CI Bot");
    assertThat(refusal.description()).contains("ACCESS_POLICY");
    assertThat(refusal.reasons())
        .singleElement()
        .satisfies(r -> assertThat(r).contains("bot CI Bot").contains("production"));
    assertThat(world.repository().branches()).isEqualTo(branchesBefore);
    assertThat(world.repository().commitCount()).isEqualTo(commitsBefore);
    assertThat(world.host().all()).hasSize(changeRequestsBefore);
    assertThat(world.promoter().current("production", APP)).isEmpty();
    assertThat(timeline.first(Kind.MERGED, "staging")).isPresent();
  }

  @Test
  void theRefusalIsTypedForCallersOfThePromoter() {
    SimulatedWorld world = SeedWorld.create(Delivery.DIRECT_COMMIT);
    var request =
        PromotionRequest.of(
            APP,
            TestImages.pinned(SeedWorld.REPOSITORY, "build-1"),
            "production",
            SimulatedWorld.CI_BOT);
    assertThatThrownBy(() -> world.promoter().plan(request))
        .isInstanceOfSatisfying(
            NotPermittedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(NotPermittedException.Rule.ACCESS_POLICY);
              assertThat(e.getMessage()).contains("may never commit directly");
            });
  }

  /** Scenario 3: a digest that never reached staging cannot enter production. */
  @Test
  void aDigestThatNeverReachedStagingCannotEnterProduction() {
    SimulatedWorld world = SeedWorld.create();
    SeedWorld.throughStaging(Scenario.builder("provenance"), "build-1").build().runIn(world);
    int commitsBefore = world.repository().commitCount();

    Timeline timeline =
        Scenario.builder("provenance")
            .ciBuilds("build-2") // dev runs build-2; staging still runs build-1
            .promote("production", "build-2", ADA)
            .build()
            .runIn(world);

    TimelineEvent refusal = timeline.first(Kind.REFUSED, "production").orElseThrow();
    assertThat(refusal.description()).contains("build-2").contains("PROVENANCE");
    assertThat(refusal.reasons())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .contains("cannot enter 'production'")
                    .contains("not what upstream 'staging' runs")
                    .contains(TestImages.digest("build-1").shortForm())
                    .contains("promote it to 'staging' first"));
    assertThat(world.repository().commitCount()).isEqualTo(commitsBefore + 1); // dev's commit only
    assertThat(world.openChangeRequests("production")).isEmpty();
    assertThat(world.promoter().current("production", APP)).isEmpty();
  }
}
