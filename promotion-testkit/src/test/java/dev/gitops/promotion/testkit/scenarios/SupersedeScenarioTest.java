package dev.gitops.promotion.testkit.scenarios;

import static dev.gitops.promotion.testkit.scenarios.SeedWorld.ADA;
import static dev.gitops.promotion.testkit.scenarios.SeedWorld.APP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.TestImages;
import dev.gitops.promotion.testkit.Timeline;
import dev.gitops.promotion.testkit.TimelineEvent;
import dev.gitops.promotion.testkit.TimelineEvent.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 6: a newer digest supersedes the open staging change request, never duplicating it. */
class SupersedeScenarioTest {

  @Test
  void aNewerDigestReplacesTheOpenStagingChangeRequest() {
    SimulatedWorld world = SeedWorld.create();
    Timeline timeline =
        Scenario.builder("newer digest")
            .ciBuilds("build-1")
            .awaitHealthy("dev", Duration.ofMinutes(5))
            .promote("staging", "build-1", ADA)
            .reportCheck("staging", "smoke-tests", Check.State.PENDING)
            .waitFor(Duration.ofMinutes(30))
            .ciBuilds("build-2")
            .awaitHealthy("dev", Duration.ofMinutes(5))
            .promote("staging", "build-2", ADA)
            .reportCheck("staging", "smoke-tests", Check.State.SUCCESS)
            .awaitMerge("staging", Duration.ofHours(1))
            .build()
            .runIn(world);

    TimelineEvent superseded =
        timeline.first(Kind.CHANGE_REQUEST_SUPERSEDED, "staging").orElseThrow();
    assertThat(superseded.description()).isEqualTo("#1 closed, superseded by #2");
    assertThat(timeline.events(Kind.CHANGE_REQUEST_OPENED)).hasSize(2);

    ChangeRequest first = world.host().get("1");
    assertThat(first.state()).isEqualTo(ChangeRequest.State.CLOSED);
    assertThat(world.host().comments("1"))
        .singleElement()
        .satisfies(c -> assertThat(c).startsWith("Superseded by ").contains("/cr/2"));
    assertThat(world.host().get("2").state()).isEqualTo(ChangeRequest.State.MERGED);
    assertThat(world.promoter().current("staging", APP).orElseThrow().image().digest())
        .contains(TestImages.digest("build-2"));
    world.host().assertNoOpenChangeRequests();
  }

  @Test
  void promotingTheSameDigestAgainUpdatesItsChangeRequestInsteadOfOpeningAnother() {
    SimulatedWorld world = SeedWorld.create();
    Timeline timeline =
        Scenario.builder("same digest twice")
            .ciBuilds("build-1")
            .awaitHealthy("dev", Duration.ofMinutes(5))
            .promote("staging", "build-1", ADA)
            .waitFor(Duration.ofMinutes(5))
            .promote("staging", "build-1", ADA)
            .build()
            .runIn(world);
    assertThat(timeline.events(Kind.CHANGE_REQUEST_OPENED)).hasSize(1);
    assertThat(timeline.events(Kind.CHANGE_REQUEST_UPDATED)).hasSize(1);
    assertThat(world.openChangeRequests("staging")).hasSize(1);
  }
}
