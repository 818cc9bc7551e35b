package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.ADA;
import static dev.gitops.promotion.git.Fixture.BOT;
import static dev.gitops.promotion.git.Fixture.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionLookup;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.PromotionResult.Outcome;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool author's two jobs: a CI job opens a change request into staging, and a later job, in
 * another process on another machine (another clone, another promoter; only the remote repository
 * and the host are shared), finds the promotion and merges it or aborts it.
 */
class ResumeFromAnotherProcessTest {
  @TempDir Path tmp;

  static final Pipeline PIPELINE =
      Pipeline.chain(
          Environment.of("dev", Delivery.DIRECT_COMMIT),
          Environment.of("staging", Delivery.CHANGE_REQUEST));

  // the host sees the remote itself, as GitHub sees its own repository
  private FakeChangeRequestHost host(JGitConfigRepository server) {
    return FakeChangeRequestHost.over(server, Fixture.CLOCK)
        .protect("main", BranchProtection.builder().requiredApprovals(1).build());
  }

  private Promoter process(Path bare, String name, FakeChangeRequestHost host) {
    JGitConfigRepository clone =
        JGitConfigRepository.cloneOf(
            bare.toUri().toString(), tmp.resolve(name), GitOptions.defaults());
    return Promoter.builder()
        .configRepository(clone)
        .pipeline(PIPELINE)
        .addApplications(Fixture.apps(List.of("api")))
        .addOverlayFormats(new TestFormat())
        .changeRequestHost(host)
        .clock(Fixture.CLOCK)
        .sleeper(d -> {})
        .build();
  }

  @Test
  void aChangeRequestOpenedByOneProcessIsMergedByAnother() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    try (JGitConfigRepository server = JGitConfigRepository.open(bare)) {
      FakeChangeRequestHost host = host(server);
      Promoter ci = process(bare, "ci", host);
      ci.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      PromotionResult opened =
          ci.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "staging", ADA));
      assertThat(opened.outcome()).isEqualTo(Outcome.CHANGE_REQUEST_OPENED);
      String branch = opened.plan().changeRequestBranch();
      assertThat(git(bare, "branch", "--list", "promote/*").strip()).isEqualTo(branch);

      // later, elsewhere: nothing but the remote and the host
      Promoter later = process(bare, "later", host);
      PendingPromotion pending =
          later.find(PromotionLookup.byTarget("staging", "api")).orElseThrow();
      assertThat(pending.id()).isEqualTo(opened.plan().id());
      assertThat(pending.plan().fileEdits()).isEqualTo(opened.plan().fileEdits());
      assertThat(pending.plan().commitMessage()).isEqualTo(opened.plan().commitMessage());
      assertThat(later.find(PromotionLookup.parse(opened.plan().id())))
          .map(PendingPromotion::branch)
          .contains(branch);
      String number = opened.changeRequest().orElseThrow().id();
      assertThat(later.find(PromotionLookup.parse("#" + number)))
          .map(PendingPromotion::branch)
          .contains(branch);

      host.approve(number, "grace");
      PromotionResult merged = later.advance(pending);

      assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
      String message = git(bare, "log", "-1", "--format=%B", "main");
      CommitMessage parsed = CommitMessage.parse(message);
      assertThat(parsed.trailer(CommitMessage.PROMOTION_ID)).contains(opened.plan().id());
      assertThat(parsed.trailerValues(CommitMessage.APPROVED_BY)).containsExactly("grace");
      assertThat(git(bare, "rev-parse", "main").strip())
          .isEqualTo(merged.commit().orElseThrow().id());
      assertThat(git(bare, "branch", "--list", "promote/*")).isEmpty();
      assertThat(git(bare, "fsck", "--full", "--strict", "--no-dangling")).isEmpty();
      Promoter reader = process(bare, "reader", host);
      assertThat(reader.current("staging", "api").orElseThrow().approvals())
          .containsExactly("grace");
      assertThat(reader.find(PromotionLookup.byTarget("staging", "api"))).isEmpty();
    }
  }

  @Test
  void anotherProcessAbortsAndTheRemoteBranchIsGone() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    try (JGitConfigRepository server = JGitConfigRepository.open(bare)) {
      FakeChangeRequestHost host = host(server);
      Promoter ci = process(bare, "ci", host);
      ci.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      PromotionResult opened =
          ci.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "staging", ADA));
      String mainBefore = git(bare, "rev-parse", "main");

      Promoter later = process(bare, "later", host);
      PendingPromotion pending =
          later.find(PromotionLookup.byBranch(opened.plan().changeRequestBranch())).orElseThrow();
      PromotionResult aborted = later.abort(pending, ADA, Optional.of("v2 fails its smoke tests"));

      assertThat(aborted.outcome()).isEqualTo(Outcome.ABORTED);
      assertThat(host.comments(opened.changeRequest().orElseThrow().id()))
          .singleElement()
          .asString()
          .contains("v2 fails its smoke tests");
      assertThat(git(bare, "branch", "--list", "promote/*")).isEmpty();
      assertThat(git(bare, "rev-parse", "main")).isEqualTo(mainBefore);
    }
  }
}
