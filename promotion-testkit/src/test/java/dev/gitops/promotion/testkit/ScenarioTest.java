package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.testkit.TimelineEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  private static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  private static final Pipeline PIPELINE =
      Pipeline.chain(
          Environment.of("dev", Delivery.DIRECT_COMMIT),
          Environment.of("staging", Delivery.CHANGE_REQUEST));

  private static SimulatedWorld world() {
    return SimulatedWorld.builder()
        .pipeline(PIPELINE)
        .addApplications(
            SimulatedWorld.application("api", "ghcr.io/myorg/api", PIPELINE),
            SimulatedWorld.application("web", "ghcr.io/myorg/web", PIPELINE))
        .syncDelay(Duration.ofSeconds(20))
        .build();
  }

  private static Scenario jittery(long seed) {
    return Scenario.builder("jitter")
        .seed(seed)
        .application("api")
        .ciBuilds("a1")
        .waitBetween(Duration.ofMinutes(1), Duration.ofHours(3))
        .application("web")
        .ciBuilds("w1")
        .waitBetween(Duration.ofMinutes(1), Duration.ofHours(3))
        .build();
  }

  @Test
  void seededRandomnessRepeatsAndDifferentSeedsDiffer() {
    Timeline a = jittery(7).runIn(world());
    Timeline b = jittery(7).runIn(world());
    Timeline c = jittery(8).runIn(world());
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
    Instant apiCommit = a.first(Kind.COMMITTED, "dev").orElseThrow().time();
    assertThat(apiCommit).isEqualTo(SimulatedWorld.DEFAULT_START);
    assertThat(a.events(Kind.COMMITTED)).hasSize(2);
  }

  @Test
  void stepsActOnTheSelectedApplication() {
    SimulatedWorld world = world();
    Scenario.builder("two apps")
        .application("web")
        .ciBuilds("w1")
        .promote("staging", "w1", ADA)
        .build()
        .runIn(world);
    assertThat(world.promoter().current("dev", "web")).isPresent();
    assertThat(world.promoter().current("dev", "api")).isEmpty();
    assertThat(world.openChangeRequests("staging"))
        .singleElement()
        .satisfies(cr -> assertThat(cr.title()).contains("web"));
  }

  @Test
  void mistakesInTheScenarioThrowNamingWhatIsMissing() {
    assertThatThrownBy(() -> Scenario.builder("x").ciBuilds("a1").build().runIn(world()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("say which one");
    assertThatThrownBy(
            () ->
                Scenario.builder("x")
                    .application("api")
                    .approve("staging", "bob")
                    .build()
                    .runIn(world()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no change request of api into 'staging'");
    assertThatThrownBy(() -> Scenario.builder("x").application("nope").build().runIn(world()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theTimelineRendersOneLinePerEventWithReasonsAndDays() {
    Timeline t =
        new Timeline(
            "demo",
            List.of(
                new TimelineEvent(
                    Instant.parse("2025-11-14T23:59:00Z"),
                    "promoter",
                    Kind.WAITING,
                    Optional.of("production"),
                    "#2 waits until 08:00:00",
                    List.of("freeze weekend: change freeze")),
                new TimelineEvent(
                    Instant.parse("2025-11-17T08:00:00Z"),
                    "promoter",
                    Kind.MERGED,
                    Optional.of("production"),
                    "#2 merged as abc1234",
                    List.of())));
    assertThat(t.render())
        .isEqualTo(
            "Scenario: demo\n"
                + "-- 2025-11-14 (UTC)\n"
                + "23:59:00  promoter     WAITING                  production  #2 waits until 08:00:00\n"
                + "          - freeze weekend: change freeze\n"
                + "-- 2025-11-17 (UTC)\n"
                + "08:00:00  promoter     MERGED                   production  #2 merged as abc1234\n");
    assertThat(t.toString()).isEqualTo(t.render());
    assertThat(t.eventsIn("production")).hasSize(2);
    assertThat(t.last(Kind.MERGED, "production")).isPresent();
  }

  @Test
  void anAgentOutageIsAnEventAndTheStoryGoesOn() {
    SimulatedWorld world = world();
    Timeline t =
        Scenario.builder("outage")
            .application("api")
            .ciBuilds("a1")
            .outage("dev", true)
            .awaitHealthy("dev", Duration.ofMinutes(5))
            .promote("staging", "a1", ADA) // opening a change request needs no agent
            .advance("staging") // its gates look at dev through the agent
            .outage("dev", false)
            .awaitHealthy("dev", Duration.ofMinutes(5))
            .advance("staging")
            .build()
            .runIn(world);
    assertThat(t.events(Kind.UNAVAILABLE)).hasSize(2);
    assertThat(t.events(Kind.UNAVAILABLE).get(0).reasons())
        .singleElement()
        .satisfies(r -> assertThat(r).contains("scripted outage"));
    assertThat(t.first(Kind.VERIFIED, "dev")).isPresent();
    assertThat(t.first(Kind.MERGED, "staging")).isPresent();
  }

  @Test
  void aScenarioListsItsSteps() {
    Scenario s = jittery(1);
    assertThat(s.name()).isEqualTo("jitter");
    assertThat(s.steps()).startsWith("application api", "CI builds a1");
  }

  @Test
  void theWorldSeedsEveryOverlayAndRefusesFormatsItCannotSeed() {
    SimulatedWorld world = world();
    assertThat(world.repository().files(world.repository().head("main").orElseThrow()))
        .containsEntry("apps/api/overlays/dev/image.txt", "# api in dev\n")
        .hasSize(4);
    world.assertQuiet();
    assertThatThrownBy(
            () ->
                SimulatedWorld.builder()
                    .pipeline(PIPELINE)
                    .addApplications(
                        dev.gitops.promotion.Application.builder()
                            .name("k")
                            .imageRepository("ghcr.io/myorg/k")
                            .putLocations(
                                "dev", dev.gitops.promotion.OverlayLocation.seedLayout("k", "dev"))
                            .build())
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("seedFile");
  }
}
