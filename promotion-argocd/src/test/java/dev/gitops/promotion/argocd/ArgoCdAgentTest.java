package dev.gitops.promotion.argocd;

import static dev.gitops.promotion.http.testing.MockHttp.body;
import static dev.gitops.promotion.http.testing.MockHttp.json;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.HttpRetryPolicy;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.http.testing.ContractSamples;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import dev.gitops.promotion.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The Argo CD agent against a mock server answering with payloads shaped like the samples. */
class ArgoCdAgentTest {
  private static final ContractSamples SAMPLES = ContractSamples.of("argocd");

  static final String TOKEN = "argocd-test-token-123";
  static final Environment PROD = Environment.of("prod", Delivery.DIRECT_COMMIT);
  static final Application GUESTBOOK =
      Application.builder()
          .name("guestbook")
          .imageRepository("ghcr.io/acme/guestbook")
          .putLocations("prod", OverlayLocation.of("envs/prod/guestbook/kustomization.yaml", "k"))
          .build();
  static final String SHA = "ea8759964626a583667a2bfd08f334ec2070040a";

  @StartStop final MockWebServer server = new MockWebServer();
  final ManualClock clock = ManualClock.at("2024-03-05T08:00:00Z");
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final Sleeper sleeper =
      d -> {
        slept.add(d);
        clock.advance(d);
      };

  RestClient.Builder client() {
    return RestClient.builder()
        .baseUrl(server.url("/").toString())
        .credentials(Credentials.bearer(TOKEN))
        .clock(clock)
        .sleeper(sleeper)
        .random(new SplittableRandom(3))
        .readTimeout(Duration.ofSeconds(5));
  }

  ArgoCdAgent agent() {
    return agent(client().build());
  }

  ArgoCdAgent agent(RestClient client) {
    return ArgoCdAgent.builder().client(client).clock(clock).sleeper(sleeper).build();
  }

  @Test
  void aSyncedHealthyApplicationReportsRevisionHealthAndImages() throws Exception {
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));

    SyncStatus s = agent().status(PROD, GUESTBOOK);

    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.SYNCED);
    assertThat(s.health()).isEqualTo(Health.HEALTHY);
    assertThat(s.isSyncedAndHealthy()).isTrue();
    assertThat(s.revision()).contains(Revision.of(SHA));
    assertThat(s.images()).containsExactly(ImageReference.parse("ghcr.io/acme/guestbook:1.4.2"));
    assertThat(s.observedAt()).isEqualTo(clock.instant());
    assertThat(s.since()).contains(Instant.parse("2024-03-05T07:33:04Z"));
    RecordedRequest r = take(server);
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getTarget()).isEqualTo("/api/v1/applications/guestbook-prod?refresh=normal");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void onlyTheFirstReadRefreshesUntilASyncIsRequested() throws Exception {
    ArgoCdAgent agent = agent();
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));

    agent.status(PROD, GUESTBOOK);
    agent.status(PROD, GUESTBOOK);
    agent.requestSync(PROD, GUESTBOOK);
    agent.status(PROD, GUESTBOOK);

    assertThat(take(server).getTarget()).endsWith("?refresh=normal");
    assertThat(take(server).getTarget()).isEqualTo("/api/v1/applications/guestbook-prod");
    RecordedRequest sync = take(server);
    assertThat(sync.getMethod()).isEqualTo("POST");
    assertThat(sync.getTarget()).isEqualTo("/api/v1/applications/guestbook-prod/sync");
    assertThat(ContractSamples.JSON.readTree(body(sync)).get("prune").asBoolean()).isFalse();
    assertThat(take(server).getTarget()).endsWith("?refresh=normal");
  }

  @Test
  void aRunningOperationIsProgressingThenTheFinishedSyncIsHealthy() {
    ArgoCdAgent agent = agent();
    server.enqueue(json(200, SAMPLES.load("application-get.syncing.synthetic.json")));
    ObjectNode done = SAMPLES.load("application-get.200.json");
    ((ObjectNode) done.path("status").path("sync"))
        .put("revision", "9f2c1e0d5a7b3c4d8e6f0a1b2c3d4e5f6a7b8c9d");
    server.enqueue(json(200, done));

    SyncStatus running = agent.status(PROD, GUESTBOOK);
    assertThat(running.sync()).isEqualTo(SyncStatus.Sync.OUT_OF_SYNC);
    assertThat(running.health()).isEqualTo(Health.PROGRESSING);
    assertThat(running.message().orElseThrow())
        .contains("sync operation running")
        .contains("waiting for healthy state");
    assertThat(running.isSyncedAndHealthy()).isFalse();

    SyncStatus after = agent.status(PROD, GUESTBOOK);
    assertThat(after.isSyncedAndHealthy()).isTrue();
    assertThat(after.revision()).contains(Revision.of("9f2c1e0d5a7b3c4d8e6f0a1b2c3d4e5f6a7b8c9d"));
  }

  @Test
  void aSyncedOperationStillRunningHooksIsNotYetHealthy() {
    ObjectNode app = SAMPLES.load("application-get.200.json");
    ((ObjectNode) app.path("status").path("operationState")).put("phase", "Running");
    server.enqueue(json(200, app));

    SyncStatus s = agent().status(PROD, GUESTBOOK);

    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.OUT_OF_SYNC);
    assertThat(s.health()).isEqualTo(Health.PROGRESSING);
  }

  @Test
  void aDegradedApplicationIsDegradedWithArgoCdsMessage() {
    ObjectNode app = SAMPLES.load("application-get.200.json");
    ObjectNode health = (ObjectNode) app.path("status").path("health");
    health.put("status", "Degraded");
    health.put("message", "Deployment \"guestbook\" exceeded its progress deadline");
    server.enqueue(json(200, app));

    SyncStatus s = agent().status(PROD, GUESTBOOK);

    assertThat(s.health()).isEqualTo(Health.DEGRADED);
    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.SYNCED);
    assertThat(s.message().orElseThrow()).contains("exceeded its progress deadline");
  }

  @Test
  void aFailedSyncOfTheComparedRevisionIsDegradedEvenWithHealthyOldPods() {
    ObjectNode app = SAMPLES.load("application-get.200.json");
    ObjectNode op = (ObjectNode) app.path("status").path("operationState");
    op.put("phase", "Failed");
    op.put("message", "one or more objects failed to apply");
    server.enqueue(json(200, app));

    SyncStatus s = agent().status(PROD, GUESTBOOK);

    assertThat(s.health()).isEqualTo(Health.DEGRADED);
    assertThat(s.message().orElseThrow()).contains("the last sync failed");
  }

  @Test
  void suspendedAndUnknownHealthAreReportedAsSuch() {
    for (String h : List.of("Suspended", "Missing", "Unknown", "SomethingNew")) {
      ObjectNode app = SAMPLES.load("application-get.200.json");
      ((ObjectNode) app.path("status").path("health")).put("status", h);
      server.enqueue(json(200, app));
    }
    ArgoCdAgent agent = agent();
    assertThat(agent.status(PROD, GUESTBOOK).health()).isEqualTo(Health.SUSPENDED);
    assertThat(agent.status(PROD, GUESTBOOK).health()).isEqualTo(Health.MISSING);
    assertThat(agent.status(PROD, GUESTBOOK).health()).isEqualTo(Health.UNKNOWN);
    assertThat(agent.status(PROD, GUESTBOOK).health()).isEqualTo(Health.UNKNOWN);
  }

  @Test
  void aMultiSourceApplicationReportsTheChosenSourcesRevision() {
    ObjectNode app = SAMPLES.load("application-get.200.json");
    ObjectNode sync = (ObjectNode) app.path("status").path("sync");
    sync.remove("revision");
    sync.putArray("revisions").add("1111111111111111111111111111111111111111").add(SHA);
    server.enqueue(json(200, app));
    server.enqueue(json(200, app));

    assertThat(agent().status(PROD, GUESTBOOK).revision())
        .contains(Revision.of("1111111111111111111111111111111111111111"));
    ArgoCdAgent second =
        ArgoCdAgent.builder().client(client().build()).clock(clock).source(1).build();
    assertThat(second.status(PROD, GUESTBOOK).revision()).contains(Revision.of(SHA));
  }

  @Test
  void anApplicationArgoCdDoesNotKnowIsMissing() throws Exception {
    server.enqueue(json(404, SAMPLES.error("404_not_found")));

    SyncStatus s = agent().status(PROD, GUESTBOOK);

    assertThat(s.health()).isEqualTo(Health.MISSING);
    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.UNKNOWN);
    assertThat(s.revision()).isEmpty();
    assertThat(s.message().orElseThrow()).contains("guestbook-prod");
  }

  @Test
  void theApplicationNameTemplateAndProjectAreUsed() throws Exception {
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));
    ArgoCdAgent agent =
        ArgoCdAgent.builder()
            .client(client().build())
            .clock(clock)
            .applicationName("{env}-{app}-svc")
            .project("team-a")
            .appNamespace("argocd-apps")
            .build();

    agent.status(PROD, GUESTBOOK);

    assertThat(take(server).getTarget())
        .isEqualTo(
            "/api/v1/applications/prod-guestbook-svc?refresh=normal&project=team-a"
                + "&appNamespace=argocd-apps");
  }

  @Test
  void unauthenticatedAndForbiddenAreTypedErrorsWithoutTheToken() {
    server.enqueue(json(401, SAMPLES.error("401_unauthenticated")));
    server.enqueue(json(403, SAMPLES.error("403_permission_denied")));
    ArgoCdAgent agent = agent();

    assertThatThrownBy(() -> agent.status(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(401);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("token is expired").doesNotContain(TOKEN);
            });
    assertThatThrownBy(() -> agent.status(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(403);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("permission denied").doesNotContain(TOKEN);
            });
  }

  @Test
  void malformedJsonIsATypedErrorNotACrash() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("{\"status\": {\"sync\": ")
            .build());

    assertThatThrownBy(() -> agent().status(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class, e -> assertThat(e.isRetryable()).isFalse());
  }

  @Test
  void aJsonAnswerWithoutStatusIsUnknownNotHealthy() {
    server.enqueue(json(200, "{\"metadata\":{\"name\":\"guestbook-prod\"}}"));

    SyncStatus s = agent().status(PROD, GUESTBOOK);

    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.UNKNOWN);
    assertThat(s.health()).isEqualTo(Health.UNKNOWN);
    assertThat(s.isSyncedAndHealthy()).isFalse();
  }

  @Test
  void aSlowServerTimesOutAsARetryableErrorAndIsRetried() {
    MockResponse slow =
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(SAMPLES.load("application-get.200.json").toString())
            .headersDelay(2, TimeUnit.SECONDS)
            .build();
    RestClient impatient =
        client().readTimeout(Duration.ofMillis(300)).retryPolicy(HttpRetryPolicy.none()).build();
    server.enqueue(slow);

    assertThatThrownBy(() -> agent(impatient).status(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue());

    // with retries, a slow answer followed by a prompt one succeeds
    server.enqueue(slow);
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));
    RestClient patient = client().readTimeout(Duration.ofMillis(300)).build();
    assertThat(agent(patient).status(PROD, GUESTBOOK).isSyncedAndHealthy()).isTrue();
  }

  @Test
  void anotherOperationInProgressIsRetriedWithBackoff() throws Exception {
    server.enqueue(json(400, SAMPLES.load("sync.error.another-operation.json")));
    server.enqueue(json(400, SAMPLES.load("sync.error.another-operation.json")));
    server.enqueue(json(200, SAMPLES.load("application-get.syncing.synthetic.json")));

    agent().requestSync(PROD, GUESTBOOK);

    assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void anOperationThatNeverEndsGivesUpRetryably() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(400, SAMPLES.load("sync.error.another-operation.json")));
    }
    ArgoCdAgent agent =
        ArgoCdAgent.builder()
            .client(client().build())
            .clock(clock)
            .sleeper(sleeper)
            .syncRetries(3, Duration.ofSeconds(1))
            .build();

    assertThatThrownBy(() -> agent.requestSync(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.getMessage()).contains("another operation").contains("3 attempts");
            });
  }

  @Test
  void aBlockingSyncWindowIsATypedWaitUntilTheWindowEnds() {
    server.enqueue(json(403, SAMPLES.error("403_sync_window")));
    // a deny window every day from 07:00 for 2h; it is 08:00, so it ends at 09:00
    server.enqueue(
        json(
            200,
            "{\"activeWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 7 * * *\","
                + "\"duration\":\"2h\",\"manualSync\":false}],\"canSync\":false}"));

    assertThatThrownBy(() -> agent().requestSync(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.retryAt()).contains(Instant.parse("2024-03-05T09:00:00Z"));
              assertThat(e.getMessage()).contains("sync window");
            });
  }

  @Test
  void aSyncWindowWhoseEndIsUnknownIsStillATypedWait() {
    server.enqueue(json(403, SAMPLES.error("403_sync_window")));
    server.enqueue(json(404, SAMPLES.error("404_not_found")));

    assertThatThrownBy(() -> agent().requestSync(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.retryAt()).isEmpty();
            });
  }

  @Test
  void syncingAnApplicationThatDoesNotExistFails() {
    server.enqueue(json(404, SAMPLES.error("404_not_found")));

    assertThatThrownBy(() -> agent().requestSync(PROD, GUESTBOOK))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(404);
              assertThat(e.isRetryable()).isFalse();
            });
  }

  @Test
  void anAppOfAppsIsJudgedByItsChildren() throws Exception {
    ObjectNode parent = SAMPLES.load("application-get.200.json");
    ArrayNode resources = (ArrayNode) parent.path("status").path("resources");
    resources.removeAll();
    resources.addObject().put("group", "argoproj.io").put("kind", "Application").put("name", "a");
    resources.addObject().put("group", "argoproj.io").put("kind", "Application").put("name", "b");
    ObjectNode a = SAMPLES.load("application-get.200.json");
    ObjectNode b = SAMPLES.load("application-get.200.json");
    ((ObjectNode) b.path("status").path("health")).put("status", "Degraded");
    server.enqueue(json(200, parent));
    server.enqueue(json(200, a));
    server.enqueue(json(200, b));

    SyncStatus s = agent().status(PROD, GUESTBOOK);

    assertThat(s.health()).isEqualTo(Health.DEGRADED);
    assertThat(s.revision()).contains(Revision.of(SHA));
    assertThat(s.message().orElseThrow()).contains("b is SYNCED/DEGRADED");
    take(server);
    assertThat(take(server).getTarget()).startsWith("/api/v1/applications/a");
    assertThat(take(server).getTarget()).startsWith("/api/v1/applications/b");
  }

  @Test
  void syncWavesOrderApplicationsLowerWavesFirst() {
    Application db = app("db");
    Application api = app("api");
    Application web = app("web");
    // api is in wave 1, db in wave -1, web has no annotation (wave 0)
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            ObjectNode app = SAMPLES.load("application-get.200.json");
            ObjectNode ann = (ObjectNode) app.path("metadata").path("annotations");
            String target = r.getTarget();
            if (target.contains("/api-prod")) {
              ann.put("argocd.argoproj.io/sync-wave", "1");
            } else if (target.contains("/db-prod")) {
              ann.put("argocd.argoproj.io/sync-wave", "-1");
            }
            return json(200, app);
          }
        });
    ArgoCdAgent agent = agent();
    List<Application> all = List.of(db, api, web);

    assertThat(agent.dependsOn(PROD, api, all)).isEqualTo(Set.of("db", "web"));
    assertThat(agent.dependsOn(PROD, web, all)).isEqualTo(Set.of("db"));
    assertThat(agent.dependsOn(PROD, db, all)).isEmpty();
    assertThat(agent.syncWave(PROD, db)).hasValue(-1);
  }

  private static Application app(String name) {
    return Application.builder()
        .name(name)
        .imageRepository("ghcr.io/acme/" + name)
        .putLocations("prod", OverlayLocation.of(name + ".yaml", "k"))
        .build();
  }
}
