package dev.gitops.promotion.flux;

import static dev.gitops.promotion.flux.FakeKubernetes.GIT;
import static dev.gitops.promotion.flux.FakeKubernetes.KS;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.http.testing.ContractSamples;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.GitOpsAgentContract;
import dev.gitops.promotion.testkit.ManualClock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;

/**
 * The testkit's agent contract against a fake Kubernetes API server: deploying moves the
 * GitRepository's artifact to a new commit; reconciling makes the Kustomization apply it, Ready for
 * its generation, in the shape of the contract's samples.
 */
class FluxAgentContractTest extends GitOpsAgentContract {
  private static final ContractSamples SAMPLES = ContractSamples.of("flux");

  private static final Environment DEV = Environment.of("dev", Delivery.DIRECT_COMMIT);
  private static final Application API =
      Application.builder()
          .name("api-service")
          .imageRepository("ghcr.io/myorg/api-service")
          .putLocations("dev", OverlayLocation.of("apps/api-service/dev/kustomization.yaml", "k"))
          .build();

  @StartStop final MockWebServer server = new MockWebServer();
  private final FakeKubernetes kube = new FakeKubernetes();
  private final AtomicInteger commits = new AtomicInteger();
  private volatile String desired;

  @Override
  protected GitOpsAgent subject() {
    server.setDispatcher(kube);
    ObjectNode ks = SAMPLES.load("kustomization.ready.json");
    ks.withObjectProperty("metadata").put("name", "api-service-dev");
    ks.withObjectProperty("status").remove("lastAppliedRevision");
    ks.withObjectProperty("status").remove("lastAttemptedRevision");
    ObjectNode ready = (ObjectNode) ks.path("status").path("conditions").get(0);
    ready.put("status", "Unknown").put("reason", "Progressing").put("message", "not applied yet");
    kube.put(KS + "api-service-dev", ks);
    kube.put(GIT + "flux-system", SAMPLES.load("gitrepository.ready.json"));
    ManualClock clock = ManualClock.at("2025-11-14T09:00:00Z");
    RestClient client =
        RestClient.builder()
            .baseUrl(server.url("/").toString())
            .clock(clock)
            .readTimeout(Duration.ofSeconds(5))
            .build();
    return FluxAgent.builder()
        .client(client)
        .clock(clock)
        .sleeper(d -> {})
        .kustomization("{app}-{env}")
        .build();
  }

  @Override
  protected Environment environment() {
    return DEV;
  }

  @Override
  protected Application application() {
    return API;
  }

  @Override
  protected Revision deploy(ImageReference image) {
    byte[] id = new byte[20];
    id[0] = (byte) 0xcd;
    id[19] = (byte) commits.incrementAndGet();
    desired = HexFormat.of().formatHex(id);
    kube.objects
        .get(GIT + "flux-system")
        .withObjectProperty("status")
        .withObjectProperty("artifact")
        .put("revision", "main@sha1:" + desired);
    return Revision.of(desired);
  }

  @Override
  protected void awaitReconciliation() {
    if (desired == null) {
      return;
    }
    synchronized (kube) {
      ObjectNode ks = kube.objects.get(KS + "api-service-dev");
      ks.withObjectProperty("status").put("lastAppliedRevision", "main@sha1:" + desired);
      ks.withObjectProperty("status").put("lastAttemptedRevision", "main@sha1:" + desired);
      ObjectNode ready = (ObjectNode) ks.path("status").path("conditions").get(0);
      if (!"HealthCheckFailed".equals(ready.path("reason").asText())) {
        ready.put("status", "True").put("reason", "ReconciliationSucceeded");
        ready.put("message", "Applied revision: main@sha1:" + desired);
      }
    }
  }

  @Override
  protected void breakApplication(String message) {
    synchronized (kube) {
      ObjectNode ks = kube.objects.get(KS + "api-service-dev");
      ObjectNode ready = (ObjectNode) ks.path("status").path("conditions").get(0);
      ready.put("status", "False").put("reason", "HealthCheckFailed").put("message", message);
    }
  }
}
