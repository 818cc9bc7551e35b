package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChangeRequestHost} must have. Extend it in a test, give it a fresh
 * host per test, and the means to push branches and read the target; implement the optional
 * abilities (reviews, checks, protected branches) where the host can be driven that way in a test,
 * otherwise the tests that need them are skipped, saying why.
 *
 * <pre>{@code
 * class GitHubHostContractTest extends ChangeRequestHostContract {
 *   protected ChangeRequestHost subject() { ... }
 *   protected String targetBranch() { return "main"; }
 *   protected void createBranch(String name, String from) { ... }
 *   protected Revision pushCommit(String branch, String path, String content) { ... }
 *   protected Optional<String> readFile(String branch, String path) { ... }
 * }
 * }</pre>
 *
 * <p>What it pins down: open, get, list, update, close and merge with their typed errors (a second
 * change request for one branch and a merge on a moved head are conflicts; unknown ids and missing
 * branches are invalid input); the head follows the source branch; a merge lands the change on the
 * target; reviews and checks as GitHub defines them; protection refuses merges it does not allow.
 */
public abstract class ChangeRequestHostContract {

  private static final String FILE = "apps/api/overlays/staging/kustomization.yaml";

  private ChangeRequestHost host;
  private int branches;

  /** A fresh host, called once per test, after which the other hooks act on the same world. */
  protected abstract ChangeRequestHost subject();

  /** A branch that exists, with no protection, that change requests go into. */
  protected abstract String targetBranch();

  /** Creates branch {@code name} at the head of branch {@code from}. */
  protected abstract void createBranch(String name, String from);

  /** Commits {@code path} with {@code content} on top of {@code branch}; returns the new head. */
  protected abstract Revision pushCommit(String branch, String path, String content);

  /** The content of {@code path} at the head of {@code branch}. */
  protected abstract Optional<String> readFile(String branch, String path);

  /**
   * Optional ability: {@code reviewer} submits a review in {@code state} on change request {@code
   * id}. The default skips the tests that need it.
   */
  protected void submitReview(String id, String reviewer, Review.State state) {
    Assumptions.abort("this host's test cannot submit reviews");
  }

  /** Optional ability: a status check {@code name} reports {@code state} on {@code commit}. */
  protected void reportCheck(Revision commit, String name, Check.State state) {
    Assumptions.abort("this host's test cannot report checks");
  }

  /**
   * Optional ability: creates a new branch from the target's head, protected by {@code protection},
   * and returns its name.
   */
  protected String protectedBranch(BranchProtection protection) {
    Assumptions.abort("this host's test cannot protect branches");
    return null;
  }

  @BeforeEach
  void createSubject() {
    host = subject();
  }

  private String branchWithChange(String from, String content) {
    String name = "promote/staging/api-" + (++branches);
    createBranch(name, from);
    push(name, FILE, content);
    return name;
  }

  private ChangeRequestSpec spec(String source, String target) {
    return ChangeRequestSpec.builder()
        .sourceBranch(source)
        .targetBranch(target)
        .title("Promote api to staging: sha256:0123456789ab")
        .body("Promotion `prm-1` into **staging**.\n")
        .addLabels("promotion", "env/staging")
        .build();
  }

  private ChangeRequest openOne(String content) {
    String source = branchWithChange(targetBranch(), content);
    return host.open(spec(source, targetBranch()));
  }

  @Test
  void openGivesAnOpenChangeRequestAsSpecified() {
    String source = branchWithChange(targetBranch(), "digest: sha256:111\n");
    Revision head = lastPushed.orElseThrow();

    ChangeRequest cr = host.open(spec(source, targetBranch()));

    assertThat(cr.id()).isNotBlank();
    assertThat(cr.url()).isNotBlank();
    assertThat(cr.state()).isEqualTo(ChangeRequest.State.OPEN);
    assertThat(cr.isOpen()).isTrue();
    assertThat(cr.sourceBranch()).isEqualTo(source);
    assertThat(cr.targetBranch()).isEqualTo(targetBranch());
    assertThat(cr.title()).isEqualTo("Promote api to staging: sha256:0123456789ab");
    assertThat(cr.body()).isEqualTo("Promotion `prm-1` into **staging**.\n");
    assertThat(cr.labels()).containsExactlyInAnyOrder("promotion", "env/staging");
    assertThat(cr.headRevision()).isEqualTo(head);
    assertThat(cr.author()).isNotBlank();
    assertThat(cr.mergeRevision()).isEmpty();
    assertThat(cr.closedAt()).isEmpty();
  }

  private Optional<Revision> lastPushed = Optional.empty();

  private Revision push(String branch, String path, String content) {
    Revision r = pushCommit(branch, path, content);
    lastPushed = Optional.of(r);
    return r;
  }

  @Test
  void getReadsItBackAndListOpenListsItOldestFirst() {
    ChangeRequest first = openOne("digest: sha256:111\n");
    ChangeRequest second = openOne("digest: sha256:222\n");

    ChangeRequest read = host.get(first.id());
    assertThat(read.id()).isEqualTo(first.id());
    assertThat(read.sourceBranch()).isEqualTo(first.sourceBranch());
    assertThat(read.headRevision()).isEqualTo(first.headRevision());
    assertThat(read.state()).isEqualTo(ChangeRequest.State.OPEN);

    List<String> open = host.listOpen(targetBranch()).stream().map(ChangeRequest::id).toList();
    assertThat(open).containsSubsequence(first.id(), second.id());
    assertThat(host.listOpen("no-change-request-goes-here")).isEmpty();
  }

  @Test
  void aSecondChangeRequestForTheSameBranchIsAConflict() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    assertThatThrownBy(() -> host.open(spec(cr.sourceBranch(), targetBranch())))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(host.listOpen(targetBranch()).stream().map(ChangeRequest::id))
        .containsOnlyOnce(cr.id());
  }

  @Test
  void aChangeRequestFromAMissingBranchIsInvalidInput() {
    assertThatThrownBy(() -> host.open(spec("no-such-branch", targetBranch())))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void anUnknownIdIsInvalidInput() {
    assertThatThrownBy(() -> host.get("999999")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void updateChangesTitleBodyAndLabels() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    ChangeRequest updated =
        host.update(
            cr.id(),
            ChangeRequestSpec.builder()
                .from(spec(cr.sourceBranch(), targetBranch()))
                .title("Promote api to staging: sha256:222222222222")
                .body("updated\n")
                .labels(List.of("promotion"))
                .build());
    assertThat(updated.id()).isEqualTo(cr.id());
    assertThat(host.get(cr.id()).title()).isEqualTo("Promote api to staging: sha256:222222222222");
    assertThat(host.get(cr.id()).body()).isEqualTo("updated\n");
    assertThat(host.get(cr.id()).labels()).containsExactly("promotion");
  }

  @Test
  void theHeadFollowsTheSourceBranch() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    Revision newer = push(cr.sourceBranch(), FILE, "digest: sha256:222\n");
    assertThat(host.get(cr.id()).headRevision()).isEqualTo(newer);
  }

  @Test
  void closeLeavesItClosedAndOutOfTheOpenList() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    ChangeRequest closed = host.close(cr.id(), "Superseded by a newer promotion.");
    assertThat(closed.state()).isEqualTo(ChangeRequest.State.CLOSED);
    assertThat(host.get(cr.id()).state()).isEqualTo(ChangeRequest.State.CLOSED);
    assertThat(host.get(cr.id()).closedAt()).isPresent();
    assertThat(host.get(cr.id()).mergeRevision()).isEmpty();
    assertThat(host.listOpen(targetBranch()).stream().map(ChangeRequest::id))
        .doesNotContain(cr.id());
    assertThat(readFile(targetBranch(), FILE)).isNotEqualTo(Optional.of("digest: sha256:111\n"));
  }

  @Test
  void mergeLandsTheChangeOnTheTarget() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    ChangeRequest merged = host.merge(cr.id(), cr.headRevision(), "chore(staging): promote api\n");

    assertThat(merged.state()).isEqualTo(ChangeRequest.State.MERGED);
    assertThat(merged.mergeRevision()).isPresent();
    assertThat(merged.closedAt()).isPresent();
    assertThat(host.get(cr.id()).state()).isEqualTo(ChangeRequest.State.MERGED);
    assertThat(readFile(targetBranch(), FILE)).contains("digest: sha256:111\n");
    assertThat(host.listOpen(targetBranch()).stream().map(ChangeRequest::id))
        .doesNotContain(cr.id());
  }

  @Test
  void aMergeOnAMovedHeadIsAConflictAndLeavesItOpen() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    push(cr.sourceBranch(), FILE, "digest: sha256:222\n");

    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "merge\n"))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(host.get(cr.id()).state()).isEqualTo(ChangeRequest.State.OPEN);
    assertThat(readFile(targetBranch(), FILE)).isNotEqualTo(Optional.of("digest: sha256:111\n"));
  }

  @Test
  void mergingOrClosingAClosedChangeRequestIsAConflict() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    host.close(cr.id(), "not needed");
    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "merge\n"))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(readFile(targetBranch(), FILE)).isNotEqualTo(Optional.of("digest: sha256:111\n"));
  }

  @Test
  void aTargetThatChangedTheSameFileMeanwhileRefusesTheMerge() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    push(targetBranch(), FILE, "digest: sha256:999\n");

    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "merge\n"))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(readFile(targetBranch(), FILE)).contains("digest: sha256:999\n");
    assertThat(host.get(cr.id()).state()).isEqualTo(ChangeRequest.State.OPEN);
  }

  @Test
  void anUnprotectedBranchDemandsNothing() {
    BranchProtection p = host.protection(targetBranch());
    assertThat(p.requiredChecks()).isEmpty();
    assertThat(p.requiredApprovals()).isZero();
  }

  @Test
  void reviewsFollowGitHubSemantics() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    submitReview(cr.id(), "bob", Review.State.APPROVED);
    submitReview(cr.id(), "bob", Review.State.COMMENTED);
    submitReview(cr.id(), "carol", Review.State.CHANGES_REQUESTED);

    ChangeRequest read = host.get(cr.id());
    assertThat(read.reviews()).extracting(Review::author).containsExactly("bob", "bob", "carol");
    assertThat(read.approvers(false)).containsExactly("bob");
    assertThat(read.changesRequestedBy()).containsExactly("carol");

    submitReview(cr.id(), "carol", Review.State.APPROVED);
    read = host.get(cr.id());
    assertThat(read.approvers(false)).containsExactlyInAnyOrder("bob", "carol");
    assertThat(read.changesRequestedBy()).isEmpty();
    assertThat(read.reviews()).allSatisfy(r -> assertThat(r.submittedAt()).isNotNull());
  }

  @Test
  void checksOnTheHeadAreVisibleAndTheLatestOfANameWins() {
    ChangeRequest cr = openOne("digest: sha256:111\n");
    reportCheck(cr.headRevision(), "smoke-tests", Check.State.PENDING);
    reportCheck(cr.headRevision(), "smoke-tests", Check.State.SUCCESS);
    reportCheck(cr.headRevision(), "image-scan", Check.State.FAILURE);

    ChangeRequest read = host.get(cr.id());
    assertThat(read.check("smoke-tests")).map(Check::state).contains(Check.State.SUCCESS);
    assertThat(read.check("image-scan")).map(Check::state).contains(Check.State.FAILURE);
    assertThat(read.check("never-reported")).isEmpty();

    push(cr.sourceBranch(), FILE, "digest: sha256:222\n");
    assertThat(host.get(cr.id()).check("smoke-tests"))
        .as("checks belong to a commit; the new head has none yet")
        .isEmpty();
  }

  @Test
  void protectionRefusesAMergeUntilTheRequiredCheckPasses() {
    String target =
        protectedBranch(BranchProtection.builder().addRequiredChecks("smoke-tests").build());
    assertThat(host.protection(target).requiredChecks()).containsExactly("smoke-tests");
    String source = branchWithChange(target, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source, target));

    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "merge\n"))
        .isInstanceOf(PromotionConflictException.class);
    reportCheck(cr.headRevision(), "smoke-tests", Check.State.FAILURE);
    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "merge\n"))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(readFile(target, FILE)).isNotEqualTo(Optional.of("digest: sha256:111\n"));

    reportCheck(cr.headRevision(), "smoke-tests", Check.State.SUCCESS);
    assertThat(host.merge(cr.id(), cr.headRevision(), "merge\n").state())
        .isEqualTo(ChangeRequest.State.MERGED);
    assertThat(readFile(target, FILE)).contains("digest: sha256:111\n");
  }

  @Test
  void protectionRefusesAMergeWithTooFewApprovalsOrChangesRequested() {
    String target = protectedBranch(BranchProtection.builder().requiredApprovals(2).build());
    assertThat(host.protection(target).requiredApprovals()).isEqualTo(2);
    String source = branchWithChange(target, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source, target));

    submitReview(cr.id(), "bob", Review.State.APPROVED);
    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "merge\n"))
        .isInstanceOf(PromotionConflictException.class);
    submitReview(cr.id(), "carol", Review.State.APPROVED);
    submitReview(cr.id(), "dave", Review.State.CHANGES_REQUESTED);
    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "merge\n"))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(readFile(target, FILE)).isNotEqualTo(Optional.of("digest: sha256:111\n"));

    submitReview(cr.id(), "dave", Review.State.APPROVED);
    assertThat(host.merge(cr.id(), cr.headRevision(), "merge\n").state())
        .isEqualTo(ChangeRequest.State.MERGED);
  }
}
