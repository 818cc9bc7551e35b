package dev.gitops.promotion.gitlab;

import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.ChangeRequestHostContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's contract against {@link GitLabHost} on the GitLab simulator: branches in a real
 * bare repository, every call over HTTP to MockWebServer.
 */
class GitLabHostContractTest extends ChangeRequestHostContract {
  @TempDir Path dir;
  private World world;
  private int protectedBranches;

  @Override
  protected ChangeRequestHost subject() {
    world = new World(dir);
    return world.host();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Override
  protected String targetBranch() {
    return "main";
  }

  @Override
  protected void createBranch(String name, String from) {
    world.repo.createBranch(name, from);
  }

  @Override
  protected Revision pushCommit(String branch, String path, String content) {
    world.clock.advance(Duration.ofSeconds(1));
    return Revision.of(world.repo.commitFile(branch, path, content, "update " + path));
  }

  @Override
  protected Optional<String> readFile(String branch, String path) {
    return world.repo.readString(branch, path);
  }

  @Override
  protected void submitReview(String id, String reviewer, Review.State state) {
    world.clock.advance(Duration.ofSeconds(1));
    switch (state) {
      case APPROVED -> world.gitlab.approve(Integer.parseInt(id), reviewer);
      case CHANGES_REQUESTED -> world.gitlab.requestChanges(Integer.parseInt(id), reviewer);
      default ->
          Assumptions.abort(
              "GitLab keeps one state per reviewer and approvals apart: a comment-only review"
                  + " that leaves an earlier approval standing has no GitLab equivalent");
    }
  }

  @Override
  protected void reportCheck(Revision commit, String name, Check.State state) {
    world.clock.advance(Duration.ofSeconds(1));
    String status =
        switch (state) {
          case PENDING -> "running";
          case SUCCESS -> "success";
          case FAILURE, NEUTRAL -> "failed";
          case SKIPPED -> "skipped";
        };
    world.gitlab.status(commit.id(), name, status, state == Check.State.NEUTRAL);
  }

  @Override
  protected String protectedBranch(BranchProtection protection) {
    String name = "release/protected-" + (++protectedBranches);
    world.repo.createBranch(name, "main");
    world.gitlab.protect(
        name,
        protection.requiredApprovals(),
        List.copyOf(protection.requiredChecks()),
        protection.requireCodeOwnerReview());
    return name;
  }
}
