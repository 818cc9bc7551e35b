package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeChangeRequestHostTest {
  private static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  private static final String PROD = "apps/api/overlays/production/image.txt";
  private static final String STAGING = "apps/api/overlays/staging/image.txt";

  private final ManualClock clock = ManualClock.at("2025-11-14T09:00:00Z");
  private InMemoryConfigRepository repo;
  private FakeChangeRequestHost host;

  @BeforeEach
  void setUp() {
    repo = InMemoryConfigRepository.create();
    repo.init("main", Map.of(PROD, "# prod\n", STAGING, "# staging\n"), clock.instant());
    host = FakeChangeRequestHost.over(repo, clock);
  }

  private Revision push(String branch, String path, String content) {
    clock.advance(Duration.ofMinutes(1));
    Revision head = repo.head(branch).orElseThrow();
    return repo.commit(
        CommitRequest.builder()
            .branch(branch)
            .parent(head)
            .expectedHead(head)
            .addEdits(new FileEdit(path, content))
            .message("edit " + path + "\n")
            .author(ADA)
            .time(clock.instant())
            .build());
  }

  private ChangeRequest open(String branch, String path, String content) {
    repo.createBranch(branch, repo.head("main").orElseThrow());
    push(branch, path, content);
    return host.open(
        ChangeRequestSpec.builder()
            .sourceBranch(branch)
            .targetBranch("main")
            .title("t")
            .body("b")
            .build());
  }

  @Test
  void theAuthorIsTheHeadCommitsLoginAndCannotApproveTheirOwnChangeRequest() {
    ChangeRequest cr = open("promote/production/api-1", PROD, "image: x\n");
    assertThat(cr.author()).isEqualTo("ada");
    assertThat(cr.url()).isEqualTo(FakeChangeRequestHost.URL_PREFIX + cr.id());
    assertThatThrownBy(() -> host.approve(cr.id(), "ada"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot approve");
    host.review(cr.id(), "ada", Review.State.COMMENTED);
    assertThat(host.get(cr.id()).reviews()).hasSize(1);
  }

  @Test
  void reviewsArePerHeadAndOnlySubmittedStatesAreAccepted() {
    ChangeRequest cr = open("b1", PROD, "image: x\n");
    ChangeRequest approved = host.approve(cr.id(), "bob");
    assertThat(approved.reviews().get(0).commit()).contains(cr.headRevision());
    assertThat(approved.reviews().get(0).submittedAt()).isEqualTo(clock.instant());
    assertThatThrownBy(() -> host.review(cr.id(), "bob", Review.State.PENDING))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> host.review(cr.id(), "bob", Review.State.DISMISSED))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dismiss()");
  }

  @Test
  void dismissingAReviewMakesItCountForNothing() {
    ChangeRequest cr = open("b1", PROD, "image: x\n");
    host.requestChanges(cr.id(), "carol");
    assertThat(host.get(cr.id()).changesRequestedBy()).containsExactly("carol");
    ChangeRequest after = host.dismiss(cr.id(), "carol");
    assertThat(after.changesRequestedBy()).isEmpty();
    assertThat(after.reviews()).extracting(Review::state).containsExactly(Review.State.DISMISSED);
    assertThatThrownBy(() -> host.dismiss(cr.id(), "carol"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aNewHeadDismissesStaleApprovalsWhenTheTargetAsksForIt() {
    host.protect(
        "main", BranchProtection.builder().requiredApprovals(1).dismissStaleReviews(true).build());
    ChangeRequest cr = open("b1", PROD, "image: x\n");
    host.approve(cr.id(), "bob");
    assertThat(host.get(cr.id()).approvers(true)).containsExactly("bob");

    Revision newHead = push("b1", PROD, "image: y\n");

    ChangeRequest read = host.get(cr.id());
    assertThat(read.headRevision()).isEqualTo(newHead);
    assertThat(read.reviews()).extracting(Review::state).containsExactly(Review.State.DISMISSED);
    assertThatThrownBy(() -> host.merge(cr.id(), newHead, "m\n"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("1 approval(s) required, 0");
  }

  @Test
  void codeOwnersMustApproveThePathsTheyOwn() {
    host.protect("main", BranchProtection.builder().requireCodeOwnerReview(true).build());
    host.codeOwners("/apps/*/overlays/production/", "bob", "carol");
    assertThat(host.codeOwnersOf(PROD)).containsExactlyInAnyOrder("bob", "carol");
    assertThat(host.codeOwnersOf(STAGING)).isEmpty();

    ChangeRequest staging = open("s1", STAGING, "image: s\n");
    assertThat(host.mergeBlockers(staging.id())).isEmpty();

    ChangeRequest prod = open("p1", PROD, "image: p\n");
    host.approve(prod.id(), "erin");
    assertThat(host.mergeBlockers(prod.id()))
        .singleElement()
        .satisfies(b -> assertThat(b).contains("code owner of " + PROD).contains("bob, carol"));
    assertThatThrownBy(() -> host.merge(prod.id(), prod.headRevision(), "m\n"))
        .isInstanceOf(PromotionConflictException.class);

    host.approve(prod.id(), "carol");
    assertThat(host.merge(prod.id(), prod.headRevision(), "m\n").state())
        .isEqualTo(ChangeRequest.State.MERGED);
  }

  @Test
  void codeOwnerRulesReadLikeAGitHubCodeownersFile() {
    host.codeOwners("*", "everyone")
        .codeOwners("/apps/*/overlays/production/", "@oncall", "org/sre")
        .codeOwners("/clusters/", "platform@example.com")
        .codeOwners("*.md", "docs")
        .codeOwners("/apps/legacy/");
    assertThat(host.codeOwnersOf("apps/api/overlays/production/kustomization.yaml"))
        .containsExactlyInAnyOrder("oncall", "org/sre");
    assertThat(host.codeOwnersOf("apps/api/overlays/staging/kustomization.yaml"))
        .containsExactly("everyone");
    assertThat(host.codeOwnersOf("clusters/prod/flux.yaml"))
        .containsExactly("platform@example.com");
    assertThat(host.codeOwnersOf("apps/api/README.md")).containsExactly("docs");
    assertThat(host.codeOwnersOf("apps/legacy/x.yaml")).isEmpty();
    assertThat(host.codeOwnersFile().rules()).hasSize(5);
    assertThatThrownBy(() -> host.codeOwners("!*.md", "docs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negation");
    assertThatThrownBy(() -> host.codeOwners("a b", "docs"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(host.codeOwnersFile().rules()).hasSize(5);
  }

  @Test
  void aMergeIsASquashOnTheCurrentTargetKeepingWhatTheTargetChangedElsewhere() {
    ChangeRequest cr = open("b1", PROD, "image: new\n");
    Revision targetMoved = push("main", STAGING, "image: staging moved\n");
    clock.advance(Duration.ofMinutes(5));

    ChangeRequest merged = host.merge(cr.id(), cr.headRevision(), "chore: promote\n\nBody.\n");

    Revision m = merged.mergeRevision().orElseThrow();
    assertThat(repo.head("main")).contains(m);
    CommitInfo info = repo.commitInfo(m);
    assertThat(info.parents()).containsExactly(targetMoved);
    assertThat(info.message()).isEqualTo("chore: promote\n\nBody.\n");
    assertThat(info.authorEmail()).isEqualTo("ada@example.com");
    assertThat(info.time()).isEqualTo(clock.instant());
    assertThat(repo.readFile(m, PROD)).contains("image: new\n");
    assertThat(repo.readFile(m, STAGING)).contains("image: staging moved\n");
    assertThat(merged.closedAt()).contains(clock.instant());
  }

  @Test
  void theSameChangeAlreadyOnTheTargetIsNoConflictButNothingToMergeIs() {
    ChangeRequest cr = open("b1", PROD, "image: new\n");
    push("main", PROD, "image: new\n");
    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "m\n"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("nothing to merge");

    ChangeRequest other = open("b2", STAGING, "image: s\n");
    push("main", PROD, "image: newer\n");
    assertThat(host.merge(other.id(), other.headRevision(), "m\n").state())
        .isEqualTo(ChangeRequest.State.MERGED);
  }

  @Test
  void checksAreKeptPerCommitWithDetails() {
    ChangeRequest cr = open("b1", PROD, "image: x\n");
    host.reportCheckRun(
        cr.headRevision(), "image-scan", Check.State.SUCCESS, "https://ci.invalid/1");
    host.reportStatus(cr.headRevision(), "smoke-tests", Check.State.NEUTRAL);
    ChangeRequest read = host.get(cr.id());
    assertThat(read.check("image-scan").orElseThrow().detailsUrl())
        .contains("https://ci.invalid/1");
    assertThat(read.check("smoke-tests").orElseThrow().isSatisfied()).isTrue();
    assertThatThrownBy(() -> host.reportStatus(Revision.of("feedface"), "x", Check.State.SUCCESS))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void updateCannotRetargetAndClosedChangeRequestsTakeNoReviews() {
    ChangeRequest cr = open("b1", PROD, "image: x\n");
    repo.createBranch("release", repo.head("main").orElseThrow());
    assertThatThrownBy(
            () ->
                host.update(
                    cr.id(),
                    ChangeRequestSpec.builder()
                        .sourceBranch("b1")
                        .targetBranch("release")
                        .title("t")
                        .body("b")
                        .build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("open a new one");
    host.close(cr.id(), "bye");
    assertThatThrownBy(() -> host.approve(cr.id(), "bob"))
        .isInstanceOf(PromotionConflictException.class);
    assertThatThrownBy(() -> host.close(cr.id(), "again"))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(host.comments(cr.id())).containsExactly("bye");
  }

  @Test
  void openRefusesTheSameBranchTwiceAndAMissingTarget() {
    repo.createBranch("b1", repo.head("main").orElseThrow());
    assertThatThrownBy(
            () ->
                host.open(
                    ChangeRequestSpec.builder()
                        .sourceBranch("b1")
                        .targetBranch("b1")
                        .title("t")
                        .body("b")
                        .build()))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                host.open(
                    ChangeRequestSpec.builder()
                        .sourceBranch("b1")
                        .targetBranch("gone")
                        .title("t")
                        .body("b")
                        .build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("gone");
  }

  @Test
  void whatIsLeftOpenIsReportedByName() {
    open("promote/staging/api-1", STAGING, "image: x\n");
    assertThat(host.findOpen("promote/staging/api-1")).isPresent();
    assertThatThrownBy(host::assertNoOpenChangeRequests)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 change request(s) still open")
        .hasMessageContaining("#1 promote/staging/api-1 -> main");
  }

  @Test
  void aScriptedFailureHitsTheNextCallOnly() {
    host.failNextCall(new RemoteUnavailableException("host", 502, true, "bad gateway", null));
    assertThatThrownBy(() -> host.listOpen("main")).isInstanceOf(RemoteUnavailableException.class);
    assertThat(host.listOpen("main")).isEmpty();
  }
}
