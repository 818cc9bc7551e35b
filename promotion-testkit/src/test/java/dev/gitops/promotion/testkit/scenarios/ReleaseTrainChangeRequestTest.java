package dev.gitops.promotion.testkit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.TrainResult;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.VerificationWait;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import dev.gitops.promotion.testkit.FakeGitOpsAgent;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import dev.gitops.promotion.testkit.ManualClock;
import dev.gitops.promotion.testkit.SimpleImageFormat;
import dev.gitops.promotion.testkit.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A release train into a change-request environment: one change request per wave, each merged when
 * its gate passes and confirmed by the agent before the next wave's change request is opened; the
 * train is run again (as a scheduler would) until it is delivered.
 */
class ReleaseTrainChangeRequestTest {
  static final Actor CI = Actor.bot("CI Bot", "ci@example.com");
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");

  final ManualClock clock = ManualClock.at("2026-11-02T09:00:00Z");
  final Sleeper sleeper = clock::advance;
  final InMemoryConfigRepository repository = InMemoryConfigRepository.create();
  final FakeChangeRequestHost host = FakeChangeRequestHost.over(repository, clock);
  final Gate smokeTests =
      Gate.named(
          "smoke-tests",
          ctx ->
              ctx.changeRequest()
                  .flatMap(cr -> cr.check("smoke-tests"))
                  .map(c -> c.isSatisfied() ? Verdict.pass("passed") : Verdict.fail("failed"))
                  .orElse(Verdict.waiting("smoke-tests has not reported")));
  final Pipeline pipeline =
      Pipeline.chain(
          Environment.of("dev", Delivery.DIRECT_COMMIT),
          Environment.builder().name("staging").addGates(smokeTests).build());
  final Application db = app("db", List.of());
  final Application api = app("api", List.of("db"));
  final FakeGitOpsAgent agent;

  ReleaseTrainChangeRequestTest() {
    repository.init(
        "main",
        Map.of(
            path("db", "dev"), "# db\n",
            path("api", "dev"), "# api\n",
            path("db", "staging"), "# db\n",
            path("api", "staging"), "# api\n"),
        clock.instant());
    agent =
        FakeGitOpsAgent.builder()
            .repository(repository)
            .clock(clock)
            .pipeline(pipeline)
            .addApplications(db, api)
            .addOverlayFormats(SimpleImageFormat.create())
            .syncDelay(Duration.ofSeconds(20))
            .rolloutDuration(Duration.ofMinutes(1))
            .build();
  }

  static String path(String app, String env) {
    return "apps/" + app + "/overlays/" + env + "/images.txt";
  }

  static Application app(String name, List<String> dependsOn) {
    return Application.builder()
        .name(name)
        .imageRepository("ghcr.io/myorg/" + name)
        .putLocations("dev", OverlayLocation.of(path(name, "dev"), SimpleImageFormat.ID))
        .putLocations("staging", OverlayLocation.of(path(name, "staging"), SimpleImageFormat.ID))
        .addAllDependsOn(dependsOn)
        .build();
  }

  Promoter promoter() {
    return Promoter.builder()
        .pipeline(pipeline)
        .addApplications(db, api)
        .configRepository(repository)
        .addOverlayFormats(SimpleImageFormat.create())
        .changeRequestHost(host)
        .gitOpsAgent(agent)
        .clock(clock)
        .sleeper(sleeper)
        .build();
  }

  PromotionRequest train(String env, Actor actor) {
    return PromotionRequest.builder()
        .putImages("db", TestImages.pinned("ghcr.io/myorg/db", "r1"))
        .putImages("api", TestImages.pinned("ghcr.io/myorg/api", "r1"))
        .targetEnvironment(env)
        .actor(actor)
        .build();
  }

  static String changeRequestOf(TrainResult r) {
    return r.delivered()
        .get(r.delivered().size() - 1)
        .result()
        .flatMap(PromotionResult::changeRequest)
        .orElseThrow()
        .id();
  }

  @Test
  void eachWaveIsAChangeRequestMergedAndConfirmedBeforeTheNextIsOpened() {
    VerificationWait wait = VerificationWait.upTo(Duration.ofMinutes(5));
    assertThat(promoter().promoteTrain(train("dev", CI), wait).outcome())
        .isEqualTo(TrainResult.Outcome.DELIVERED);

    TrainResult first = promoter().promoteTrain(train("staging", ADA), wait);
    assertThat(first.outcome()).isEqualTo(TrainResult.Outcome.WAITING);
    assertThat(first.reason()).contains("wave 1 [db]");
    assertThat(host.open()).hasSize(1);

    host.reportCheck(changeRequestOf(first), "smoke-tests", Check.State.SUCCESS);
    TrainResult second = promoter().promoteTrain(train("staging", ADA), wait);
    assertThat(second.outcome()).isEqualTo(TrainResult.Outcome.WAITING);
    assertThat(second.delivered().get(0).isConfirmed()).isTrue();
    assertThat(second.delivered().get(0).result().orElseThrow().outcome())
        .isEqualTo(PromotionResult.Outcome.MERGED);
    assertThat(second.reason()).contains("wave 2 [api]");
    assertThat(promoter().current("staging", "db")).isPresent();
    assertThat(promoter().current("staging", "api")).isEmpty();

    host.reportCheck(changeRequestOf(second), "smoke-tests", Check.State.SUCCESS);
    TrainResult third = promoter().promoteTrain(train("staging", ADA), wait);
    assertThat(third.outcome()).as(third.reason()).isEqualTo(TrainResult.Outcome.DELIVERED);
    assertThat(third.delivered().get(0).result()).isEmpty(); // wave 1 only verified again
    assertThat(promoter().current("staging", "api")).isPresent();
    agent.assertConverged();
  }
}
