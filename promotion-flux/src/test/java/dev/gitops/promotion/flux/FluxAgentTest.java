package dev.gitops.promotion.flux;

import static dev.gitops.promotion.flux.FakeKubernetes.GIT;
import static dev.gitops.promotion.flux.FakeKubernetes.KS;
import static dev.gitops.promotion.http.testing.MockHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.gitops.promotion.http.testing.MockHttp;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import dev.gitops.promotion.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Flux agent against a fake Kubernetes API server holding the contract's sample objects. */
class FluxAgentTest {
  private static final ContractSamples SAMPLES = ContractSamples.of("flux");

  static final String SHA = "450796ddb2ab6724ee1cc32a4be56da032d1cca0";
  static final String NEW_SHA = "9f2c1e0d5a7b3c4d8e6f0a1b2c3d4e5f6a7b8c9d";
  static final Environment PROD = Environment.of("prod", Delivery.DIRECT_COMMIT);
  static final Application APPS = app("apps");

  @StartStop final MockWebServer server = new MockWebServer();
  final FakeKubernetes kube = new FakeKubernetes();
  final ManualClock clock = ManualClock.at("2025-08-15T12:00:00Z");
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final Sleeper sleeper =
      d -> {
        slept.add(d);
        clock.advance(d);
      };

  static Application app(String name) {
    return Application.builder()
        .name(name)
        .imageRepository("ghcr.io/acme/" + name)
        .putLocations("prod", OverlayLocation.of("envs/prod/" + name + ".yaml", "k"))
        .build();
  }

  @BeforeEach
  void objects() {
    server.setDispatcher(kube);
    kube.put(KS + "apps-prod", SAMPLES.load("kustomization.ready.json"));
    kube.put(GIT + "flux-system", gitRepository(SHA));
  }

  static ObjectNode gitRepository(String sha) {
    ObjectNode git = SAMPLES.load("gitrepository.ready.json");
    git.withObjectProperty("status")
        .withObjectProperty("artifact")
        .put("revision", "main@sha1:" + sha);
    return git;
  }

  RestClient.Builder client() {
    return RestClient.builder()
        .baseUrl(server.url("/").toString())
        .credentials(Credentials.bearer("sa-token"))
        .clock(clock)
        .sleeper(sleeper)
        .readTimeout(Duration.ofSeconds(5));
  }

  FluxAgent agent() {
    return agent(client().build());
  }

  FluxAgent agent(RestClient client) {
    return FluxAgent.builder()
        .client(client)
        .clock(clock)
        .sleeper(sleeper)
        .kustomization("{app}-{env}")
        .build();
  }

  @Test
  void aReadyKustomizationAtTheSourcesRevisionIsSyncedAndHealthy() throws Exception {
    SyncStatus s = agent().status(PROD, APPS);

    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.SYNCED);
    assertThat(s.health()).isEqualTo(Health.HEALTHY);
    assertThat(s.revision()).contains(Revision.of(SHA));
    assertThat(s.images()).isEmpty();
    assertThat(s.observedAt()).isEqualTo(clock.instant());
    assertThat(s.since()).contains(java.time.Instant.parse("2025-08-15T11:12:00Z"));
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(first.getTarget()).isEqualTo(KS + "apps-prod");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer sa-token");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo(GIT + "flux-system");
  }

  @Test
  void aSourceAheadOfTheAppliedRevisionIsOutOfSync() {
    kube.put(GIT + "flux-system", gitRepository(NEW_SHA));

    SyncStatus s = agent().status(PROD, APPS);

    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.OUT_OF_SYNC);
    assertThat(s.health()).isEqualTo(Health.HEALTHY);
    assertThat(s.revision()).contains(Revision.of(SHA));
    assertThat(s.message().orElseThrow()).contains("the source is at " + NEW_SHA);
  }

  @Test
  void aReconcilingKustomizationIsProgressingThenHealthyAtTheNewRevision() {
    kube.put(KS + "apps-prod", SAMPLES.load("kustomization.reconciling.synthetic.json"));
    kube.put(GIT + "flux-system", gitRepository(NEW_SHA));
    FluxAgent agent = agent();

    SyncStatus during = agent.status(PROD, APPS);
    assertThat(during.health()).isEqualTo(Health.PROGRESSING);
    assertThat(during.sync()).isEqualTo(SyncStatus.Sync.OUT_OF_SYNC);
    assertThat(during.revision()).contains(Revision.of(SHA));

    kube.put(KS + "apps-prod", applied(SAMPLES.load("kustomization.ready.json"), NEW_SHA));
    SyncStatus after = agent.status(PROD, APPS);
    assertThat(after.isSyncedAndHealthy()).isTrue();
    assertThat(after.revision()).contains(Revision.of(NEW_SHA));
  }

  static ObjectNode applied(ObjectNode ks, String sha) {
    ks.withObjectProperty("status").put("lastAppliedRevision", "main@sha1:" + sha);
    ks.withObjectProperty("status").put("lastAttemptedRevision", "main@sha1:" + sha);
    return ks;
  }

  @Test
  void aStaleGenerationIsProgressingEvenWhenTheOldStatusWasReady() {
    ObjectNode ks = SAMPLES.load("kustomization.ready.json");
    ks.withObjectProperty("metadata").put("generation", 8);
    kube.put(KS + "apps-prod", ks);

    SyncStatus s = agent().status(PROD, APPS);

    assertThat(s.health()).isEqualTo(Health.PROGRESSING);
    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.OUT_OF_SYNC);
  }

  @Test
  void waitingOnADependencyIsProgressingWithTheControllersMessage() {
    kube.put(KS + "apps-prod", SAMPLES.load("kustomization.dependency-not-ready.synthetic.json"));

    SyncStatus s = agent().status(PROD, APPS);

    assertThat(s.health()).isEqualTo(Health.PROGRESSING);
    assertThat(s.isSyncedAndHealthy()).isFalse();
    assertThat(s.message().orElseThrow()).contains("dependency 'flux-system/infra-prod'");
  }

  @Test
  void aFailedBuildIsDegradedAndStalledToo() {
    ObjectNode ks = SAMPLES.load("kustomization.ready.json");
    ObjectNode ready = (ObjectNode) ks.path("status").path("conditions").get(0);
    ready
        .put("status", "False")
        .put("reason", "BuildFailed")
        .put("message", "kustomize build failed");
    kube.put(KS + "apps-prod", ks);
    assertThat(agent().status(PROD, APPS).health()).isEqualTo(Health.DEGRADED);

    ObjectNode stalled = SAMPLES.load("kustomization.reconciling.synthetic.json");
    ((ArrayNode) stalled.path("status").path("conditions"))
        .addObject()
        .put("type", "Stalled")
        .put("status", "True")
        .put("reason", "InvalidPath");
    kube.put(KS + "apps-prod", stalled);
    assertThat(agent().status(PROD, APPS).health()).isEqualTo(Health.DEGRADED);
  }

  @Test
  void aSuspendedKustomizationIsSuspended() {
    ObjectNode ks = SAMPLES.load("kustomization.ready.json");
    ks.withObjectProperty("spec").put("suspend", true);
    kube.put(KS + "apps-prod", ks);

    assertThat(agent().status(PROD, APPS).health()).isEqualTo(Health.SUSPENDED);
  }

  @Test
  void aMissingKustomizationIsMissing() {
    SyncStatus s = agent().status(PROD, app("nope"));

    assertThat(s.health()).isEqualTo(Health.MISSING);
    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.UNKNOWN);
    assertThat(s.message().orElseThrow()).contains("flux-system/nope-prod");
  }

  @Test
  void forbiddenAndUnauthorizedAreTypedErrorsWithTheApiServersMessage() {
    kube.failures.put(KS + "apps-prod", json(403, SAMPLES.load("k8s-status.403.json")));
    assertThatThrownBy(() -> agent().status(PROD, APPS))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(403);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("forbidden").doesNotContain("sa-token");
            });
    kube.failures.put(
        KS + "apps-prod",
        json(
            401,
            "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}"));
    assertThatThrownBy(() -> agent().status(PROD, APPS))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class, e -> assertThat(e.httpStatus()).hasValue(401));
  }

  @Test
  void malformedJsonIsATypedError() {
    kube.failures.put(
        KS + "apps-prod", new MockResponse.Builder().code(200).body("{\"status\": [").build());

    assertThatThrownBy(() -> agent().status(PROD, APPS))
        .isInstanceOf(RemoteUnavailableException.class);
  }

  @Test
  void aSlowApiServerTimesOutRetryably() {
    kube.failures.put(
        KS + "apps-prod",
        new MockResponse.Builder()
            .code(200)
            .body(SAMPLES.load("kustomization.ready.json").toString())
            .headersDelay(2, TimeUnit.SECONDS)
            .build());
    RestClient impatient =
        client().readTimeout(Duration.ofMillis(300)).retryPolicy(HttpRetryPolicy.none()).build();

    assertThatThrownBy(() -> agent(impatient).status(PROD, APPS))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @Test
  void theReconcileHandshakePatchesSourceAndKustomizationAndWaitsForTheToken() throws Exception {
    kube.put(GIT + "flux-system", gitRepository(NEW_SHA));
    AtomicInteger polls = new AtomicInteger();
    kube.onGet =
        (path, o) -> {
          if (!path.startsWith(KS)) {
            return;
          }
          String token =
              o.path("metadata").path("annotations").path(FluxAgent.REQUESTED_AT).asText();
          // the controller handles the request on the third poll after the patch
          if (!kube.patches.isEmpty() && polls.incrementAndGet() == 3) {
            o.withObjectProperty("status").put("lastHandledReconcileAt", token);
            applied(o, NEW_SHA);
          }
        };

    SyncStatus s = agent().reconcile(PROD, APPS, Duration.ofMinutes(5), Duration.ofSeconds(2));

    assertThat(s.isSyncedAndHealthy()).isTrue();
    assertThat(s.revision()).contains(Revision.of(NEW_SHA));
    assertThat(kube.patches).hasSize(2);
    RecordedRequest source = kube.patches.get(0);
    RecordedRequest ks = kube.patches.get(1);
    assertThat(source.getTarget()).isEqualTo(GIT + "flux-system");
    assertThat(ks.getTarget()).isEqualTo(KS + "apps-prod");
    assertThat(ks.getHeaders().get("Content-Type")).startsWith("application/merge-patch+json");
    JsonNode body = ContractSamples.JSON.readTree(MockHttp.body(ks));
    assertThat(body.path("metadata").path("annotations").path(FluxAgent.REQUESTED_AT).asText())
        .isEqualTo("2025-08-15T12:00:00Z");
    assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void aReconcileTheControllerNeverHandlesTimesOutRetryably() {
    kube.put(KS + "apps-prod", SAMPLES.load("kustomization.ready.json"));

    assertThatThrownBy(
            () -> agent().reconcile(PROD, APPS, Duration.ofSeconds(30), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.getMessage()).contains("has not handled the reconcile request");
            });
    // 5 + 10 + 15 (the rest of the 30 s): no busy loop, no sleeping past the deadline
    assertThat(slept)
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15));
  }

  @Test
  void requestSyncOfAMissingKustomizationFails() {
    assertThatThrownBy(() -> agent().requestSync(PROD, app("nope")))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class, e -> assertThat(e.httpStatus()).hasValue(404));
  }

  @Test
  void dependenciesAreJudgedByTheControllersRule() {
    kube.put(KS + "apps-prod", SAMPLES.load("kustomization.dependency-not-ready.synthetic.json"));
    // infra-prod: ready at the source's revision; crds: ready but behind the shared source
    ObjectNode infra = SAMPLES.load("kustomization.ready.json");
    infra.withObjectProperty("metadata").put("name", "infra-prod");
    kube.put(KS + "infra-prod", infra);
    ObjectNode crds = applied(SAMPLES.load("kustomization.ready.json"), NEW_SHA);
    crds.withObjectProperty("metadata").put("name", "crds");
    kube.put(KS + "crds", crds);

    List<FluxDependency> deps = agent().dependencies(PROD, APPS);

    assertThat(deps)
        .containsExactly(
            new FluxDependency("flux-system", "infra-prod", true, "ready"),
            new FluxDependency(
                "flux-system", "crds", false, "it has not applied the source's revision yet"));
    kube.objects.remove(KS + "crds");
    assertThat(agent().dependencies(PROD, APPS).get(1).reason()).isEqualTo("it does not exist");
  }

  @Test
  void dependsOnMapsKustomizationsBackToApplications() {
    ObjectNode infra = SAMPLES.load("kustomization.ready.json");
    ((ArrayNode) infra.path("spec").path("dependsOn")).removeAll();
    kube.put(KS + "infra-prod", infra);
    Application infraApp = app("infra");
    Application crds = app("crds"); // its Kustomization would be crds-prod, not crds

    assertThat(agent().dependsOn(PROD, APPS, List.of(APPS, infraApp, crds)))
        .isEqualTo(Set.of("infra"));
    assertThat(agent().dependsOn(PROD, infraApp, List.of(APPS, infraApp, crds))).isEmpty();
  }

  @Test
  void aHelmReleaseIsReadyWithItsChartVersion() {
    kube.put(
        "/apis/helm.toolkit.fluxcd.io/v2/namespaces/podinfo/helmreleases/podinfo",
        SAMPLES.load("helmrelease.v2.ready.json"));

    SyncStatus s = agent().helmRelease("podinfo", "podinfo");

    assertThat(s.isSyncedAndHealthy()).isTrue();
    assertThat(s.revision()).isEmpty();
    assertThat(s.message().orElseThrow()).contains("podinfo@6.6.1+0cc9a8446c95 (deployed)");
    assertThat(agent().helmRelease("podinfo", "other").health()).isEqualTo(Health.MISSING);
  }

  @Test
  void theGitRepositoryRevisionIsItsArtifactsCommit() {
    assertThat(agent().gitRepositoryRevision("flux-system", "flux-system"))
        .contains(Revision.of(SHA));
    assertThat(agent().gitRepositoryRevision("flux-system", "nope")).isEmpty();
  }

  @Test
  void imagePoliciesInV1AndTheLegacyV1beta2() {
    kube.put(
        "/apis/image.toolkit.fluxcd.io/v1/namespaces/flux-system/imagepolicies/podinfo",
        SAMPLES.load("imagepolicy.v1.json"));
    kube.put(
        "/apis/image.toolkit.fluxcd.io/v1beta2/namespaces/flux-system/imagepolicies/legacy",
        SAMPLES.load("imagepolicy.v1beta2.legacy.json"));

    assertThat(agent().imagePolicy("flux-system", "podinfo"))
        .contains(
            ImageReference.parse(
                "ghcr.io/stefanprodan/podinfo:5.1.4@sha256:"
                    + "2d9a00b3981628a533ff43352193b1838b0a4bf6b0033444286f563205e51a2c"));
    assertThat(agent().imagePolicy("flux-system", "legacy"))
        .contains(ImageReference.parse("ghcr.io/stefanprodan/podinfo:5.1.4"));
    assertThat(agent().imagePolicy("flux-system", "none")).isEmpty();
  }
}
