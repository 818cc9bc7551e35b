package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.ADA;
import static dev.gitops.promotion.git.Fixture.BOT;
import static dev.gitops.promotion.git.Fixture.git;
import static dev.gitops.promotion.git.Fixture.overlay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change-request delivery on real Git: the promotion's own branch, pushed with a lease. */
class ChangeRequestDeliveryTest {
  @TempDir Path tmp;

  @Test
  void promotionBranchIsCreatedForceUpdatedAndMergedWithoutTouchingOtherBranches()
      throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api", "web"));
    git(bare, "branch", "release-notes", "main");
    String notes = git(bare, "rev-parse", "release-notes");
    try (JGitConfigRepository repo =
        JGitConfigRepository.cloneOf(
            bare.toUri().toString(), tmp.resolve("c"), GitOptions.defaults())) {
      FakeChangeRequestHost host = FakeChangeRequestHost.over(repo, Fixture.CLOCK);
      Pipeline pipeline =
          Pipeline.chain(
              Environment.of("dev", Delivery.DIRECT_COMMIT),
              Environment.of("staging", Delivery.CHANGE_REQUEST));
      Promoter gp =
          Promoter.builder()
              .configRepository(repo)
              .pipeline(pipeline)
              .addApplications(Fixture.apps(List.of("api", "web")))
              .addOverlayFormats(new TestFormat())
              .changeRequestHost(host)
              .clock(Fixture.CLOCK)
              .random(new Random(1))
              .sleeper(d -> {})
              .build();
      gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      String mainBefore = git(bare, "rev-parse", "main");
      PromotionRequest toStaging =
          PromotionRequest.of("api", Fixture.image("api", "v2"), "staging", ADA);
      PromotionResult opened = gp.promote(toStaging);
      assertThat(opened.outcome()).isEqualTo(PromotionResult.Outcome.CHANGE_REQUEST_OPENED);
      String branch = "promote/staging/api-" + Fixture.digest("v2").substring(7, 19);
      assertThat(opened.plan().changeRequestBranch()).isEqualTo(branch);
      assertThat(git(bare, "show", branch + ":" + overlay("api", "staging")))
          .contains(Fixture.digest("v2"));
      assertThat(git(bare, "rev-parse", "main")).isEqualTo(mainBefore);
      // main moves (web in dev): the same promotion force-moves its own branch onto the new head
      gp.promote(PromotionRequest.of("web", Fixture.image("web", "web-v2"), "dev", BOT));
      String newMain = git(bare, "rev-parse", "main").strip();
      PromotionResult updated = gp.promote(toStaging);
      assertThat(updated.outcome()).isEqualTo(PromotionResult.Outcome.CHANGE_REQUEST_UPDATED);
      assertThat(git(bare, "rev-parse", branch + "^").strip()).isEqualTo(newMain);
      assertThat(git(bare, "rev-parse", "release-notes")).isEqualTo(notes);
      // approved and merged: the ledger reads the merge commit with its approvals
      host.approve(updated.changeRequest().orElseThrow().id(), "grace");
      PromotionResult merged = gp.advance(updated.plan());
      assertThat(merged.outcome()).isEqualTo(PromotionResult.Outcome.MERGED);
      repo.fetch();
      PromotionRecord r = gp.current("staging", "api").orElseThrow();
      assertThat(r.commit()).isEqualTo(merged.commit().orElseThrow());
      assertThat(r.approvals()).containsExactly("grace");
      assertThat(r.image()).isEqualTo(Fixture.image("api", "v2"));
      // the host confirms the merge and its approvals: verified by the host
      assertThat(r.trust()).as(r.trustReason()).isEqualTo(PromotionRecord.Trust.VERIFIED);
      assertThat(r.evidence()).isEqualTo(PromotionRecord.Evidence.HOST_MERGE);
      assertThat(r.trustReason()).contains("the host reports this commit as the merge of");
      // the same record read without a host to ask is only a claim
      Promoter noHost =
          Promoter.builder()
              .configRepository(repo)
              .pipeline(pipeline)
              .addApplications(Fixture.apps(List.of("api", "web")))
              .addOverlayFormats(new TestFormat())
              .clock(Fixture.CLOCK)
              .build();
      PromotionRecord claimed = noHost.current("staging", "api").orElseThrow();
      assertThat(claimed.trust()).isEqualTo(PromotionRecord.Trust.CLAIMED);
      assertThat(claimed.trustReason()).contains("no host is configured to confirm it");
      assertThat(
              CommitMessage.parse(git(bare, "log", "-1", "--format=%B", "main"))
                  .trailer("Approved-By"))
          .contains("grace");
      assertThat(git(bare, "fsck", "--full", "--no-dangling")).isEmpty();
      // the merged promotion's branch is deleted on the remote; other branches stay
      assertThat(git(bare, "branch", "--list", "promote/*")).isEmpty();
      assertThat(git(bare, "rev-parse", "release-notes")).isEqualTo(notes);
    }
  }
}
