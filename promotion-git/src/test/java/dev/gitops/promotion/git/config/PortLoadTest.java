package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading the pipeline file through the ConfigRepository port (here the in-memory one). */
class PortLoadTest {
  static final Instant T = Instant.parse("2026-11-01T09:00:00Z");

  @Test
  void readsTheFileAtTheBranchHead() {
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    repo.init(
        "main",
        Map.of(
            "promotion.yaml",
            "environments: [dev, production]\napplications: [{name: api, image: ghcr.io/o/api}]\n"),
        T);
    PromotionConfig c = PromotionConfig.load(repo, "main");
    assertThat(c.source()).isEqualTo("promotion.yaml@main");
    assertThat(c.application("api").orElseThrow().location("production")).isPresent();
  }

  @Test
  void explainsWhatIsMissing() {
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    repo.init("main", Map.of("README.md", "x\n"), T);
    assertThatThrownBy(() -> PromotionConfig.load(repo, "dev"))
        .hasMessageContaining("branch 'dev' does not exist");
    assertThatThrownBy(() -> PromotionConfig.load(repo, "main"))
        .hasMessageContaining("there is no promotion.yaml on branch 'main'");
    InMemoryConfigRepository noApps = InMemoryConfigRepository.create();
    noApps.init("main", Map.of("promotion.yaml", "environments: [dev]\n"), T);
    assertThatThrownBy(() -> PromotionConfig.load(noApps, "main"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.location()).contains("promotion.yaml"))
        .hasMessageContaining("add an 'applications' section");
    InMemoryConfigRepository broken = InMemoryConfigRepository.create();
    broken.init("main", Map.of("promotion.yaml", "environments: [dev\n"), T);
    assertThatThrownBy(() -> PromotionConfig.load(broken, "main"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.location())
                    .hasValueSatisfying(l -> assertThat(l).startsWith("promotion.yaml:2:")));
  }
}
