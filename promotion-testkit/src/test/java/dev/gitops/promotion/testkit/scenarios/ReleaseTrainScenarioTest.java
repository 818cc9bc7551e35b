package dev.gitops.promotion.testkit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.DependencyCycleException;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.TrainResult;
import dev.gitops.promotion.Verification;
import dev.gitops.promotion.VerificationWait;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.testkit.FakeGitOpsAgent;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import dev.gitops.promotion.testkit.ManualClock;
import dev.gitops.promotion.testkit.SimpleImageFormat;
import dev.gitops.promotion.testkit.TestImages;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Release trains over the testkit's fakes: a database and the API that depends on it move into dev
 * together; the API's wave is committed only once the agent reports the database's wave healthy,
 * and verification waits through the injected sleeper (simulated time), never a busy loop.
 */
class ReleaseTrainScenarioTest {
  static final Actor CI = Actor.bot("CI Bot", "ci@example.com");
  static final Environment DEV = Environment.of("dev", Delivery.DIRECT_COMMIT);

  final ManualClock clock = ManualClock.at("2026-11-02T09:00:00Z");
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final Sleeper sleeper =
      d -> {
        slept.add(d);
        clock.advance(d);
      };
  final InMemoryConfigRepository repository = InMemoryConfigRepository.create();
  final Application db = app("db", List.of());
  final Application api = app("api", List.of("db"));
  final FakeGitOpsAgent agent;
  final List<FakeGitOpsAgent.Transition> transitions = new CopyOnWriteArrayList<>();

  ReleaseTrainScenarioTest() {
    repository.init(
        "main",
        Map.of(location("db").path(), "# db\n", location("api").path(), "# api\n"),
        clock.instant());
    agent =
        FakeGitOpsAgent.builder()
            .repository(repository)
            .clock(clock)
            .pipeline(Pipeline.chain(DEV))
            .addApplications(db, api)
            .addOverlayFormats(SimpleImageFormat.create())
            .syncDelay(Duration.ofSeconds(30))
            .rolloutDuration(Duration.ofMinutes(3))
            .build();
    agent.onTransition(transitions::add);
  }

  static OverlayLocation location(String app) {
    return OverlayLocation.of("apps/" + app + "/overlays/dev/images.txt", SimpleImageFormat.ID);
  }

  static Application app(String name, List<String> dependsOn) {
    return Application.builder()
        .name(name)
        .imageRepository("ghcr.io/myorg/" + name)
        .putLocations("dev", location(name))
        .addAllDependsOn(dependsOn)
        .build();
  }

  Promoter promoter(GitOpsAgent gitOpsAgent) {
    return Promoter.builder()
        .pipeline(Pipeline.chain(DEV))
        .addApplications(db, api)
        .configRepository(repository)
        .addOverlayFormats(SimpleImageFormat.create())
        .gitOpsAgent(gitOpsAgent)
        .clock(clock)
        .sleeper(sleeper)
        .build();
  }

  PromotionRequest train(String label) {
    return PromotionRequest.builder()
        .putImages("db", TestImages.pinned("ghcr.io/myorg/db", label))
        .putImages("api", TestImages.pinned("ghcr.io/myorg/api", label))
        .targetEnvironment("dev")
        .actor(CI)
        .reason("release " + label)
        .build();
  }

  Instant firstHealthy(String app) {
    return transitions.stream()
        .filter(t -> t.application().equals(app) && t.health() == SyncStatus.Health.HEALTHY)
        .map(FakeGitOpsAgent.Transition::time)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void waveTwoIsCommittedOnlyAfterWaveOneIsHealthy() {
    Promoter promoter = promoter(agent);

    TrainResult result =
        promoter.promoteTrain(train("r1"), VerificationWait.upTo(Duration.ofMinutes(10)));

    assertThat(result.outcome()).isEqualTo(TrainResult.Outcome.DELIVERED);
    assertThat(result.waves()).containsExactly(List.of("db"), List.of("api"));
    assertThat(result.delivered()).hasSize(2).allMatch(TrainResult.Wave::isConfirmed);
    // one commit per wave, the api's after the db was healthy
    List<CommitInfo> history = repository.history("main");
    CommitInfo apiCommit = history.get(0);
    CommitInfo dbCommit = history.get(1);
    assertThat(dbCommit.message()).contains("db").contains("wave 1 of 2");
    assertThat(apiCommit.message()).contains("api").contains("wave 2 of 2");
    assertThat(apiCommit.time()).isAfterOrEqualTo(firstHealthy("db"));
    assertThat(firstHealthy("api")).isAfter(firstHealthy("db"));
    // waited in simulated time, at doubling intervals
    assertThat(slept).isNotEmpty().allMatch(d -> d.compareTo(Duration.ofMinutes(1)) <= 0);
    assertThat(slept.subList(0, 3))
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20));
    agent.assertConverged();
  }

  @Test
  void aDegradedFirstWaveStopsTheTrainBeforeTheSecond() {
    agent.failNextRollout("dev", "db", "CrashLoopBackOff: db-0 exited 1");
    Promoter promoter = promoter(agent);

    TrainResult result =
        promoter.promoteTrain(train("r2"), VerificationWait.upTo(Duration.ofMinutes(10)));

    assertThat(result.outcome()).isEqualTo(TrainResult.Outcome.FAILED);
    assertThat(result.delivered()).hasSize(1);
    assertThat(result.reason()).contains("wave 1").contains("CrashLoopBackOff");
    assertThat(promoter.current("dev", "api")).isEmpty();
    assertThat(promoter.current("dev", "db")).isPresent();
  }

  @Test
  void aTrainThatRunsOutOfTimeWaitsAndResumesAtTheWaveItStoppedAt() {
    Promoter promoter = promoter(agent);

    TrainResult first =
        promoter.promoteTrain(train("r3"), VerificationWait.upTo(Duration.ofMinutes(1)));
    assertThat(first.outcome()).isEqualTo(TrainResult.Outcome.WAITING);
    assertThat(first.reason()).contains("wave 1").contains("PROGRESSING");
    assertThat(promoter.current("dev", "api")).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    // another process, the same request: wave 1 is in place and only verified again
    TrainResult resumed =
        promoter(agent).promoteTrain(train("r3"), VerificationWait.upTo(Duration.ofMinutes(10)));

    assertThat(resumed.outcome()).isEqualTo(TrainResult.Outcome.DELIVERED);
    assertThat(resumed.delivered().get(0).result()).isEmpty();
    assertThat(resumed.delivered().get(0).isConfirmed()).isTrue();
    assertThat(resumed.delivered().get(1).result().map(PromotionResult::outcome))
        .contains(PromotionResult.Outcome.COMMITTED);
    assertThat(repository.history("main")).hasSize(3); // seed + one commit per wave
  }

  @Test
  void verifyWaitsUntilLiveAndReportsPendingWhenTimeRunsOut() {
    Promoter promoter = promoter(agent);
    PromotionResult landed =
        promoter.promote(
            PromotionRequest.of("db", TestImages.pinned("ghcr.io/myorg/db", "v1"), "dev", CI));
    var commit = landed.commit().orElseThrow();

    Verification early =
        promoter.verify("dev", "db", commit, VerificationWait.upTo(Duration.ofSeconds(40)));
    assertThat(early.outcome()).isEqualTo(Verification.Outcome.PENDING);
    assertThat(early.reason()).contains("after waiting 40s");
    assertThat(slept)
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(5));

    Verification live =
        promoter.verify("dev", "db", commit, VerificationWait.upTo(Duration.ofMinutes(10)));
    assertThat(live.isVerified()).isTrue();
    assertThat(live.status().revision()).contains(commit);
    assertThat(live.status().images())
        .anySatisfy(
            i ->
                assertThat(i.digest())
                    .isEqualTo(TestImages.pinned("ghcr.io/myorg/db", "v1").digest()));
  }

  @Test
  void aSyncRequestMakesTheAgentReconcileAtOnce() {
    agent.syncDelay("dev", Duration.ofHours(1));
    agent.rolloutDuration("dev", Duration.ZERO);
    Promoter promoter = promoter(agent);
    var commit =
        promoter
            .promote(
                PromotionRequest.of("db", TestImages.pinned("ghcr.io/myorg/db", "v2"), "dev", CI))
            .commit()
            .orElseThrow();

    Verification v =
        promoter.verify(
            "dev", "db", commit, VerificationWait.upTo(Duration.ofMinutes(2)).withSyncRequest());

    assertThat(v.isVerified()).isTrue();
    assertThat(slept).isEmpty();
  }

  @Test
  void anAgentsOrderingJoinsTheApplicationsOwnAndACycleIsATypedErrorNamingIt() {
    // the agent says db waits for api (a sync wave), promotion.yaml says api waits for db
    GitOpsAgent ordering =
        new GitOpsAgent() {
          @Override
          public SyncStatus status(Environment environment, Application application) {
            return agent.status(environment, application);
          }

          @Override
          public Set<String> dependsOn(
              Environment environment, Application application, Collection<Application> others) {
            return application.name().equals("db") ? Set.of("api") : Set.of();
          }
        };

    assertThatThrownBy(() -> promoter(ordering).promoteTrain(train("r4"), VerificationWait.none()))
        .isInstanceOfSatisfying(
            DependencyCycleException.class,
            e -> {
              assertThat(e.cycle()).hasSize(3);
              assertThat(e.cycle().get(0)).isEqualTo(e.cycle().get(2));
              assertThat(e.getMessage()).contains("api -> db -> api");
            });
    assertThat(repository.history("main")).hasSize(1);
  }

  @Test
  void anAgentAtACommitTheRepositoryDoesNotHaveIsPendingNotAnError() {
    GitOpsAgent ahead =
        (environment, application) ->
            SyncStatus.builder()
                .sync(SyncStatus.Sync.SYNCED)
                .health(SyncStatus.Health.HEALTHY)
                .revision(dev.gitops.promotion.spi.Revision.of("f".repeat(40)))
                .observedAt(clock.instant())
                .build();
    Promoter promoter = promoter(ahead);
    var commit =
        promoter
            .promote(
                PromotionRequest.of("db", TestImages.pinned("ghcr.io/myorg/db", "v3"), "dev", CI))
            .commit()
            .orElseThrow();

    Verification v = promoter.verify("dev", "db", commit);

    assertThat(v.outcome()).isEqualTo(Verification.Outcome.PENDING);
    assertThat(v.reason()).contains("the config repository does not have");
  }

  @Test
  void withoutDependenciesEveryApplicationMovesInOneWave() {
    Application lone = app("lone", List.of());
    assertThat(
            promoter(agent)
                .trainWaves(
                    PromotionRequest.builder()
                        .putImages("db", ImageReference.parse("ghcr.io/myorg/db:1"))
                        .targetEnvironment("dev")
                        .actor(CI)
                        .build()))
        .containsExactly(List.of("db"));
    assertThat(lone.dependsOn()).isEmpty();
  }
}
