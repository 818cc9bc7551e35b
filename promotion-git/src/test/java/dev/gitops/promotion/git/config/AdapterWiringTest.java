package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestHostProvider;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.GitOpsAgentProvider;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code host:} and {@code agents:} in promotion.yaml, built by providers the wiring finds. */
class AdapterWiringTest {
  private static final String FILE =
      """
      environments: [dev, staging, production]
      host:
        kind: github
        repository: myorg/gitops-config
        labels: [promotion, automated]
        timeouts: {read: 30s}
      agents:
        dev: {kind: argocd, url: "https://argocd.dev.example", application: "{app}-{env}"}
        production:
          kind: flux
          namespace: flux-system
          pollInterval: 15s
      """;

  private final List<String> calls = new ArrayList<>();

  @Test
  void parsesHostAndAgentsWithTheirLocations() {
    PromotionConfig c = PipelineFile.parse("promotion.yaml", FILE);
    AdapterSpec host = c.host().orElseThrow();
    assertThat(host.kind()).isEqualTo("github");
    assertThat(host.location()).isEqualTo("promotion.yaml:3:3");
    assertThat(host.required("repository")).isEqualTo("myorg/gitops-config");
    assertThat(host.strings("labels")).containsExactly("promotion", "automated");
    assertThat(host.mapping("timeouts")).containsEntry("read", "30s");
    assertThat(c.agents()).containsOnlyKeys("dev", "production");
    assertThat(c.agents().get("production").duration("pollInterval"))
        .contains(Duration.ofSeconds(15));
    assertThat(c.agents().get("dev").string("application")).contains("{app}-{env}");
    assertThat(host.toString()).doesNotContain("myorg");
  }

  @Test
  void buildsTheDeclaredAdaptersThroughTheirProviders() {
    PromotionConfig c = PipelineFile.parse("promotion.yaml", FILE);
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    AdapterContext context =
        AdapterContext.system(Clock.systemUTC()).withEnvironment(Map.of("GITHUB_TOKEN", "t0ken"));
    c.promoterBuilder(repo, GateFactory.builtIn(), providers(repo), context).build();
    assertThat(calls)
        .containsExactlyInAnyOrder(
            "host github myorg/gitops-config token=true",
            "agent dev argocd",
            "agent production flux");
  }

  @Test
  void theShortWiringRefusesAFileThatDeclaresAdapters() {
    PromotionConfig c = PipelineFile.parse("promotion.yaml", FILE);
    assertThatThrownBy(
            () -> c.promoterBuilder(InMemoryConfigRepository.create(), GateFactory.builtIn()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("promotion.yaml:3:3: ")
        .hasMessageContaining("declares a change-request host (github)");
  }

  @Test
  void anUnknownKindNamesWhereAndWhatIsAvailable() {
    PromotionConfig c =
        PipelineFile.parse(
            "promotion.yaml", "environments: [dev, staging]\nhost: {kind: bitbucket}\n");
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    assertThatThrownBy(
            () ->
                c.promoterBuilder(
                    repo,
                    GateFactory.builtIn(),
                    providers(repo),
                    AdapterContext.system(Clock.systemUTC())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("promotion.yaml:2:7: ")
        .hasMessageContaining("'bitbucket'")
        .hasMessageContaining("available: github");
  }

  @Test
  void settingsAreCheckedWithTheirLocation() {
    AdapterSpec spec =
        PipelineFile.parse(
                "promotion.yaml",
                "environments: [dev]\nagents:\n  dev: {kind: argocd, timeout: soon, extra: 1}\n")
            .agents()
            .get("dev");
    assertThatThrownBy(() -> spec.duration("timeout"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("promotion.yaml:3:8: 'timeout' of argocd must be a duration like 30s or 2h");
    assertThatThrownBy(() -> spec.required("url"))
        .hasMessage("promotion.yaml:3:8: argocd needs 'url'");
    assertThatThrownBy(() -> spec.requireOnly(List.of("url", "timeout")))
        .hasMessageContaining("argocd has no setting 'extra'; known settings: url, timeout");
  }

  @Test
  void fileErrorsNameTheLine() {
    assertThatThrownBy(
            () ->
                PipelineFile.parse(
                    "promotion.yaml", "environments: [dev]\nagents:\n  prod: {kind: flux}\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("promotion.yaml:3:3: ")
        .hasMessageContaining("unknown environment 'prod'");
    assertThatThrownBy(
            () -> PipelineFile.parse("promotion.yaml", "environments: [dev]\nhost: {url: x}\n"))
        .hasMessageStartingWith("promotion.yaml:2:7: ")
        .hasMessageContaining("'host' has no 'kind'");
  }

  private Adapters providers(InMemoryConfigRepository repo) {
    ChangeRequestHostProvider github =
        new ChangeRequestHostProvider() {
          @Override
          public String kind() {
            return "github";
          }

          @Override
          public ChangeRequestHost create(AdapterSpec spec, AdapterContext context) {
            calls.add(
                "host github "
                    + spec.required("repository")
                    + " token="
                    + context.environmentVariable("GITHUB_TOKEN").isPresent());
            return FakeChangeRequestHost.over(repo, Clock.systemUTC());
          }
        };
    List<GitOpsAgentProvider> agents = new ArrayList<>();
    for (String kind : List.of("argocd", "flux")) {
      agents.add(
          new GitOpsAgentProvider() {
            @Override
            public String kind() {
              return kind;
            }

            @Override
            public GitOpsAgent create(String environment, AdapterSpec spec, AdapterContext ctx) {
              calls.add("agent " + environment + " " + spec.kind());
              return (env, app) -> {
                throw new AssertionError("not asked here");
              };
            }
          });
    }
    return Adapters.of(List.of(github), agents);
  }
}
