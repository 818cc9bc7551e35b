package dev.gitops.promotion.gitlab;

import static dev.gitops.promotion.gitlab.sim.GitLabSimulator.is;
import static dev.gitops.promotion.gitlab.sim.GitLabSimulator.json;
import static dev.gitops.promotion.gitlab.sim.GitLabSimulator.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Dialect;
import dev.gitops.promotion.codeowners.Owner;
import dev.gitops.promotion.gitlab.sim.GitLabSimulator;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.HostIdentity;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitLabHost against the simulator: requests as GitLab documents them (paths, encoding, bodies),
 * the merge request lifecycle, gate evidence and its tier fallbacks, merge errors, pagination and
 * rate limits.
 */
class GitLabHostTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "promote/staging/api-service-1a2b3c";
  private static final String FILE = "apps/api/overlays/staging/kustomization.yaml";

  @TempDir Path dir;
  World world;
  GitLabHost host;

  @BeforeEach
  void start() {
    world = new World(dir);
    host = world.host();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private String branch(String name, String content) {
    world.repo.createBranch(name, "main");
    world.clock.advance(Duration.ofSeconds(1));
    return world.repo.commitFile(name, FILE, content, "promote");
  }

  private static ChangeRequestSpec spec(String source) {
    return ChangeRequestSpec.builder()
        .sourceBranch(source)
        .targetBranch("main")
        .title("Promote api-service to staging")
        .body("Automated promotion")
        .addLabels("promotion", "env::staging")
        .build();
  }

  private List<RecordedRequest> requests(String method, String pathPart) {
    return world.gitlab.requests.stream()
        .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().contains(pathPart))
        .toList();
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return JSON.readTree(r.getBody().utf8());
  }

  // ------------------------------------------------------------------------------------ open

  @Test
  void openPostsTheSampleShapedBodyToTheEncodedProjectPath() throws Exception {
    String head = branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr =
        host.open(
            ChangeRequestSpec.builder()
                .from(spec(SOURCE))
                .addReviewers("bob", "@carol")
                .draft(true)
                .build());

    RecordedRequest post = requests("POST", "/merge_requests").get(0);
    assertThat(post.getUrl().encodedPath())
        .isEqualTo("/api/v4/projects/group%2Fsub%2Fproject/merge_requests");
    assertThat(post.getHeaders().get("PRIVATE-TOKEN")).isEqualTo(GitLabSimulator.TOKEN);
    JsonNode b = body(post);
    JsonNode sample = GitLabSimulator.sample("mr-create.request.json");
    sample.fieldNames().forEachRemaining(f -> assertThat(b.has(f)).as(f).isTrue());
    assertThat(b.get("source_branch").asText()).isEqualTo(SOURCE);
    assertThat(b.get("title").asText()).isEqualTo("Draft: Promote api-service to staging");
    assertThat(b.get("labels").asText()).isEqualTo("promotion,env::staging");
    assertThat(b.get("remove_source_branch").asBoolean()).isTrue();
    assertThat(b.get("reviewer_ids").toString()).isEqualTo("[12,13]");

    assertThat(cr.id()).isEqualTo("1");
    assertThat(cr.title()).isEqualTo("Promote api-service to staging");
    assertThat(cr.headRevision()).isEqualTo(Revision.of(head));
    assertThat(cr.url()).endsWith("/group/sub/project/-/merge_requests/1");
    assertThat(cr.author()).isEqualTo("promoter-bot");
    assertThat(world.gitlab.mrs.get(1).reviewers).containsExactly("bob", "carol");
  }

  @Test
  void aProjectByNumericIdWorksToo() {
    branch(SOURCE, "digest: sha256:111\n");
    GitLabHost byId = world.hostBuilder(Long.toString(GitLabSimulator.PROJECT_ID)).build();
    ChangeRequest cr = byId.open(spec(SOURCE));
    assertThat(byId.get(cr.id()).sourceBranch()).isEqualTo(SOURCE);
    assertThat(requests("POST", "/merge_requests").get(0).getUrl().encodedPath())
        .isEqualTo("/api/v4/projects/15513260/merge_requests");
  }

  @Test
  void aSecondOpenIsAConflictNamingTheExistingMergeRequest() {
    branch(SOURCE, "digest: sha256:111\n");
    host.open(spec(SOURCE));
    assertThatThrownBy(() -> host.open(spec(SOURCE)))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("!1")
        .hasMessageContaining(SOURCE);
    assertThat(world.gitlab.mrs).hasSize(1);
    assertThat(host.findOpen(SOURCE, "main")).map(ChangeRequest::id).contains("1");
  }

  @Test
  void anOpenWhoseAnswerWasLostReusesTheMergeRequestItCreated() {
    branch(SOURCE, "digest: sha256:111\n");
    world.gitlab.loseNextCreateResponse = true;
    ChangeRequest cr = host.open(spec(SOURCE));
    assertThat(cr.id()).isEqualTo("1");
    assertThat(world.gitlab.mrs).hasSize(1);
    assertThat(requests("POST", "/merge_requests")).hasSize(1);
  }

  @Test
  void aConflictAfterAnAnswerLostBeforeTheServerListedItReusesItToo() {
    branch(SOURCE, "digest: sha256:111\n");
    // the first POST times out on the way back (created), the lookup does not see it yet (a
    // replica behind), the second POST is a 409: it is this call's own merge request
    world.gitlab.loseNextCreateResponse = true;
    world.gitlab.script(
        r -> r.getMethod().equals("GET") && "opened".equals(r.getUrl().queryParameter("state")),
        json(200, JSON.createArrayNode()));
    ChangeRequest cr = host.open(spec(SOURCE));
    assertThat(cr.id()).isEqualTo("1");
    assertThat(world.gitlab.mrs).hasSize(1);
    assertThat(requests("POST", "/merge_requests")).hasSize(2);
  }

  @Test
  void aMissingSourceBranchWithSlashesIsInvalidInputAndTheBranchIsOneEncodedSegment() {
    assertThatThrownBy(() -> host.open(spec("promote/staging/missing")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("promote/staging/missing");
    assertThat(requests("GET", "/repository/branches/").get(0).getUrl().encodedPath())
        .endsWith("/repository/branches/promote%2Fstaging%2Fmissing");
  }

  @Test
  void updateReplacesTitleBodyAndLabels() throws Exception {
    branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));
    host.update(
        cr.id(),
        ChangeRequestSpec.builder().from(spec(SOURCE)).title("t2").labels(List.of()).build());
    JsonNode put = body(requests("PUT", "/merge_requests/1").get(0));
    assertThat(put.get("labels").asText()).isEmpty();
    assertThat(host.get(cr.id()).labels()).isEmpty();
    assertThat(host.get(cr.id()).title()).isEqualTo("t2");
  }

  @Test
  void closeClosesThenComments() throws Exception {
    branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));
    ChangeRequest closed = host.close(cr.id(), "Superseded by !2");
    assertThat(closed.state()).isEqualTo(ChangeRequest.State.CLOSED);
    assertThat(body(requests("PUT", "/merge_requests/1").get(0)).get("state_event").asText())
        .isEqualTo("close");
    assertThat(world.gitlab.mrs.get(1).notes).containsExactly("Superseded by !2");
  }

  @Test
  void aNonNumericIdIsInvalidInput() {
    assertThatThrownBy(() -> host.get("abc")).isInstanceOf(InvalidInputException.class);
    assertThat(world.gitlab.requests).isEmpty();
  }

  // -------------------------------------------------------------------------------- evidence

  @Test
  void approvalsAndApprovalStateAreReadPerRule() {
    world.repo.createBranch("production", "main");
    world.gitlab.protect("production", 2, List.of(), true);
    world.repo.createBranch(SOURCE, "production");
    world.repo.commitFile(SOURCE, FILE, "digest: sha256:111\n", "promote");
    ChangeRequest cr =
        host.open(
            ChangeRequestSpec.builder().from(spec(SOURCE)).targetBranch("production").build());
    world.gitlab.approve(1, "bob");

    MergeRequestEvidence e = host.evidence(cr.id());
    assertThat(e.detailedMergeStatus()).isEqualTo("not_approved");
    assertThat(e.approvals()).map(MergeRequestEvidence.Approvals::left).contains(1);
    assertThat(e.approvals().orElseThrow().approvedBy()).containsExactly("bob");
    assertThat(e.rules()).singleElement().satisfies(r -> assertThat(r.approved()).isFalse());
    assertThat(e.approved()).isFalse();
    assertThat(e.approvalsFallback()).isEmpty();

    world.gitlab.approve(1, "carol");
    MergeRequestEvidence after = host.evidence(cr.id());
    assertThat(after.approved()).isTrue();
    assertThat(after.mergeable()).isTrue();
    assertThat(host.get(cr.id()).approvers(false)).containsExactly("bob", "carol");
  }

  @Test
  void theApprovalStateSampleReadsIntoRulesWithCodeOwnerSections() {
    world.gitlab.script(
        is("GET", "/approval_state"),
        json(200, GitLabSimulator.sampleObject("mr-approval_state.200.json")));
    world.gitlab.script(
        is("GET", "/approvals"), json(200, GitLabSimulator.sampleObject("mr-approvals.200.json")));
    branch(SOURCE, "digest: sha256:111\n");
    host.open(spec(SOURCE));
    MergeRequestEvidence e = host.evidence("1");
    assertThat(e.approvals().orElseThrow().approvedBy()).containsExactly("root");
    assertThat(e.rules()).hasSize(2);
    MergeRequestEvidence.ApprovalRule docs = e.rules().get(1);
    assertThat(docs.codeOwner()).isTrue();
    assertThat(docs.section()).contains("Documentation");
    assertThat(docs.approved()).isFalse();
    assertThat(e.rules().get(0).approvedBy()).containsExactly("jdoe");
    assertThat(e.approved()).isFalse();
  }

  @Test
  void aTierWithoutTheApprovalsApiFallsBackToDetailedMergeStatusAndIsNotAskedAgain() {
    world.gitlab.freeTier = true;
    branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));

    MergeRequestEvidence e = host.evidence(cr.id());
    assertThat(e.approvals()).isEmpty();
    assertThat(e.rules()).isEmpty();
    assertThat(e.approvalsFallback()).hasValueSatisfying(s -> assertThat(s).contains("403/404"));
    assertThat(e.approved()).isTrue(); // detailed_merge_status is mergeable
    host.evidence(cr.id());
    host.get(cr.id());
    assertThat(requests("GET", "/approvals")).hasSize(1);
    assertThat(host.protection("main")).isEqualTo(BranchProtection.NONE);
  }

  @Test
  void changesRequestedComeFromTheReviewersApi() {
    branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));
    world.gitlab.requestChanges(1, "dave");
    ChangeRequest read = host.get(cr.id());
    assertThat(read.changesRequestedBy()).containsExactly("dave");
    assertThat(read.reviews()).extracting(Review::state).contains(Review.State.CHANGES_REQUESTED);
  }

  @Test
  void theHeadPipelineAndCommitStatusesBecomeChecks() {
    String head = branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));
    world.gitlab.pipelines.put(head, "running");
    world.gitlab.status(head, "build", "success", false);
    world.gitlab.status(head, "lint", "failed", true);
    world.gitlab.status(head, "e2e", "canceled", false);
    world.gitlab.status(head, "docs", "skipped", false);
    world.gitlab.status(head, "deploy", "manual", false);

    ChangeRequest read = host.get(cr.id());
    assertThat(read.check("build")).map(Check::state).contains(Check.State.SUCCESS);
    assertThat(read.check("lint")).map(Check::state).contains(Check.State.NEUTRAL);
    assertThat(read.check("e2e")).map(Check::state).contains(Check.State.FAILURE);
    assertThat(read.check("docs")).map(Check::state).contains(Check.State.SKIPPED);
    assertThat(read.check("deploy")).map(Check::state).contains(Check.State.PENDING);
    assertThat(read.check(GitLabHost.PIPELINE_CHECK))
        .map(Check::state)
        .contains(Check.State.PENDING);
    assertThat(read.check(GitLabHost.PIPELINE_CHECK).flatMap(Check::detailsUrl)).isPresent();

    world.gitlab.pipelines.put(head, "success");
    assertThat(host.evidence(cr.id()).headPipeline())
        .map(Check::state)
        .contains(Check.State.SUCCESS);

    // a pipeline of an older head does not count for the new one
    world.clock.advance(Duration.ofSeconds(1));
    world.repo.commitFile(SOURCE, FILE, "digest: sha256:222\n", "again");
    world.gitlab.pipelines.put(head, "success");
    assertThat(host.get(cr.id()).check(GitLabHost.PIPELINE_CHECK)).isEmpty();
  }

  @Test
  void theCommitStatusesSampleReadsIntoChecks() {
    String head = branch(SOURCE, "digest: sha256:111\n");
    host.open(spec(SOURCE));
    world.gitlab.script(
        r -> r.getUrl().encodedPath().endsWith("/statuses") && r.getMethod().equals("GET"),
        json(200, GitLabSimulator.sample("commit-statuses.list.200.json")));
    ChangeRequest read = host.get("1");
    assertThat(read.check("bundler:audit")).map(Check::state).contains(Check.State.PENDING);
    assertThat(read.check("test")).map(Check::state).contains(Check.State.SUCCESS);
    assertThat(requests("GET", "/statuses").get(0).getUrl().encodedPath())
        .contains("/repository/commits/" + head + "/statuses");
  }

  @Test
  void theMergeRequestSampleReadsWhole() {
    world.gitlab.script(
        r ->
            r.getMethod().equals("GET") && r.getUrl().encodedPath().endsWith("/merge_requests/133"),
        json(200, GitLabSimulator.sampleObject("mr-get.200.json")));
    world.gitlab.script(
        r -> r.getUrl().encodedPath().endsWith("/statuses"), json(200, JSON.createArrayNode()));
    ChangeRequest cr = host.get("133");
    assertThat(cr.id()).isEqualTo("133");
    assertThat(cr.sourceBranch()).isEqualTo("promote/app-prod-1a2b3c");
    assertThat(cr.headRevision().id()).isEqualTo("e82eb4a098e32c796079ca3915e07487fc4db24c");
    assertThat(cr.createdAt()).isEqualTo(Instant.parse("2022-05-13T07:26:38.402Z"));
    assertThat(cr.mergeability()).isEqualTo(ChangeRequest.Mergeability.MERGEABLE);
    assertThat(cr.check(GitLabHost.PIPELINE_CHECK)).map(Check::state).contains(Check.State.SUCCESS);
    assertThat(cr.labels()).containsExactly("promotion");
  }

  // ----------------------------------------------------------------------------------- merge

  @Test
  void mergeSendsTheShaGuardAndNoAutoMergeUnlessAsked() throws Exception {
    String head = branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));
    ChangeRequest merged = host.merge(cr.id(), Revision.of(head), "chore: promote\n");
    JsonNode b = body(requests("PUT", "/merge").get(0));
    assertThat(b.get("sha").asText()).isEqualTo(head);
    assertThat(b.get("merge_commit_message").asText()).isEqualTo("chore: promote\n");
    assertThat(b.get("should_remove_source_branch").asBoolean()).isTrue();
    assertThat(b.has("auto_merge")).isFalse();
    assertThat(b.has("merge_when_pipeline_succeeds")).isFalse();
    assertThat(merged.state()).isEqualTo(ChangeRequest.State.MERGED);
    assertThat(world.repo.head(SOURCE)).as("remove_source_branch").isEmpty();
  }

  @Test
  void autoMergeSetsBothParametersAndLeavesItOpenWhileThePipelineRuns() throws Exception {
    world.gitlab.pipelineMustSucceed = true;
    String head = branch(SOURCE, "digest: sha256:111\n");
    world.gitlab.pipelines.put(head, "running");
    GitLabHost auto = world.hostBuilder(GitLabSimulator.PROJECT_PATH).autoMerge(true).build();
    ChangeRequest cr = auto.open(spec(SOURCE));
    ChangeRequest after = auto.merge(cr.id(), Revision.of(head), "merge\n");
    JsonNode b = body(requests("PUT", "/merge").get(0));
    assertThat(b.get("auto_merge").asBoolean()).isTrue();
    assertThat(b.get("merge_when_pipeline_succeeds").asBoolean()).isTrue();
    assertThat(after.state()).isEqualTo(ChangeRequest.State.OPEN);
    assertThat(world.gitlab.mrs.get(1).autoMerge).isTrue();
    assertThat(auto.protection("main").requiredChecks()).containsExactly(GitLabHost.PIPELINE_CHECK);
  }

  @Test
  void mergeErrorsMapToWhatThePromoterActsOn() {
    String head = branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));
    JsonNode errors = GitLabSimulator.sample("mr-merge.errors.json");

    world.gitlab.script(is("PUT", "/merge"), json(409, errors.get("409")));
    assertThatThrownBy(() -> host.merge(cr.id(), Revision.of(head), "m"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("moved");

    world.gitlab.script(is("PUT", "/merge"), json(405, errors.get("405")));
    assertThatThrownBy(() -> host.merge(cr.id(), Revision.of(head), "m"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("405")
        .hasMessageContaining("detailed_merge_status mergeable");

    world.gitlab.script(is("PUT", "/merge"), json(406, errors.get("406_legacy")));
    assertThatThrownBy(() -> host.merge(cr.id(), Revision.of(head), "m"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("406");

    world.gitlab.script(is("PUT", "/merge"), json(422, errors.get("422")));
    assertThatThrownBy(() -> host.merge(cr.id(), Revision.of(head), "m"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("Branch cannot be merged");

    world.gitlab.script(is("PUT", "/merge"), json(401, errors.get("401")));
    assertThatThrownBy(() -> host.merge(cr.id(), Revision.of(head), "m"))
        .isInstanceOfSatisfying(
            RemoteUnavailableException.class,
            e -> {
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.httpStatus()).hasValue(401);
            });
    assertThat(host.get(cr.id()).state()).isEqualTo(ChangeRequest.State.OPEN);
  }

  @Test
  void aLegacyServerRefusingAConflictingMergeWith406IsAConflict() {
    world.gitlab.legacy406 = true;
    branch(SOURCE, "digest: sha256:111\n");
    ChangeRequest cr = host.open(spec(SOURCE));
    world.repo.commitFile("main", FILE, "digest: sha256:999\n", "meanwhile");
    // the simulator refuses a conflicting merge with 405 (has_conflicts) before it tries
    world.gitlab.script(is("PUT", "/merge"), json(406, message("Branch cannot be merged")));
    assertThatThrownBy(() -> host.merge(cr.id(), cr.headRevision(), "m"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("conflict");
  }

  // ------------------------------------------------------------------------------ protection

  @Test
  void protectionReadsProtectedBranchesApprovalRulesExternalChecksAndThePipelineSetting() {
    world.gitlab.pipelineMustSucceed = true;
    world.repo.createBranch("release/2026-10", "main");
    world.gitlab.protect("release/*", 2, List.of("security-scan"), true);
    BranchProtection p = host.protection("release/2026-10");
    assertThat(p.requireCodeOwnerReview()).isTrue();
    assertThat(p.requiredChecks()).containsExactly(GitLabHost.PIPELINE_CHECK, "security-scan");
    assertThat(host.protection("main").requireCodeOwnerReview()).isFalse();
    assertThat(GitLabHost.wildcardMatches("release/*", "release/2026-10")).isTrue();
    assertThat(GitLabHost.wildcardMatches("release-*", "release/2026-10")).isFalse();
  }

  // ---------------------------------------------------------------- identity, owners, status

  @Test
  void identityComesFromGetUser() {
    assertThat(host.identity())
        .contains(
            new HostIdentity("promoter-bot", Optional.of("Promoter Bot"), Optional.empty(), true));
  }

  @Test
  void codeOwnersAreReadWhereGitLabLooksInItsOrder() {
    world.repo.commitFile(
        "main",
        ".gitlab/CODEOWNERS",
        "* @platform\n\n[Production][2] @group/oncall\napps/**/production/ \n",
        "owners");
    CodeOwners owners = host.codeOwnersFor("main").orElseThrow();
    assertThat(owners.dialect()).isEqualTo(Dialect.GITLAB);
    assertThat(owners.fileName()).isEqualTo(".gitlab/CODEOWNERS");
    assertThat(owners.problems()).isEmpty();
    assertThat(owners.requirements(List.of("apps/api/overlays/production/k.yaml"))).hasSize(2);
    assertThat(requests("GET", "/repository/files/").stream().map(r -> r.getUrl().encodedPath()))
        .containsExactly(
            "/api/v4/projects/group%2Fsub%2Fproject/repository/files/CODEOWNERS/raw",
            "/api/v4/projects/group%2Fsub%2Fproject/repository/files/docs%2FCODEOWNERS/raw",
            "/api/v4/projects/group%2Fsub%2Fproject/repository/files/.gitlab%2FCODEOWNERS/raw");
    assertThat(host.codeOwnersFor("no-such-branch")).isEmpty();
  }

  @Test
  void membershipListsDirectGroupMembers() {
    world.gitlab.groups.put("group/oncall", List.of("bob", "carol"));
    assertThat(host.membership().membersOf(Owner.group("@group/oncall")))
        .containsExactly("bob", "carol");
    assertThat(host.membership().membersOf(Owner.group("@group/nobody"))).isEmpty();
    assertThat(requests("GET", "/groups/").get(0).getUrl().encodedPath())
        .isEqualTo("/api/v4/groups/group%2Foncall/members");
  }

  @Test
  void publishStatusPostsTheSampleShapeAndToleratesTheSameStateTwice() throws Exception {
    String head = branch(SOURCE, "digest: sha256:111\n");
    Check status =
        new Check(
            "promotion/gates",
            Check.State.PENDING,
            Optional.of("https://promoter.example/runs/42"));
    host.publishStatus(Revision.of(head), status, "waiting for 1 approval");
    host.publishStatus(Revision.of(head), status, "waiting for 1 approval");
    host.publishStatus(
        Revision.of(head), Check.of("promotion/gates", Check.State.SUCCESS), "gates passed");
    RecordedRequest post = requests("POST", "/statuses/").get(0);
    assertThat(post.getUrl().encodedPath())
        .isEqualTo("/api/v4/projects/group%2Fsub%2Fproject/statuses/" + head);
    JsonNode b = body(post);
    assertThat(b.get("state").asText()).isEqualTo("pending");
    assertThat(b.get("name").asText()).isEqualTo("promotion/gates");
    assertThat(b.get("target_url").asText()).isEqualTo("https://promoter.example/runs/42");
    assertThat(b.get("description").asText()).isEqualTo("waiting for 1 approval");
    assertThat(host.get(host.open(spec(SOURCE)).id()).check("promotion/gates"))
        .map(Check::state)
        .contains(Check.State.SUCCESS);
  }

  // ------------------------------------------------------------------ pagination, rate limits

  @Test
  void listsFollowLinkOrXNextPage() {
    world.gitlab.pageSize = 2;
    for (int i = 1; i <= 5; i++) {
      branch("promote/staging/app-" + i, "digest: sha256:" + i + "\n");
      host.open(spec("promote/staging/app-" + i));
    }
    world.gitlab.requests.clear();
    assertThat(host.listOpen("main"))
        .extracting(ChangeRequest::id)
        .containsExactly("1", "2", "3", "4", "5");
    assertThat(requests("GET", "/merge_requests")).hasSize(3);

    world.gitlab.linkHeaders = false;
    world.gitlab.requests.clear();
    assertThat(host.listOpen("main")).hasSize(5);
    assertThat(requests("GET", "/merge_requests")).hasSize(3);
    assertThat(requests("GET", "/merge_requests").get(2).getUrl().queryParameter("page"))
        .isEqualTo("3");
  }

  @Test
  void a429WithRetryAfterIsWaitedOutOnTheInjectedSleeper() {
    JsonNode headers = GitLabSimulator.sample("headers.examples.json").get("ratelimit_429");
    world.gitlab.script(
        is("GET", "/user"),
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", headers.get("headers").get("Retry-After").asText())
            .addHeader("RateLimit-Reset", headers.get("headers").get("RateLimit-Reset").asText())
            .addHeader("Content-Type", "text/plain")
            .body("Retry later")
            .build());
    assertThat(host.identity()).isPresent();
    assertThat(world.slept).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void anExhaustedRateLimitWaitsUntilRateLimitReset() {
    Instant reset = world.clock.instant().plusSeconds(90);
    world.gitlab.script(
        is("GET", "/user"),
        new MockResponse.Builder()
            .code(429)
            .addHeader("RateLimit-Remaining", "0")
            .addHeader("RateLimit-Reset", Long.toString(reset.getEpochSecond()))
            .body("Retry later")
            .build());
    assertThat(host.identity()).isPresent();
    assertThat(world.slept).containsExactly(Duration.ofSeconds(90));
  }

  @Test
  void toStringNamesNoToken() {
    assertThat(host.toString()).contains("group/sub/project").doesNotContain(GitLabSimulator.TOKEN);
  }
}
