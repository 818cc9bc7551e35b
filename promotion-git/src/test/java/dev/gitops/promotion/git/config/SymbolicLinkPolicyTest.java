package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One symbolic-link policy for every reader of promotion-git: the repository's {@code readFile} and
 * the pipeline-file loader follow a link that stays inside the repository and refuse one that
 * leaves it, with the same words; locations, which promotions edit, never go through a link.
 */
class SymbolicLinkPolicyTest {
  private static final String A = "a".repeat(64);
  private static final String PIPELINE =
      "environments: [dev, staging, production]\n"
          + "applications:\n"
          + "  - name: api-service\n"
          + "    image: ghcr.io/myorg/api-service\n";

  @TempDir Path dir;

  @Test
  void bothReadersFollowLinksInsideTheRepository() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      for (String env : List.of("dev", "staging", "production")) {
        g.overlay("api-service", env, "ghcr.io/myorg/api-service", A);
      }
      g.write("config/promotion.yaml", PIPELINE);
      g.symlink("promotion.yaml", "config/promotion.yaml");
      g.symlink("everything", ".");
      g.commit("pipeline file through a link");

      PromotionConfig config = PromotionConfig.load(dir);
      assertThat(config.source()).isEqualTo("promotion.yaml@main");
      assertThat(config.application("api-service")).isPresent();
      try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
        Revision head = repo.head("main").orElseThrow();
        assertThat(repo.readFile(head, "promotion.yaml")).contains(PIPELINE);
        assertThat(repo.readFile(head, "everything/config/promotion.yaml")).contains(PIPELINE);
        assertThat(repo.readFile(head, "everything")).isEmpty(); // the root is a folder
      }
    }
  }

  @Test
  void bothReadersRefuseALinkThatLeavesTheRepositoryWithTheSameWords() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      for (String env : List.of("dev", "staging", "production")) {
        g.overlay("api-service", env, "ghcr.io/myorg/api-service", A);
      }
      g.symlink("promotion.yaml", "../outside/promotion.yaml");
      g.symlink("into-git", ".git/config");
      g.commit("links out");

      String words = "-> '../outside/promotion.yaml', which leaves the repository";
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("goes through the symbolic link 'promotion.yaml'")
          .hasMessageContaining(words);
      try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
        Revision head = repo.head("main").orElseThrow();
        assertThatThrownBy(() -> repo.readFile(head, "promotion.yaml"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("goes through the symbolic link 'promotion.yaml'")
            .hasMessageContaining(words);
        assertThatThrownBy(() -> repo.readFile(head, "into-git"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("points into .git");
      }
    }
  }

  @Test
  void aLocationThroughALinkInsideTheRepositoryNamesTheRealFile() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      for (String env : List.of("dev", "staging", "production")) {
        g.overlay("api-service", env, "ghcr.io/myorg/api-service", A);
      }
      g.symlink("clusters/prod", "../apps/api-service/overlays/production");
      g.write(
          "promotion.yaml",
          PIPELINE + "    locations:\n      production: clusters/prod/kustomization.yaml\n");
      g.commit("location through a link");

      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("goes through the symbolic link 'clusters/prod'")
          .hasMessageContaining(
              "name the real file instead (apps/api-service/overlays/production/kustomization.yaml)");
    }
  }

  @Test
  void aDeclaredApplicationWithALocationThroughALinkIsLeftOutAloneWithTheReason() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      for (String env : List.of("dev", "staging", "production")) {
        g.overlay("api-service", env, "ghcr.io/myorg/api-service", A);
        g.overlay("payments", env, "ghcr.io/myorg/payments", A);
      }
      g.symlink("clusters/prod", "../apps/payments/overlays/production");
      g.write(
          "promotion.yaml",
          PIPELINE
              + "  - name: payments\n"
              + "    image: ghcr.io/myorg/payments\n"
              + "    locations:\n"
              + "      production: clusters/prod/kustomization.yaml\n");
      g.commit("one location through a link");

      PromotionConfig config = PromotionConfig.load(dir);
      assertThat(config.applications()).extracting(a -> a.name()).containsExactly("api-service");
      assertThat(config.skipped())
          .singleElement()
          .asString()
          .startsWith("application 'payments' left out: ")
          .contains("goes through the symbolic link 'clusters/prod'");
    }
  }
}
