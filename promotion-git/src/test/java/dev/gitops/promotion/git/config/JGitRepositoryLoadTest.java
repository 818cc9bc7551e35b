package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Environment;
import dev.gitops.promotion.git.GitOptions;
import dev.gitops.promotion.git.JGitConfigRepository;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading through a JGitConfigRepository reads the branches it reads: local, or the remote's. */
class JGitRepositoryLoadTest {
  @TempDir Path dir;

  @Test
  void remoteModeReadsTheRemotesBranchesNotTheStaleLocalOnes() throws Exception {
    Path origin = dir.resolve("origin");
    try (GitFixture g = GitFixture.init(origin, "main")) {
      g.overlay("api", "dev", "ghcr.io/o/api", "a".repeat(64)).commit("dev only");
    }
    Path clone = dir.resolve("clone");
    Git.cloneRepository()
        .setURI(origin.toUri().toString())
        .setDirectory(clone.toFile())
        .call()
        .close();
    // the remote moves on: a staging overlay appears, the clone's main stays behind
    try (GitFixture g = GitFixture.open(origin)) {
      g.overlay("api", "staging", "ghcr.io/o/api", "a".repeat(64)).commit("staging");
    }
    try (JGitConfigRepository local = JGitConfigRepository.open(clone)) {
      assertThat(PromotionConfig.load(local).pipelineWithoutGates().environments())
          .extracting(Environment::name)
          .containsExactly("dev");
    }
    try (JGitConfigRepository remote =
        JGitConfigRepository.open(clone, GitOptions.builder().remote("origin").build())) {
      remote.fetch();
      PromotionConfig c = PromotionConfig.load(remote);
      assertThat(c.pipelineWithoutGates().environments())
          .extracting(Environment::name)
          .containsExactly("dev", "staging");
      assertThat(c.source()).contains("branch 'main'");
    }
  }
}
