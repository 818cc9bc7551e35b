package dev.gitops.promotion.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.github.sim.GitHubSimulator;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.ChangeRequestHostContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's contract, against the adapter talking to the simulated GitHub. */
class GitHubHostContractTest extends ChangeRequestHostContract {
  @TempDir Path dir;
  private GitHubWorld world;
  private int protectedBranches;

  @Override
  protected ChangeRequestHost subject() {
    world = new GitHubWorld(dir);
    return world.host();
  }

  @AfterEach
  void noContractViolations() {
    assertThat(world.github.violations()).isEmpty();
    world.close();
  }

  @Override
  protected String targetBranch() {
    return "main";
  }

  @Override
  protected void createBranch(String name, String from) {
    world.git.createBranch(name, from);
  }

  @Override
  protected Revision pushCommit(String branch, String path, String content) {
    return Revision.of(world.git.commitFile(branch, path, content, "change " + path));
  }

  @Override
  protected Optional<String> readFile(String branch, String path) {
    return world.git.readString(branch, path);
  }

  @Override
  protected void submitReview(String id, String reviewer, Review.State state) {
    world.github.review(Long.parseLong(id), reviewer, state.name());
  }

  @Override
  protected void reportCheck(Revision commit, String name, Check.State state) {
    switch (state) {
      case SUCCESS -> world.github.status(commit.id(), name, "success");
      case FAILURE -> world.github.status(commit.id(), name, "failure");
      case PENDING -> world.github.status(commit.id(), name, "pending");
      case NEUTRAL -> world.github.checkRun(commit.id(), name, "completed", "neutral");
      case SKIPPED -> world.github.checkRun(commit.id(), name, "completed", "skipped");
    }
  }

  @Override
  protected String protectedBranch(BranchProtection protection) {
    String name = "protected-" + (++protectedBranches);
    world.git.createBranch(name, "main");
    world.github.protect(
        name,
        new GitHubSimulator.Protection(
            protection.requiredChecks(),
            protection.requiredApprovals(),
            protection.dismissStaleReviews(),
            protection.requireCodeOwnerReview(),
            protection.requireUpToDate()));
    return name;
  }
}
