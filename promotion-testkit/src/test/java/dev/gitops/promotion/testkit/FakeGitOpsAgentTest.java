package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeGitOpsAgentTest {
  private static final Instant T0 = Instant.parse("2025-11-14T09:00:00Z");
  private static final Environment DEV = Environment.of("dev", Delivery.DIRECT_COMMIT);
  private static final Environment STAGING = Environment.of("staging", Delivery.CHANGE_REQUEST);
  private static final Pipeline PIPELINE = Pipeline.chain(DEV, STAGING);
  private static final Application API =
      SimulatedWorld.application("api", "ghcr.io/myorg/api", PIPELINE);
  private static final Application WEB =
      SimulatedWorld.application("web", "ghcr.io/myorg/web", PIPELINE);

  private final ManualClock clock = ManualClock.at(T0);
  private final InMemoryConfigRepository repo = InMemoryConfigRepository.create();
  private final List<FakeGitOpsAgent.Transition> transitions = new ArrayList<>();

  private FakeGitOpsAgent agent(Duration delay, Duration rollout) {
    repo.init(
        "main",
        Map.of(
            path(API, "dev"), "# api dev\n",
            path(API, "staging"), "# api staging\n",
            path(WEB, "dev"), "# web dev\n",
            path(WEB, "staging"), "# web staging\n"),
        T0);
    FakeGitOpsAgent agent =
        FakeGitOpsAgent.builder()
            .repository(repo)
            .clock(clock)
            .pipeline(PIPELINE)
            .addApplications(API, WEB)
            .addOverlayFormats(SimpleImageFormat.create())
            .syncDelay(delay)
            .rolloutDuration(rollout)
            .build();
    agent.onTransition(transitions::add);
    return agent;
  }

  private static String path(Application app, String env) {
    return app.location(env).orElseThrow().path();
  }

  private Revision deploy(Application app, String env, String label) {
    Revision head = repo.head("main").orElseThrow();
    return repo.commit(
        CommitRequest.builder()
            .branch("main")
            .parent(head)
            .expectedHead(head)
            .addEdits(
                new FileEdit(
                    path(app, env),
                    SimpleImageFormat.fileFor(
                        app.name(), TestImages.pinned(app.imageRepository(), label))))
            .message("deploy " + label + "\n")
            .author(Actor.bot("CI", "ci@example.com"))
            .time(clock.instant())
            .build());
  }

  @Test
  void aCommitSyncsExactlyTheSyncDelayAfterItsCommitTime() {
    FakeGitOpsAgent agent = agent(Duration.ofSeconds(30), Duration.ZERO);
    clock.advance(Duration.ofMinutes(1));
    Revision c = deploy(API, "dev", "b1");

    clock.advance(Duration.ofSeconds(29));
    SyncStatus before = agent.status(DEV, API);
    assertThat(before.sync()).isEqualTo(SyncStatus.Sync.OUT_OF_SYNC);
    assertThat(before.revision()).isNotEqualTo(java.util.Optional.of(c));

    clock.advance(Duration.ofSeconds(1));
    SyncStatus after = agent.status(DEV, API);
    assertThat(after.isSyncedAndHealthy()).isTrue();
    assertThat(after.revision()).contains(c);
    assertThat(after.images())
        .singleElement()
        .satisfies(i -> assertThat(i.digest()).contains(TestImages.digest("b1")));
    assertThat(transitions)
        .last()
        .satisfies(t -> assertThat(t.time()).isEqualTo(T0.plusSeconds(90)));
  }

  @Test
  void transitionsHappenAtTheirOwnTimesHoweverOftenTheAgentIsAsked() {
    List<FakeGitOpsAgent.Transition> lazy = run(false);
    List<FakeGitOpsAgent.Transition> eager = run(true);
    assertThat(eager).isEqualTo(lazy);
    assertThat(lazy)
        .isSortedAccordingTo(java.util.Comparator.comparing(FakeGitOpsAgent.Transition::time));
    assertThat(lazy.stream().filter(t -> t.environment().equals("dev")).toList())
        .extracting(FakeGitOpsAgent.Transition::time, FakeGitOpsAgent.Transition::health)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(90), Health.PROGRESSING),
            org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(150), Health.HEALTHY),
            org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(210), Health.PROGRESSING),
            org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(270), Health.HEALTHY));
  }

  private List<FakeGitOpsAgent.Transition> run(boolean pollEverySecond) {
    InMemoryConfigRepository r = InMemoryConfigRepository.create();
    ManualClock c = ManualClock.at(T0);
    r.init("main", Map.of(path(API, "dev"), "# api\n", path(API, "staging"), "# api\n"), T0);
    FakeGitOpsAgent a =
        FakeGitOpsAgent.builder()
            .repository(r)
            .clock(c)
            .pipeline(PIPELINE)
            .addApplications(API)
            .addOverlayFormats(SimpleImageFormat.create())
            .syncDelay(Duration.ofSeconds(30))
            .rolloutDuration(Duration.ofMinutes(1))
            .build();
    a.requestSync(DEV, API);
    List<FakeGitOpsAgent.Transition> seen = new ArrayList<>();
    a.onTransition(t -> seen.add(t));
    for (int second = 1; second <= 600; second++) {
      c.advance(Duration.ofSeconds(1));
      if (second == 60 || second == 180) {
        Revision head = r.head("main").orElseThrow();
        r.commit(
            CommitRequest.builder()
                .branch("main")
                .parent(head)
                .expectedHead(head)
                .addEdits(
                    new FileEdit(
                        path(API, "dev"),
                        SimpleImageFormat.fileFor(
                            "api", TestImages.pinned("ghcr.io/myorg/api", "b" + second))))
                .message("deploy\n")
                .author(Actor.bot("CI", "ci@example.com"))
                .time(c.instant())
                .build());
      }
      if (pollEverySecond) {
        a.status(DEV, API);
      }
    }
    a.reconcile();
    return seen;
  }

  @Test
  void requestSyncSkipsTheDelay() {
    FakeGitOpsAgent agent = agent(Duration.ofMinutes(3), Duration.ZERO);
    Revision c = deploy(API, "dev", "b1");
    agent.requestSync(DEV, API);
    assertThat(agent.status(DEV, API).revision()).contains(c);
    assertThat(agent.syncedRevision("dev")).contains(c);
  }

  @Test
  void aScriptedRolloutFailureEndsDegradedAndTheNextRolloutIsHealthy() {
    FakeGitOpsAgent agent = agent(Duration.ZERO, Duration.ofSeconds(40));
    agent.failNextRollout("dev", "api", "ImagePullBackOff");
    deploy(API, "dev", "b1");
    assertThat(agent.status(DEV, API).health()).isEqualTo(Health.PROGRESSING);
    clock.advance(Duration.ofSeconds(40));
    SyncStatus failed = agent.status(DEV, API);
    assertThat(failed.health()).isEqualTo(Health.DEGRADED);
    assertThat(failed.message()).contains("ImagePullBackOff");

    deploy(API, "dev", "b2");
    clock.advance(Duration.ofSeconds(40));
    assertThat(agent.status(DEV, API).isSyncedAndHealthy()).isTrue();
  }

  @Test
  void degradeAndRecoverAreImmediate() {
    FakeGitOpsAgent agent = agent(Duration.ZERO, Duration.ZERO);
    deploy(API, "staging", "b1");
    agent.degrade("staging", "api", "CrashLoopBackOff");
    assertThat(agent.status(STAGING, API).health()).isEqualTo(Health.DEGRADED);
    assertThat(agent.status(DEV, API).health()).as("other environments").isEqualTo(Health.MISSING);
    agent.recover("staging", "api");
    assertThat(agent.status(STAGING, API).isSyncedAndHealthy()).isTrue();
  }

  @Test
  void aCommitThatDoesNotTouchTheApplicationKeepsItSyncedWithoutATransition() {
    FakeGitOpsAgent agent = agent(Duration.ZERO, Duration.ZERO);
    deploy(API, "dev", "b1");
    agent.reconcile();
    int before = transitions.size();
    Revision other = deploy(WEB, "dev", "w1");
    SyncStatus api = agent.status(DEV, API);
    assertThat(api.isSyncedAndHealthy()).isTrue();
    assertThat(api.revision()).contains(other);
    assertThat(transitions.subList(before, transitions.size()))
        .extracting(FakeGitOpsAgent.Transition::application)
        .containsOnly("web");
  }

  @Test
  void anOverlayWithoutAnImageIsMissingAndTheAgentCanSayItHasConverged() {
    FakeGitOpsAgent agent = agent(Duration.ZERO, Duration.ZERO);
    agent.requestSync(DEV, API);
    SyncStatus s = agent.status(DEV, API);
    assertThat(s.health()).isEqualTo(Health.MISSING);
    assertThat(s.message()).contains("no image set");
    agent.assertConverged();

    agent.syncDelay("dev", Duration.ofMinutes(10));
    deploy(API, "dev", "b1");
    assertThatThrownBy(agent::assertConverged)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("api in dev: OUT_OF_SYNC");
  }

  @Test
  void anOutageMakesStatusThrowARetryableError() {
    FakeGitOpsAgent agent = agent(Duration.ZERO, Duration.ZERO);
    agent.outage("dev", true);
    assertThatThrownBy(() -> agent.status(DEV, API))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue());
    assertThat(agent.status(STAGING, API)).isNotNull();
    agent.outage("dev", false);
    assertThat(agent.status(DEV, API)).isNotNull();
  }

  @Test
  void unknownEnvironmentsAndFormatsAreRefused() {
    FakeGitOpsAgent agent = agent(Duration.ZERO, Duration.ZERO);
    assertThatThrownBy(() -> agent.status(Environment.of("qa", Delivery.DIRECT_COMMIT), API))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("qa");
    Application yaml =
        Application.builder()
            .name("yaml")
            .imageRepository("ghcr.io/myorg/yaml")
            .putLocations("dev", OverlayLocation.seedLayout("yaml", "dev"))
            .build();
    assertThatThrownBy(
            () ->
                FakeGitOpsAgent.builder()
                    .repository(repo)
                    .clock(clock)
                    .pipeline(PIPELINE)
                    .addApplications(yaml)
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kustomize");
  }
}
