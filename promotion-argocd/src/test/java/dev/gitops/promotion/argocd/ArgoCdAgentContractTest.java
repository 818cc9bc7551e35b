package dev.gitops.promotion.argocd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.http.testing.ContractSamples;
import dev.gitops.promotion.http.testing.MockHttp;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.GitOpsAgentContract;
import dev.gitops.promotion.testkit.ManualClock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;

/**
 * The testkit's agent contract against a fake Argo CD server: deploying sets the desired commit and
 * image; reconciling makes the server report them synced and healthy, in the shape of the
 * contract's sample application.
 */
class ArgoCdAgentContractTest extends GitOpsAgentContract {
  private static final ContractSamples SAMPLES = ContractSamples.of("argocd");

  private static final Environment DEV = Environment.of("dev", Delivery.DIRECT_COMMIT);
  private static final Application API =
      Application.builder()
          .name("api-service")
          .imageRepository("ghcr.io/myorg/api-service")
          .putLocations("dev", OverlayLocation.of("apps/api-service/dev/kustomization.yaml", "k"))
          .build();

  @StartStop final MockWebServer server = new MockWebServer();
  private final FakeArgoCd argo = new FakeArgoCd();
  private final AtomicInteger commits = new AtomicInteger();

  /** Serves one application, api-service-dev; every other name is 404. */
  static final class FakeArgoCd extends Dispatcher {
    volatile String desiredRevision;
    volatile ImageReference desiredImage;
    volatile String liveRevision;
    volatile ImageReference liveImage;
    volatile String brokenMessage;

    void reconcile() {
      if (desiredRevision != null && !desiredRevision.equals(liveRevision)) {
        liveRevision = desiredRevision;
        liveImage = desiredImage;
      }
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) {
      String path = r.getUrl().encodedPath();
      if (!path.startsWith("/api/v1/applications/api-service-dev")) {
        return MockHttp.json(404, SAMPLES.error("404_not_found"));
      }
      if (path.endsWith("/sync") && "POST".equals(r.getMethod())) {
        reconcile(); // a requested sync applies the desired state at once
        return MockHttp.json(200, application());
      }
      return MockHttp.json(200, application());
    }

    private synchronized ObjectNode application() {
      ObjectNode app = SAMPLES.load("application-get.200.json");
      app.withObjectProperty("metadata").put("name", "api-service-dev");
      ObjectNode status = app.withObjectProperty("status");
      if (liveRevision == null) {
        status.withObjectProperty("sync").put("status", "OutOfSync").remove("revision");
        status.withObjectProperty("health").put("status", "Missing");
        status.remove("operationState");
        status.withObjectProperty("summary").putArray("images");
        return app;
      }
      boolean synced = liveRevision.equals(desiredRevision);
      status.withObjectProperty("sync").put("status", synced ? "Synced" : "OutOfSync");
      status.withObjectProperty("sync").put("revision", liveRevision);
      status
          .withObjectProperty("operationState")
          .withObjectProperty("syncResult")
          .put("revision", liveRevision);
      status
          .withObjectProperty("operationState")
          .withObjectProperty("operation")
          .withObjectProperty("sync")
          .put("revision", liveRevision);
      status
          .withObjectProperty("health")
          .put("status", brokenMessage == null ? "Healthy" : "Degraded");
      if (brokenMessage != null) {
        status.withObjectProperty("health").put("message", brokenMessage);
      }
      status.withObjectProperty("summary").putArray("images").add(liveImage.toString());
      return app;
    }
  }

  @Override
  protected GitOpsAgent subject() {
    server.setDispatcher(argo);
    ManualClock clock = ManualClock.at("2025-11-14T09:00:00Z");
    RestClient client =
        RestClient.builder()
            .baseUrl(server.url("/").toString())
            .credentials(Credentials.bearer("contract-token"))
            .clock(clock)
            .readTimeout(Duration.ofSeconds(5))
            .build();
    return ArgoCdAgent.builder().client(client).clock(clock).sleeper(d -> {}).build();
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
    id[19] = (byte) commits.incrementAndGet();
    id[0] = (byte) 0xab;
    String sha = HexFormat.of().formatHex(id);
    argo.desiredRevision = sha;
    argo.desiredImage = image;
    return Revision.of(sha);
  }

  @Override
  protected void awaitReconciliation() {
    argo.reconcile();
  }

  @Override
  protected void breakApplication(String message) {
    argo.brokenMessage = message;
  }
}
