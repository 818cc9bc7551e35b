package dev.gitops.promotion.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Owner;
import dev.gitops.promotion.codeowners.Problem;
import dev.gitops.promotion.github.sim.GitHubSimulator;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.HostIdentity;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter against the simulated GitHub: what the contract does not pin down. */
class GitHubHostTest {
  private static final String FILE = "apps/api/overlays/staging/kustomization.yaml";

  @TempDir Path dir;
  GitHubWorld world;
  GitHubHost host;

  @BeforeEach
  void world() {
    world = new GitHubWorld(dir);
    host = world.host();
  }

  @AfterEach
  void noViolations() {
    assertThat(world.github.violations()).isEmpty();
    world.close();
  }

  private String branch(String name, String content) {
    world.git.createBranch(name, "main");
    world.git.commitFile(name, FILE, content, "promote");
    return name;
  }

  private ChangeRequestSpec.Builder spec(String source) {
    return ChangeRequestSpec.builder()
        .sourceBranch(source)
        .targetBranch("main")
        .title("Promote api to staging")
        .body("plan\n");
  }

  @Test
  void openSetsLabelsReviewersTeamsAndDraftInFourRequests() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    world.github.clearRequests();

    ChangeRequest cr =
        host.open(
            spec(source)
                .addLabels("promotion", "env/staging")
                .addReviewers("alice")
                .addTeamReviewers("oncall-approvers")
                .draft(true)
                .build());

    long n = Long.parseLong(cr.id());
    assertThat(world.github.labels(n)).containsExactly("promotion", "env/staging");
    assertThat(world.github.requestedReviewers(n))
        .containsExactly("alice", "team:oncall-approvers");
    assertThat(world.github.draft(n)).isTrue();
    assertThat(cr.labels()).containsExactly("promotion", "env/staging");
    assertThat(world.github.requests())
        .containsExactly(
            "POST /repos/octo-org/gitops-config/pulls",
            "POST /repos/octo-org/gitops-config/issues/1/labels",
            "POST /repos/octo-org/gitops-config/pulls/1/requested_reviewers");
  }

  @Test
  void aReviewerWhoCannotReviewDoesNotUndoTheOpenPullRequest() {
    world.github.notACollaborator("mallory");
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).addReviewers("mallory").build());
    assertThat(cr.isOpen()).isTrue();
    assertThat(world.github.pullCount()).isEqualTo(1);
  }

  @Test
  void aDuplicateIsAConflictNamingTheOpenOneAndNeverASecondPullRequest() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest first = host.open(spec(source).build());

    assertThatThrownBy(() -> host.open(spec(source).build()))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("#" + first.id())
        .hasMessageContaining(first.url());
    assertThat(world.github.pullCount()).isEqualTo(1);
    assertThat(host.findOpen(source, "main")).map(ChangeRequest::id).contains(first.id());
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundNotSentTwice() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    world.github.loseAnswerOfNext(
        "POST",
        "/pulls$",
        new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build());

    ChangeRequest cr = host.open(spec(source).build());

    assertThat(cr.id()).isEqualTo("1");
    assertThat(world.github.pullCount()).isEqualTo(1);
    assertThat(world.github.requests().stream().filter(r -> r.startsWith("POST")).count())
        .isEqualTo(1);
  }

  @Test
  void findOpenFiltersByOwnerPrefixedHead() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    host.open(spec(source).build());
    world.github.clearRequests();
    assertThat(host.findOpen(source, "main")).isPresent();
    assertThat(world.github.requests().get(0))
        .contains("head=octo-org%3Apromote%2Fstaging%2Fapi")
        .contains("state=open")
        .contains("base=main");
    assertThat(host.findOpen("promote/staging/other", "main")).isEmpty();
  }

  @Test
  void listOpenReadsEveryPage() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 105; i++) {
      world.git.createBranch("b" + i, "main");
      world.git.commitFile("b" + i, "f" + i, "x", "c");
      ids.add(host.open(spec("b" + i).build()).id());
    }
    world.github.clearRequests();
    assertThat(host.listOpen("main")).extracting(ChangeRequest::id).containsExactlyElementsOf(ids);
    assertThat(world.github.requests()).hasSize(2);
  }

  @Test
  void aLongBodyIsTrimmedUnderGitHubsLimit() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    String huge = "x".repeat(70_000);
    ChangeRequest cr = host.open(spec(source).body(huge).build());
    assertThat(cr.body().length()).isLessThanOrEqualTo(65_536);
    assertThat(cr.body()).endsWith("(truncated: the full plan is in the promotion's commit)\n");
  }

  @Test
  void updateReplacesLabelsOnlyWhenTheyDiffer() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).addLabels("promotion").build());
    world.github.clearRequests();
    host.update(cr.id(), spec(source).title("new title").addLabels("promotion").build());
    assertThat(world.github.requests())
        .containsExactly("PATCH /repos/octo-org/gitops-config/pulls/1");
    host.update(cr.id(), spec(source).title("new title").addLabels("promotion", "urgent").build());
    assertThat(world.github.labels(1)).containsExactly("promotion", "urgent");
  }

  @Test
  void closeCommentsAndLeavesItClosed() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).build());
    ChangeRequest closed = host.close(cr.id(), "Superseded by #2.");
    assertThat(closed.state()).isEqualTo(ChangeRequest.State.CLOSED);
    assertThat(world.github.comments(1)).containsExactly("Superseded by #2.");
  }

  @Test
  void mergeRefusalsCarryGitHubsReason() {
    world.git.createBranch("env/staging", "main");
    world.github.protect(
        "env/staging",
        new GitHubSimulator.Protection(List.of("smoke-tests"), 1, true, false, true));
    world.git.createBranch("promote/staging/api", "env/staging");
    world.git.commitFile("promote/staging/api", FILE, "digest: sha256:111\n", "promote");
    ChangeRequest cr = host.open(spec("promote/staging/api").targetBranch("env/staging").build());

    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "promote api\n\nbody"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("Required status check \"smoke-tests\" is expected.");
    world.github.status(cr.headRevision().id(), "smoke-tests", "success");
    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "promote api"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("At least 1 approving review is required");
    world.github.review(1, "bob", "APPROVED");
    assertThatThrownBy(() -> host.merge(cr.id(), Revision.of("a".repeat(40)), "promote api"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("no longer aaaaaaa")
        .hasMessageContaining("Head branch was modified");

    ChangeRequest merged =
        host.merge(cr.id(), cr.headRevision(), "promote api\n\nApproved-by: bob");
    assertThat(merged.state()).isEqualTo(ChangeRequest.State.MERGED);
    assertThat(world.git.message(merged.mergeRevision().orElseThrow().id()))
        .isEqualTo("promote api\n\nApproved-by: bob\n");
  }

  @Test
  void squashMergesOneCommit() {
    GitHubHost squash = world.hostBuilder().mergeMethod(GitHubHost.MergeMethod.SQUASH).build();
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = squash.open(spec(source).build());
    world.github.clearRequests();
    ChangeRequest merged = squash.merge(cr.id(), cr.headRevision(), "promote api");
    assertThat(world.git.head("main")).contains(merged.mergeRevision().orElseThrow().id());
    assertThat(world.github.requests())
        .containsExactly(
            "PUT /repos/octo-org/gitops-config/pulls/1/merge",
            "GET /repos/octo-org/gitops-config/pulls/1");
  }

  @Test
  void mergeableNullIsUnknownUntilGitHubHasComputedIt() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).build());
    world.github.mergeableNotComputedFor(1);
    assertThat(host.get(cr.id()).mergeability()).isEqualTo(ChangeRequest.Mergeability.UNKNOWN);
    assertThat(host.get(cr.id()).mergeability()).isEqualTo(ChangeRequest.Mergeability.MERGEABLE);
    world.git.commitFile("main", FILE, "digest: sha256:999\n", "meanwhile");
    assertThat(host.get(cr.id()).mergeability()).isEqualTo(ChangeRequest.Mergeability.CONFLICTING);
  }

  @Test
  void aStatusAndACheckRunOfOneNameMustBothPass() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).build());
    String sha = cr.headRevision().id();
    world.github.status(sha, "ci", "success");
    world.github.checkRun(sha, "ci", "completed", "failure");
    world.github.checkRun(sha, "lint", "completed", "neutral");
    world.github.checkRun(sha, "e2e", "in_progress", null);
    world.github.checkRun(sha, "docs", "completed", "skipped");
    world.github.checkRun(sha, "deploy", "completed", "timed_out");

    ChangeRequest read = host.get(cr.id());
    assertThat(read.check("ci")).map(Check::state).contains(Check.State.FAILURE);
    assertThat(read.check("lint")).map(Check::state).contains(Check.State.NEUTRAL);
    assertThat(read.check("e2e")).map(Check::state).contains(Check.State.PENDING);
    assertThat(read.check("docs")).map(Check::state).contains(Check.State.SKIPPED);
    assertThat(read.check("deploy")).map(Check::state).contains(Check.State.FAILURE);
    assertThat(read.check("lint").orElseThrow().detailsUrl()).isPresent();
  }

  @Test
  void reviewsKeepTheirCommitForHeadOnlyApprovals() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).build());
    world.github.review(1, "alice", "APPROVED");
    world.git.commitFile(source, FILE, "digest: sha256:222\n", "again");
    world.github.review(1, "bob", "APPROVED");
    ChangeRequest read = host.get(cr.id());
    assertThat(read.approvers(false)).containsExactly("alice", "bob");
    assertThat(read.approvers(true)).containsExactly("bob");
  }

  @Test
  void protectionUnitesClassicProtectionAndRulesets() {
    world.git.createBranch("env/production", "main");
    world.github.protect(
        "env/production",
        new GitHubSimulator.Protection(List.of("smoke-tests"), 1, false, false, false));
    world.github.rule(
        "env/production",
        Map.of(
            "type",
            "required_status_checks",
            "parameters",
            Map.of(
                "strict_required_status_checks_policy",
                true,
                "required_status_checks",
                List.of(Map.of("context", "image-scan"), Map.of("context", "smoke-tests")))));
    world.github.rule(
        "env/production",
        Map.of(
            "type",
            "pull_request",
            "parameters",
            Map.of(
                "required_approving_review_count", 2,
                "require_code_owner_review", true,
                "dismiss_stale_reviews_on_push", true,
                "require_last_push_approval", true)));
    BranchProtection p = host.protection("env/production");
    assertThat(p.requiredChecks()).containsExactly("smoke-tests", "image-scan");
    assertThat(p.requiredApprovals()).isEqualTo(2);
    assertThat(p.requireCodeOwnerReview()).isTrue();
    assertThat(p.dismissStaleReviews()).isTrue();
    assertThat(p.requireUpToDate()).isTrue();
    assertThat(p.requireLastPushApproval()).isTrue();
  }

  @Test
  void protectionIsReusedForAMinute() {
    world.github.clearRequests();
    host.protection("main");
    host.protection("main");
    assertThat(world.github.requests()).hasSize(2);
    world.github.protect(
        "main", new GitHubSimulator.Protection(List.of("ci"), 0, false, false, false));
    world.clock.advance(Duration.ofSeconds(61));
    assertThat(host.protection("main").requiredChecks()).containsExactly("ci");
    assertThat(world.github.requests()).hasSize(4);
  }

  @Test
  void hostSettingsAddLabelsReviewersAndDraftToEveryPullRequest() {
    GitHubHost withDefaults =
        world
            .hostBuilder()
            .labels(List.of("automated"))
            .reviewers(List.of("alice"))
            .teamReviewers(List.of("oncall-approvers"))
            .draft(true)
            .build();
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = withDefaults.open(spec(source).addLabels("promotion").build());
    assertThat(world.github.labels(1)).containsExactly("promotion", "automated");
    assertThat(world.github.requestedReviewers(1))
        .containsExactly("alice", "team:oncall-approvers");
    assertThat(world.github.draft(1)).isTrue();
    withDefaults.update(cr.id(), spec(source).addLabels("env/staging").build());
    assertThat(world.github.labels(1)).containsExactly("env/staging", "automated");
  }

  @Test
  void autoMergeIsTurnedOnThroughGraphQl() {
    GitHubHost auto =
        world.hostBuilder().autoMerge(true).mergeMethod(GitHubHost.MergeMethod.SQUASH).build();
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = auto.open(spec(source).build());
    assertThat(world.github.autoMerge(1)).isEqualTo("SQUASH");
    assertThat(world.github.requests()).contains("POST /graphql");

    world.github.autoMergeAllowed(false);
    assertThat(auto.enableAutoMerge(cr.id()))
        .hasValueSatisfying(why -> assertThat(why).contains("Auto merge is not allowed"));
  }

  @Test
  void withoutAdministrationRightsTheBranchSummaryGivesTheRequiredChecks() {
    world.git.createBranch("env/staging", "main");
    world.github.protect(
        "env/staging",
        new GitHubSimulator.Protection(List.of("smoke-tests"), 2, false, false, false));
    world.github.protectionNeedsAdmin(true);
    BranchProtection p = host.protection("env/staging");
    assertThat(p.requiredChecks()).containsExactly("smoke-tests");
  }

  @Test
  void codeOwnersAreReadWhereGitHubLooksFirstFound() {
    assertThat(host.codeOwnersFor("main")).isEmpty();
    world.clock.advance(Duration.ofSeconds(61)); // read again after the host's minute
    world.git.commitFile("main", "docs/CODEOWNERS", "* @octo-org/docs\n", "docs owners");
    assertThat(host.codeOwnersFor("main")).map(CodeOwners::fileName).contains("docs/CODEOWNERS");
    world.clock.advance(Duration.ofSeconds(61));
    world.git.commitFile("main", "CODEOWNERS", "* @root-owner\n", "root owners");
    assertThat(host.codeOwnersFor("main")).map(CodeOwners::fileName).contains("CODEOWNERS");
    world.clock.advance(Duration.ofSeconds(61));
    world.git.commitFile(
        "main",
        ".github/CODEOWNERS",
        "# default owners\n*       @octo-org/platform\n/apps/  @octo-org/apps-team\n",
        "owners");
    CodeOwners owners = host.codeOwnersFor("main").orElseThrow();
    assertThat(owners.fileName()).isEqualTo(".github/CODEOWNERS");
    assertThat(owners.ownership("apps/api/x.yaml").owners())
        .containsExactly(Owner.team("octo-org/apps-team"));
  }

  @Test
  void aLargeCodeOwnersFileIsReadRaw() {
    world.github.inlineContentLimit(10);
    world.git.commitFile("main", ".github/CODEOWNERS", "/apps/  @octo-org/apps-team\n", "owners");
    world.github.clearRequests();
    CodeOwners owners = host.codeOwnersFor("main").orElseThrow();
    assertThat(owners.ownership("apps/x").owners())
        .containsExactly(Owner.team("octo-org/apps-team"));
    assertThat(world.github.requests()).hasSize(2);
  }

  @Test
  void codeOwnersErrorsAreGitHubsOwnReading() {
    world.github.codeOwnersError(
        Map.of(
            "line",
            3,
            "column",
            1,
            "kind",
            "Invalid pattern",
            "source",
            "***/*.rb @monalisa",
            "message",
            "Invalid pattern on line 3: Did you mean `**/*.rb`?\n\n  ***/*.rb @monalisa\n  ^",
            "path",
            ".github/CODEOWNERS"));
    List<Problem> problems = host.codeOwnersErrors("main");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).kind()).isEqualTo(Problem.Kind.INVALID_PATTERN);
    assertThat(problems.get(0).location()).isEqualTo(".github/CODEOWNERS:3:1");
    assertThat(problems.get(0).message())
        .isEqualTo("Invalid pattern on line 3: Did you mean `**/*.rb`?");
  }

  @Test
  void teamMembersAreReadOnceOverEveryPage() {
    String[] members = IntStream.range(0, 150).mapToObj(i -> "user" + i).toArray(String[]::new);
    world.github.team("octo-org/oncall-approvers", members);
    world.github.clearRequests();
    assertThat(host.membership().membersOf(Owner.team("@octo-org/oncall-approvers")))
        .hasSize(150)
        .contains("user0", "user149");
    assertThat(host.membership().membersOf(Owner.team("@octo-org/oncall-approvers"))).hasSize(150);
    assertThat(host.membership().membersOf(Owner.team("@octo-org/nobody"))).isEmpty();
    assertThat(host.membership().membersOf(Owner.user("alice"))).isEmpty();
    assertThat(world.github.requests()).hasSize(3);
  }

  @Test
  void theTokensIdentityIsGetUserReadOnce() {
    world.github.user("platform-bot");
    assertThat(host.identity()).map(HostIdentity::login).contains("platform-bot");
    assertThat(host.identity()).map(HostIdentity::login).contains("platform-bot");
    assertThat(world.github.requests()).containsExactly("GET /user");
  }

  @Test
  void publishStatusPostsTheContextWithATrimmedDescription() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).build());
    host.publishStatus(
        cr.headRevision(),
        new Check("promotion/gates", Check.State.PENDING, Optional.of("https://ci.example/p/1")),
        "waiting: needs 1 more approval from @octo-org/oncall-approvers; " + "x".repeat(200));
    host.publishStatus(cr.headRevision(), Check.of("promotion/gates", Check.State.SKIPPED), "ok");
    Map<String, String> statuses = world.github.statusesOf(cr.headRevision().id());
    assertThat(statuses).containsOnlyKeys("promotion/gates");
    assertThat(statuses.get("promotion/gates")).isEqualTo("success: ok");
    assertThat(host.get(cr.id()).check("promotion/gates"))
        .map(Check::state)
        .contains(Check.State.SUCCESS);
  }

  @Test
  void pollingAnUnchangedPullRequestIsAnsweredWith304s() {
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).build());
    host.get(cr.id());
    world.counter.reset();
    host.get(cr.id());
    assertThat(world.counter.requests()).isEqualTo(4);
    assertThat(world.counter.notModified()).isEqualTo(4);
    world.github.status(cr.headRevision().id(), "ci", "pending");
    world.counter.reset();
    assertThat(host.get(cr.id()).check("ci")).isPresent();
    assertThat(world.counter.notModified()).isEqualTo(3);
  }

  @Test
  void anUnknownNumberOrAWordIsInvalidInput() {
    assertThatThrownBy(() -> host.get("12")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> host.get("12; rm")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> host.merge("77", Revision.of("a".repeat(40)), "m"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void rateLimitsAreWaitedOutOnTheClock() {
    long reset = world.clock.instant().plus(Duration.ofMinutes(20)).getEpochSecond();
    world.github.failNext(
        "GET",
        "/pulls/",
        new MockResponse.Builder()
            .code(403)
            .addHeader("x-ratelimit-remaining", "0")
            .addHeader("x-ratelimit-reset", Long.toString(reset))
            .body("{\"message\":\"API rate limit exceeded\"}")
            .build());
    world.github.failNext(
        "GET",
        "/reviews",
        new MockResponse.Builder()
            .code(403)
            .addHeader("retry-after", "30")
            .addHeader("x-ratelimit-remaining", "4000")
            .body("{\"message\":\"You have exceeded a secondary rate limit.\"}")
            .build());
    world.github.failNext(
        "GET",
        "/status",
        new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    world.github.failNext("GET", "/check-runs", new MockResponse.Builder().code(502).build());
    String source = branch("promote/staging/api", "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(source).build());

    ChangeRequest read = host.get(cr.id());

    assertThat(read.id()).isEqualTo(cr.id());
    assertThat(world.slept).hasSize(4);
    assertThat(world.slept.get(0)).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(21));
    assertThat(world.slept.get(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(world.slept.get(2)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void malformedJsonAndHtmlPagesAreTypedErrors() {
    world.github.failNext(
        "GET", "/user", new MockResponse.Builder().code(200).body("{\"login\": ").build());
    assertThatThrownBy(() -> host.identity()).isInstanceOf(RemoteUnavailableException.class);
    world.github.failNext(
        "GET",
        "/user",
        new MockResponse.Builder()
            .code(404)
            .addHeader("Content-Type", "text/html")
            .body("<!DOCTYPE html><html>Not here</html>")
            .build());
    assertThatThrownBy(() -> host.identity())
        .isInstanceOf(RemoteUnavailableException.class)
        .hasMessageContaining("HTML page");
  }

  @Test
  void wrongCredentialsFailWithoutShowingThem() {
    GitHubHost wrong = world.hostBuilder().token("ghp_wrongWrongWrong").build();
    assertThatThrownBy(() -> wrong.identity())
        .isInstanceOf(RemoteUnavailableException.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("ghp_wrong");
    assertThat(wrong.toString()).doesNotContain("ghp_").contains("octo-org/gitops-config");
  }
}
