package dev.gitops.promotion.testkit.scenarios;

import static dev.gitops.promotion.testkit.scenarios.SeedWorld.ADA;
import static dev.gitops.promotion.testkit.scenarios.SeedWorld.APP;
import static dev.gitops.promotion.testkit.scenarios.SeedWorld.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Explanation;
import dev.gitops.promotion.GateExplanation;
import dev.gitops.promotion.GateOverride;
import dev.gitops.promotion.GateRefusedException;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.PromotionResult.Outcome;
import dev.gitops.promotion.gates.RequiredChecks;
import dev.gitops.promotion.gates.Soak;
import dev.gitops.promotion.gates.UpstreamHealthy;
import dev.gitops.promotion.gates.Window;
import dev.gitops.promotion.schedule.Schedule;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.TestImages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each built-in gate end to end over the simulated world, with explanations and the override. */
class GateScenariosTest {
  static final ImageReference BUILD = TestImages.pinned(REPOSITORY, "build-9");

  /** dev and staging through the scenario runner; the caller goes on with production. */
  static SimulatedWorld throughStaging(Duration thenWait) {
    SimulatedWorld world = SeedWorld.create();
    SeedWorld.throughStaging(Scenario.builder("to staging"), "build-9")
        .waitFor(thenWait)
        .build()
        .runIn(world);
    return world;
  }

  static PromotionRequest.Builder production() {
    return PromotionRequest.builder()
        .putImages(APP, BUILD)
        .targetEnvironment("production")
        .actor(ADA)
        .reason("release 9");
  }

  @Test
  void anEmergencyOverrideOfTheFreezeLandsOnceTheLeadApprovesAndIsRecorded() {
    SimulatedWorld world = throughStaging(Duration.ofHours(8)); // Friday 17:15: frozen
    Promoter promoter = world.promoter();
    PromotionRequest request =
        production()
            .addOverrides(new GateOverride("freeze-window", SeedWorld.LEAD, "INC-4711 hotfix"))
            .build();
    PromotionResult opened = promoter.execute(promoter.plan(request));
    String id = opened.changeRequest().orElseThrow().id();
    world.host().approve(id, "bob");
    world.host().approve(id, "carol");

    PromotionResult waiting = promoter.advance(opened.plan());
    assertThat(waiting.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(waiting.verdict().orElseThrow().reasons())
        .contains(
            "freeze-window: the override by erin waits for their approval of the change request");

    world.host().approve(id, SeedWorld.LEAD);
    PromotionResult merged = promoter.advance(opened.plan());
    assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
    CommitMessage message =
        world.repository().commitInfo(merged.commit().orElseThrow()).parsedMessage();
    assertThat(message.trailerValues(CommitMessage.GATE_OVERRIDE))
        .containsExactly("freeze-window by erin: INC-4711 hotfix");
    assertThat(message.trailerValues(CommitMessage.GATE))
        .anyMatch(g -> g.startsWith("freeze-window: PASS overridden by erin: INC-4711 hotfix"));
    assertThat(promoter.current("production", APP).orElseThrow().gateVerdicts())
        .anyMatch(g -> g.startsWith("freeze-window: PASS overridden by erin"));
  }

  @Test
  void anOverrideBySomeoneTheGateDoesNotNameNeverLands() {
    SimulatedWorld world = throughStaging(Duration.ofHours(8));
    Promoter promoter = world.promoter();
    PromotionResult opened =
        promoter.execute(
            promoter.plan(
                production()
                    .addOverrides(new GateOverride("freeze-window", "bob", "I say so"))
                    .build()));
    String id = opened.changeRequest().orElseThrow().id();
    world.host().approve(id, "bob");
    world.host().approve(id, "carol");
    PromotionResult r = promoter.advance(opened.plan());
    assertThat(r.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(r.verdict().orElseThrow().retryAt()).contains(SeedWorld.FREEZE_TO);
    assertThat(r.verdict().orElseThrow().reasons())
        .contains("freeze-window: the override by bob does not count: only erin may");
  }

  @Test
  void explainSaysWhatEachGateWaitsForAndTheChangeRequestBodyCarriesIt() {
    SimulatedWorld world = throughStaging(Duration.ofHours(8));
    Promoter promoter = world.promoter();
    PromotionResult opened = promoter.execute(promoter.plan(production().build()));
    ChangeRequest cr = opened.changeRequest().orElseThrow();
    assertThat(cr.body()).contains(Explanation.HEADING).contains("| freeze-window | WAIT |");

    world.host().approve(cr.id(), "bob");
    Explanation e = promoter.explain(production().build());
    assertThat(e.gates())
        .extracting(GateExplanation::gate)
        .containsExactly("pinning", "provenance", "approvals", "freeze-window", "upstream-healthy");
    GateExplanation freeze = e.gate("freeze-window").orElseThrow();
    assertThat(freeze.clearsAt()).contains(SeedWorld.FREEZE_TO);
    assertThat(freeze.clearsIn())
        .contains(Duration.between(world.clock().instant(), SeedWorld.FREEZE_TO));
    assertThat(e.gate("approvals").orElseThrow().stillNeeded()).containsExactly("1 more reviewer");
    assertThat(e.gate("provenance").orElseThrow().enforced()).isFalse();
    assertThat(e.verdict().isWaiting()).isTrue();
    assertThat(e.changeRequest()).contains(cr.url());

    // the body is rewritten when a verdict changes, and only then
    promoter.advance(opened.plan());
    String body = world.host().get(cr.id()).body();
    assertThat(body).contains("1 of 2 approvals (bob)");
    promoter.advance(opened.plan());
    assertThat(world.host().get(cr.id()).body()).isEqualTo(body);
    world.host().approve(cr.id(), "carol");
    promoter.advance(opened.plan());
    assertThat(world.host().get(cr.id()).body()).contains("2 of 2 approvals (bob, carol)");
  }

  @Test
  void explainShowsAPlannerRefusalAsAFailingLine() {
    SimulatedWorld world = SeedWorld.create();
    Explanation e =
        world
            .promoter()
            .explain(
                PromotionRequest.of(
                    APP, TestImages.pinned(REPOSITORY, "never-built"), "production", ADA));
    assertThat(e.verdict().failed()).isTrue();
    assertThat(e.gates()).extracting(GateExplanation::gate).containsExactly("provenance");
  }

  /** A direct-commit chain whose staging soaks 30 minutes after dev turned healthy. */
  static SimulatedWorld soakWorld() {
    Pipeline pipeline =
        Pipeline.chain(
            Environment.of("dev", Delivery.DIRECT_COMMIT),
            Environment.builder()
                .name("staging")
                .delivery(Delivery.DIRECT_COMMIT)
                .addGates(UpstreamHealthy.create(), Soak.of(Duration.ofMinutes(30)))
                .build());
    return SimulatedWorld.builder()
        .pipeline(pipeline)
        .addApplications(SimulatedWorld.application(APP, REPOSITORY, pipeline))
        .syncDelay(Duration.ofSeconds(30))
        .rolloutDuration(Duration.ofSeconds(45))
        .build();
  }

  @Test
  void soakCountsFromWhenTheAgentReportedTheDigestHealthyNotFromTheCommit() {
    SimulatedWorld world = soakWorld();
    Instant start = world.clock().instant();
    world.promote(APP, BUILD, "dev", SimulatedWorld.CI_BOT);
    Promoter promoter = world.promoter();

    world.clock().advance(Duration.ofMinutes(1)); // synced at +30s, still rolling out
    PromotionResult early = world.promote(APP, BUILD, "staging", ADA);
    assertThat(early.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(early.verdict().orElseThrow().reasons())
        .anyMatch(r -> r.contains("api-service in dev is SYNCED and PROGRESSING"));

    world.clock().advance(Duration.ofMinutes(10));
    Instant healthy = start.plusSeconds(75);
    PromotionResult soaking = world.promote(APP, BUILD, "staging", ADA);
    assertThat(soaking.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(soaking.verdict().orElseThrow().retryAt())
        .contains(healthy.plus(Duration.ofMinutes(30)));
    assertThat(promoter.current("staging", APP)).isEmpty(); // nothing was written

    world
        .clock()
        .advance(Duration.between(world.clock().instant(), healthy.plus(Duration.ofMinutes(30))));
    PromotionResult landed = world.promote(APP, BUILD, "staging", ADA);
    assertThat(landed.outcome()).isEqualTo(Outcome.COMMITTED);
    CommitMessage message =
        world.repository().commitInfo(landed.commit().orElseThrow()).parsedMessage();
    assertThat(message.trailerValues(CommitMessage.GATE))
        .anyMatch(g -> g.startsWith("upstream-healthy: PASS api-service in dev is synced at"))
        .anyMatch(g -> g.startsWith("soak: PASS soaked for at least 30m"));
  }

  @Test
  void aChangeWindowHoldsADirectCommitUntilItOpensAndAnOverrideByThePromoterLandsIt() {
    // the default start is Friday 2025-11-14 09:00 UTC; the window is Mon-Thu 09:00-16:00 Berlin
    Pipeline pipeline =
        Pipeline.chain(
            Environment.of("dev", Delivery.DIRECT_COMMIT),
            Environment.builder()
                .name("staging")
                .delivery(Delivery.DIRECT_COMMIT)
                .addGates(
                    Window.changeWindow(
                            "change-window", Schedule.parse("Mon-Thu 09:00-16:00 Europe/Berlin"))
                        .overridableBy(List.of(ADA.email())))
                .build());
    SimulatedWorld world =
        SimulatedWorld.builder()
            .pipeline(pipeline)
            .addApplications(SimulatedWorld.application(APP, REPOSITORY, pipeline))
            .build();
    world.promote(APP, BUILD, "dev", SimulatedWorld.CI_BOT);
    PromotionResult waiting = world.promote(APP, BUILD, "staging", ADA);
    assertThat(waiting.outcome()).isEqualTo(Outcome.WAITING);
    Instant monday = Instant.parse("2025-11-17T08:00:00Z"); // 09:00 CET
    assertThat(waiting.verdict().orElseThrow().retryAt()).contains(monday);

    PromotionRequest overridden =
        PromotionRequest.builder()
            .putImages(APP, BUILD)
            .targetEnvironment("staging")
            .actor(ADA)
            .addOverrides(new GateOverride("change-window", ADA.email(), "INC-9 customer outage"))
            .build();
    PromotionResult landed = world.promoter().promote(overridden);
    assertThat(landed.outcome()).isEqualTo(Outcome.COMMITTED);
    CommitMessage message =
        world.repository().commitInfo(landed.commit().orElseThrow()).parsedMessage();
    assertThat(message.trailerValues(CommitMessage.GATE_OVERRIDE))
        .containsExactly("change-window by ada@example.com: INC-9 customer outage");

    world.clock().advance(Duration.between(world.clock().instant(), monday));
    assertThat(
            world
                .promote(
                    APP, TestImages.pinned(REPOSITORY, "build-10"), "dev", SimulatedWorld.CI_BOT)
                .outcome())
        .isEqualTo(Outcome.COMMITTED);
    assertThat(
            world.promote(APP, TestImages.pinned(REPOSITORY, "build-10"), "staging", ADA).outcome())
        .isEqualTo(Outcome.COMMITTED);
  }

  @Test
  void aFailingGateRefusesADirectCommitAndWritesNothing() {
    Pipeline pipeline =
        Pipeline.chain(
            Environment.of("dev", Delivery.DIRECT_COMMIT),
            Environment.builder()
                .name("staging")
                .delivery(Delivery.DIRECT_COMMIT)
                .addGates(RequiredChecks.of("smoke-tests"))
                .build());
    SimulatedWorld world =
        SimulatedWorld.builder()
            .pipeline(pipeline)
            .addApplications(SimulatedWorld.application(APP, REPOSITORY, pipeline))
            .build();
    world.promote(APP, BUILD, "dev", SimulatedWorld.CI_BOT);
    Revision before = world.repository().head("main").orElseThrow();
    PromotionPlan plan = world.promoter().plan(PromotionRequest.of(APP, BUILD, "staging", ADA));
    assertThatThrownBy(() -> world.promoter().execute(plan))
        .isInstanceOf(GateRefusedException.class)
        .hasMessageContaining("takes direct commits");
    assertThat(world.repository().head("main")).contains(before);
  }

  @Test
  void requiredChecksEndToEndNameTheFailedCheck() {
    SimulatedWorld world = SeedWorld.create();
    Scenario.builder("failing smoke tests")
        .ciBuilds("build-9")
        .awaitHealthy("dev", Duration.ofMinutes(5))
        .promote("staging", "build-9", ADA)
        .reportCheck("staging", "smoke-tests", Check.State.FAILURE)
        .advance("staging")
        .build()
        .runIn(world);
    ChangeRequest cr = world.openChangeRequests("staging").get(0);
    assertThat(cr.body()).contains("| required-checks | FAIL | smoke-tests failed");
    assertThat(
            List.of(
                world
                    .promoter()
                    .explain(
                        world
                            .promoter()
                            .find(dev.gitops.promotion.PromotionLookup.byTarget("staging", APP))
                            .orElseThrow())
                    .verdict()
                    .status()))
        .containsExactly(dev.gitops.promotion.Verdict.Status.FAIL);
  }
}
