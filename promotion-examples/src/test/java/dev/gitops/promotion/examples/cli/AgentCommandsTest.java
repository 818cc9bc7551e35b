package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.examples.cli.CliRepo.Run;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify, status --live and promote --train against a fake Argo CD server declared under {@code
 * agents} in promotion.yaml; waits go through a recording sleeper, never real sleeping.
 */
class AgentCommandsTest {
  static final String TOKEN = "argocd-cli-test-token";

  @TempDir Path dir;
  @StartStop final MockWebServer server = new MockWebServer();
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final ManualClock CLOCK = ManualClock.at("2026-11-01T09:00:00Z");
  final AdapterContext context =
      AdapterContext.system(java.time.Clock.systemUTC())
          .withEnvironment(Map.of("ARGOCD_AUTH_TOKEN", TOKEN))
          .withClock(CLOCK)
          .withSleeper(
              d -> {
                slept.add(d);
                CLOCK.advance(d);
              });

  /** Answers every application as synced at {@code revision[0]} with {@code health[0]}. */
  static final class FakeArgo extends Dispatcher {
    volatile String revision;
    volatile String health = "Healthy";
    volatile String syncWavePayments;
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest r) {
      String path = r.getUrl().encodedPath();
      asked.add(path);
      String name = path.substring(path.lastIndexOf('/') + 1);
      String annotations =
          name.startsWith("payments") && syncWavePayments != null
              ? "{\"argocd.argoproj.io/sync-wave\":\"" + syncWavePayments + "\"}"
              : "{}";
      String body =
          "{\"metadata\":{\"name\":\""
              + name
              + "\",\"annotations\":"
              + annotations
              + "},\"status\":{\"sync\":{\"status\":\"Synced\",\"revision\":\""
              + revision
              + "\"},\"health\":{\"status\":\""
              + health
              + "\"},\"operationState\":{\"phase\":\"Succeeded\"},"
              + "\"summary\":{\"images\":[\"ghcr.io/myorg/api-service@sha256:"
              + hex('a')
              + "\"]}}}";
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json")
          .body(body)
          .build();
    }
  }

  final FakeArgo argo = new FakeArgo();

  CliRepo seed() {
    server.setDispatcher(argo);
    CliRepo repo = CliRepo.seed(dir);
    repo.write(
            "promotion.yaml",
            "environments:\n  - dev\n  - {name: staging, delivery: direct}\n  - production\n"
                + "agents:\n  staging: {kind: argocd, url: \""
                + server.url("/").toString()
                + "\"}\n")
        .commit("pipeline with an agent", Instant.parse("2026-10-02T08:00:00Z"));
    return repo;
  }

  Run verify(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--repo", dir.toString(), "--app", "api-service", "--env", "staging"));
    args.addAll(List.of(more));
    return run(new VerifyCommand(CLOCK, context), args.toArray(String[]::new));
  }

  @Test
  void verifyReportsTheSyncedRevisionHealthAndImagesAndExitsZeroWhenLive() {
    try (CliRepo repo = seed()) {
      argo.revision = repo.head();

      Run r = verify();

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out())
          .startsWith("verified: api-service in staging is synced at")
          .contains("synced at   " + repo.head().substring(0, 7))
          .contains("health      HEALTHY")
          .contains("images      ghcr.io/myorg/api-service@sha256:" + hex('a'));
      assertThat(argo.asked).contains("/api/v1/applications/api-service-staging");
      assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }
  }

  @Test
  void verifyExitsOneWhenTheAgentReportsItDegraded() {
    try (CliRepo repo = seed()) {
      argo.revision = repo.head();
      argo.health = "Degraded";

      Run r = verify("--commit", repo.head().substring(0, 8));

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out()).startsWith("failed: api-service in staging is DEGRADED");
    }
  }

  @Test
  void verifyWaitsWithBackoffAndExitsFourWhenTheWaitRunsOut() {
    try (CliRepo repo = seed()) {
      argo.revision = repo.head();
      argo.health = "Progressing";

      Run r = verify("--wait", "1m", "--poll", "10s");

      assertThat(r.exit()).isEqualTo(4);
      assertThat(r.out()).startsWith("pending: api-service in staging is PROGRESSING");
      assertThat(r.out()).contains("after waiting 1m");
      assertThat(slept)
          .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30));
    }
  }

  @Test
  void verifyAsJson() throws Exception {
    try (CliRepo repo = seed()) {
      argo.revision = repo.head();

      Run r = verify("--format", "json");

      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.path("outcome").asText()).isEqualTo("verified");
      assertThat(j.path("health").asText()).isEqualTo("HEALTHY");
      assertThat(j.path("syncedRevision").asText()).isEqualTo(repo.head());
      assertThat(j.path("images").get(0).asText()).contains("api-service");
    }
  }

  @Test
  void verifyWithoutAnAgentForTheEnvironmentIsBadInput() {
    try (CliRepo repo = seed()) {
      Run r =
          run(
              new VerifyCommand(CLOCK, context),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--env",
              "production");

      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("needs a GitOpsAgent for environment 'production'");
    }
  }

  @Test
  void statusLiveAddsWhatTheAgentsReport() {
    try (CliRepo repo = seed()) {
      argo.revision = repo.head();

      Run r = run(new StatusCommand(context), "--repo", dir.toString(), "--live");

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("SYNCED").contains("HEALTH").contains("LIVE");
      String stagingApi =
          r.out()
              .lines()
              .filter(l -> l.startsWith("api-service") && l.contains("staging"))
              .findFirst()
              .orElseThrow();
      assertThat(stagingApi)
          .contains(repo.head().substring(0, 7))
          .contains("HEALTHY")
          .contains("verified");
      String devApi =
          r.out()
              .lines()
              .filter(l -> l.startsWith("api-service") && l.contains(" dev "))
              .findFirst()
              .orElseThrow();
      assertThat(devApi).contains("no agent");
    }
  }

  @Test
  void promoteTrainDeliversWaveByWaveInSyncWaveOrder() throws IOException {
    try (CliRepo repo = seed()) {
      argo.syncWavePayments = "-1"; // payments before api-service
      run(
          new PromoteCommand(CLOCK, context),
          "--repo",
          dir.toString(),
          "--app",
          "api-service",
          "--to",
          "dev",
          "--digest",
          "sha256:" + hex('b'),
          "--as",
          "CI <ci@myorg.com>",
          "--bot");
      run(
          new PromoteCommand(CLOCK, context),
          "--repo",
          dir.toString(),
          "--app",
          "payments",
          "--to",
          "dev",
          "--digest",
          "sha256:" + hex('c'),
          "--as",
          "CI <ci@myorg.com>",
          "--bot");
      // the fake agent is always synced at the branch head and healthy
      FakeArgoHead head = new FakeArgoHead(repo, argo);
      server.setDispatcher(head);

      Run r =
          run(
              new PromoteCommand(CLOCK, context),
              "--repo",
              dir.toString(),
              "--to",
              "staging",
              "--from",
              "dev",
              "--all",
              "--train",
              "--wait",
              "2m",
              "--as",
              "Ada <ada@myorg.com>");

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains("2 wave(s) [[payments], [api-service]]")
          .contains("wave 1 [payments]: committed")
          .contains("wave 2 [api-service]: committed")
          .contains("delivered: all 2 waves are live and healthy");
      assertThat(repo.isClean()).isTrue();
    }
  }

  /** Reports every application synced at the repository's current main. */
  static final class FakeArgoHead extends Dispatcher {
    private final CliRepo repo;
    private final FakeArgo argo;

    FakeArgoHead(CliRepo repo, FakeArgo argo) {
      this.repo = repo;
      this.argo = argo;
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) {
      argo.revision = repo.head();
      return argo.dispatch(r);
    }
  }
}
