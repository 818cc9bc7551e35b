package dev.gitops.promotion.flux;

import static dev.gitops.promotion.http.testing.TestTls.CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.http.testing.ContractSamples;
import dev.gitops.promotion.http.testing.TestTls;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubeconfig files as kubectl writes them (current context, token, client certificate, CA bundle,
 * inline or in files), and a Flux agent built from one talking TLS to a mock API server that
 * requires the client certificate.
 */
class KubeconfigTest {
  private static final ContractSamples SAMPLES = ContractSamples.of("flux");

  static final HeldCertificate CLIENT =
      new HeldCertificate.Builder().commonName("system:admin").signedBy(CA).ecdsa256().build();

  @TempDir Path dir;
  final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    TestTls.serveHttps(server);
    server.requestClientAuth();
    server.setDispatcher(
        new FakeKubernetes()
            .put(FakeKubernetes.KS + "apps", SAMPLES.load("kustomization.ready.json"))
            .put(
                FakeKubernetes.GIT + "flux-system",
                FluxAgentTest.gitRepository(FluxAgentTest.SHA)));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  String kubeconfig(String currentContext, String userBlock) {
    return """
        apiVersion: v1
        kind: Config
        current-context: %s
        clusters:
        - name: prod
          cluster:
            server: %s
            certificate-authority-data: %s
        - name: other
          cluster:
            server: https://other.invalid:6443
        contexts:
        - name: prod-admin
          context: {cluster: prod, user: admin, namespace: flux-system}
        - name: other-ctx
          context: {cluster: other, user: admin}
        users:
        - name: admin
          user:
        %s
        """
        .formatted(
            currentContext,
            server.url("/").toString().replaceAll("/$", ""),
            b64(CA.certificatePem()),
            userBlock.indent(4).stripTrailing());
  }

  @Test
  void theCurrentContextWithAClientCertificateAndTheCaBundle() throws Exception {
    String user =
        "client-certificate-data: "
            + b64(CLIENT.certificatePem())
            + "\nclient-key-data: "
            + b64(CLIENT.privateKeyPkcs8Pem());
    Kubeconfig k =
        Kubeconfig.parse(kubeconfig("prod-admin", user), "kubeconfig", dir, Optional.empty());

    assertThat(k.context()).isEqualTo("prod-admin");
    assertThat(k.namespace()).contains("flux-system");
    assertThat(k.hasClientCertificate()).isTrue();
    assertThat(k.hasToken()).isFalse();
    assertThat(k.hasCertificateAuthority()).isTrue();
    assertThat(k.toString()).doesNotContain("BEGIN").contains("prod-admin");

    FluxAgent agent =
        FluxAgent.builder()
            .client(k.clientBuilder().clock(ManualClock.at("2025-08-15T12:00:00Z")).build())
            .clock(ManualClock.at("2025-08-15T12:00:00Z"))
            .build();
    SyncStatus s =
        agent.status(Environment.of("prod", Delivery.DIRECT_COMMIT), FluxAgentTest.app("apps"));

    assertThat(s.isSyncedAndHealthy()).isTrue();
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    X509Certificate presented = (X509Certificate) r.getHandshake().peerCertificates().get(0);
    assertThat(presented).isEqualTo(CLIENT.certificate());
  }

  @Test
  void aTokenAndFilesRelativeToTheKubeconfigThroughTheProviderAndKubeconfigVariable()
      throws Exception {
    Files.writeString(dir.resolve("token"), "file-token\n");
    Path file = dir.resolve("config");
    Files.writeString(file, kubeconfig("prod-admin", "tokenFile: token"));
    AdapterContext context =
        AdapterContext.system(java.time.Clock.systemUTC())
            .withEnvironment(
                Map.of("KUBECONFIG", dir.resolve("absent") + java.io.File.pathSeparator + file))
            .withClock(ManualClock.at("2025-08-15T12:00:00Z"))
            .withSleeper(d -> {});

    GitOpsAgent agent =
        Adapters.onClassPath()
            .agent(
                "prod",
                new AdapterSpec("flux", Map.of("kustomization", "{app}"), "p.yaml:9:5"),
                context);
    SyncStatus s =
        agent.status(Environment.of("prod", Delivery.DIRECT_COMMIT), FluxAgentTest.app("apps"));

    assertThat(s.isSyncedAndHealthy()).isTrue();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
        .isEqualTo("Bearer file-token");
  }

  @Test
  void anExplicitContextAndInlineToken() {
    Kubeconfig k =
        Kubeconfig.parse(
            kubeconfig("prod-admin", "token: abc.def"), "kc", dir, Optional.of("other-ctx"));

    assertThat(k.context()).isEqualTo("other-ctx");
    assertThat(k.server()).isEqualTo("https://other.invalid:6443");
    assertThat(k.hasToken()).isTrue();
    assertThat(k.hasCertificateAuthority()).isFalse();
    assertThat(k.namespace()).isEmpty();
    assertThat(k.toString()).doesNotContain("abc.def");
  }

  @Test
  void unusableKubeconfigsAreBadInputSayingWhy() {
    assertThatThrownBy(
            () -> Kubeconfig.parse(kubeconfig("nope", "token: t"), "kc", dir, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no context named 'nope'");
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    kubeconfig("prod-admin", "exec:\n  command: aws"), "kc", dir, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("exec credential plugin");
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    kubeconfig("prod-admin", "client-certificate-data: " + b64("x")),
                    "kc",
                    dir,
                    Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("without its key");
    assertThatThrownBy(() -> Kubeconfig.parse("a: [", "kc", dir, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> Kubeconfig.parse("clusters: []\n", "kc", dir, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no current-context");
    assertThatThrownBy(() -> Kubeconfig.load(dir.resolve("missing"), Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot read the kubeconfig");
  }

  @Test
  void theProviderReadsCredentialsOnlyWhenTheServerIsFirstAsked() {
    AdapterContext context =
        AdapterContext.system(java.time.Clock.systemUTC())
            .withEnvironment(Map.of())
            .withClock(ManualClock.at("2025-08-15T12:00:00Z"));
    GitOpsAgent agent =
        new FluxAgentProvider()
            .create(
                "prod",
                new AdapterSpec(
                    "flux", Map.of("kubeconfig", dir.resolve("none").toString()), "p.yaml:3:3"),
                context);

    assertThatThrownBy(
            () ->
                agent.status(
                    Environment.of("prod", Delivery.DIRECT_COMMIT), FluxAgentTest.app("apps")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot read the kubeconfig");
    assertThatThrownBy(
            () ->
                new FluxAgentProvider()
                    .create(
                        "prod",
                        new AdapterSpec("flux", Map.of("kubeconfg", "x"), "p.yaml:3:3"),
                        context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kubeconfg");
  }
}
