package dev.gitops.promotion.argocd;

import static dev.gitops.promotion.http.testing.MockHttp.json;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.http.testing.ContractSamples;
import dev.gitops.promotion.http.testing.MockHttp;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.testkit.ManualClock;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** {@code kind: argocd} in promotion.yaml, found through the service loader. */
class ArgoCdAgentProviderTest {
  private static final ContractSamples SAMPLES = ContractSamples.of("argocd");

  @StartStop final MockWebServer server = new MockWebServer();
  final AdapterContext context =
      AdapterContext.system(java.time.Clock.systemUTC())
          .withEnvironment(Map.of("ARGOCD_AUTH_TOKEN", "from-the-environment"))
          .withClock(ManualClock.at("2024-03-05T08:00:00Z"))
          .withSleeper(d -> {});
  static final Environment STAGING = Environment.of("staging", Delivery.DIRECT_COMMIT);
  static final Application API =
      Application.builder()
          .name("api")
          .imageRepository("ghcr.io/acme/api")
          .putLocations("staging", OverlayLocation.of("api.yaml", "k"))
          .build();

  @Test
  void theServiceLoaderFindsTheArgoCdKindAndTheTokenComesFromTheEnvironment() throws Exception {
    AdapterSpec spec =
        new AdapterSpec(
            "argocd", Map.of("url", server.url("/").toString()), "promotion.yaml:12:14");
    GitOpsAgent agent = Adapters.onClassPath().agent("staging", spec, context);
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));

    assertThat(agent).isInstanceOf(ArgoCdAgent.class);
    assertThat(agent.status(STAGING, API).isSyncedAndHealthy()).isTrue();
    RecordedRequest r = take(server);
    assertThat(r.getTarget()).startsWith("/api/v1/applications/api-staging?");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer from-the-environment");
  }

  @Test
  void theApplicationTemplateProjectAndTokenVariableAreSettings() throws Exception {
    AdapterSpec spec =
        new AdapterSpec(
            "argocd",
            Map.of(
                "url", server.url("/").toString(),
                "application", "{app}",
                "project", "apps",
                "tokenVariable", "MY_ARGO_TOKEN"),
            "promotion.yaml:3:9");
    GitOpsAgent agent =
        new ArgoCdAgentProvider()
            .create("staging", spec, context.withEnvironment(Map.of("MY_ARGO_TOKEN", "mine")));
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));

    agent.status(STAGING, API);

    RecordedRequest r = take(server);
    assertThat(r.getTarget()).isEqualTo("/api/v1/applications/api?refresh=normal&project=apps");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer mine");
  }

  @Test
  void aSessionLoginWithTheUsernameAndThePasswordFromTheEnvironment() throws Exception {
    String claims =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"exp\":1893456000}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String jwt = "eyJhbGciOiJIUzI1NiJ9." + claims + ".c2lnbmF0dXJl";
    server.enqueue(json(200, "{\"token\":\"" + jwt + "\"}"));
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));
    server.enqueue(json(200, SAMPLES.load("application-get.200.json")));
    AdapterSpec spec =
        new AdapterSpec(
            "argocd",
            Map.of("url", server.url("/").toString(), "username", "promoter"),
            "promotion.yaml:5:5");
    GitOpsAgent agent =
        new ArgoCdAgentProvider()
            .create(
                "staging", spec, context.withEnvironment(Map.of("ARGOCD_PASSWORD", "s3cret-pw")));

    agent.status(STAGING, API);
    agent.status(STAGING, API);

    RecordedRequest login = take(server);
    assertThat(login.getMethod()).isEqualTo("POST");
    assertThat(login.getTarget()).isEqualTo("/api/v1/session");
    assertThat(MockHttp.body(login)).contains("\"username\":\"promoter\"").contains("s3cret-pw");
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + jwt);
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + jwt);
    assertThat(server.getRequestCount()).isEqualTo(3); // one login for both reads
    assertThat(agent.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void aMissingTokenIsBadInputNamingTheVariableWhenTheServerIsFirstAsked() {
    AdapterSpec spec =
        new AdapterSpec("argocd", Map.of("url", server.url("/").toString()), "promotion.yaml:7:5");
    GitOpsAgent agent =
        new ArgoCdAgentProvider().create("staging", spec, context.withEnvironment(Map.of()));

    assertThatThrownBy(() -> agent.status(STAGING, API))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("promotion.yaml:7:5")
        .hasMessageContaining("ARGOCD_AUTH_TOKEN");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unknownSettingsAndAMissingUrlAreRefusedWithTheirLocation() {
    assertThatThrownBy(
            () ->
                new ArgoCdAgentProvider()
                    .create(
                        "staging",
                        new AdapterSpec(
                            "argocd", Map.of("url", "https://a", "aplication", "x"), "p.yaml:2:3"),
                        context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("p.yaml:2:3")
        .hasMessageContaining("aplication");
    assertThatThrownBy(
            () ->
                new ArgoCdAgentProvider()
                    .create("staging", new AdapterSpec("argocd", Map.of(), "p.yaml:4:3"), context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs 'url'");
  }
}
