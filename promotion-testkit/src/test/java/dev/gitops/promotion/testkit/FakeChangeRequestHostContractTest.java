package dev.gitops.promotion.testkit;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

class FakeChangeRequestHostContractTest extends ChangeRequestHostContract {
  private static final Actor ADA = Actor.human("Ada", "ada@example.com");
  private ManualClock clock;
  private InMemoryConfigRepository repo;
  private FakeChangeRequestHost host;
  private int protectedBranches;

  @Override
  protected ChangeRequestHost subject() {
    clock = ManualClock.at("2025-11-14T09:00:00Z");
    repo = InMemoryConfigRepository.create();
    repo.init("main", Map.of("README.md", "config\n"), clock.instant());
    host = FakeChangeRequestHost.over(repo, clock);
    return host;
  }

  @Override
  protected String targetBranch() {
    return "main";
  }

  @Override
  protected void createBranch(String name, String from) {
    repo.createBranch(name, repo.head(from).orElseThrow());
  }

  @Override
  protected Revision pushCommit(String branch, String path, String content) {
    clock.advance(Duration.ofMinutes(1));
    Revision head = repo.head(branch).orElseThrow();
    return repo.commit(
        CommitRequest.builder()
            .branch(branch)
            .parent(head)
            .expectedHead(head)
            .addEdits(new FileEdit(path, content))
            .message("push " + content)
            .author(ADA)
            .time(clock.instant())
            .build());
  }

  @Override
  protected Optional<String> readFile(String branch, String path) {
    return repo.readFile(repo.head(branch).orElseThrow(), path);
  }

  @Override
  protected void submitReview(String id, String reviewer, Review.State state) {
    clock.advance(Duration.ofMinutes(1));
    host.review(id, reviewer, state);
  }

  @Override
  protected void reportCheck(Revision commit, String name, Check.State state) {
    host.reportStatus(commit, name, state);
  }

  @Override
  protected String protectedBranch(BranchProtection protection) {
    String name = "protected-" + (++protectedBranches);
    createBranch(name, "main");
    host.protect(name, protection);
    return name;
  }
}
