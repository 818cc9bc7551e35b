package dev.gitops.promotion.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Problem;
import dev.gitops.promotion.http.HttpRetryPolicy;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the contract's own samples (../shared/contracts/github/samples, copied into
 * the test resources), served one by one; every request is checked against the contract: method,
 * path, query, the mandatory headers and the body's fields.
 */
class ContractSamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "ghp_SampleTokenValue000000000000000000";

  MockWebServer server = new MockWebServer();
  GitHubHost host;

  @BeforeEach
  void start() throws IOException {
    server.start();
    host =
        GitHubHost.builder()
            .apiUrl(server.url("/").toString())
            .repository("octocat/Hello-World")
            .token(TOKEN)
            .clock(ManualClock.at("2026-05-01T10:00:00Z"))
            .retryPolicy(HttpRetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String sample(String name) {
    try (InputStream in =
        ContractSamplesTest.class.getResourceAsStream("/github/samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serve(int code, String sampleName) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json; charset=utf-8")
            .body(sample(sampleName))
            .build());
  }

  private RecordedRequest take(String method, String target) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request " + method + " " + target).isNotNull();
    assertThat(r.getMethod()).isEqualTo(method);
    assertThat(r.getTarget()).isEqualTo(target);
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(r.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(r.getHeaders().get("User-Agent")).isNotBlank();
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    return r;
  }

  /** The request's JSON body has exactly the fields of the contract's request sample. */
  private static JsonNode bodyShapedLike(RecordedRequest r, String sampleName) throws IOException {
    JsonNode body = JSON.readTree(r.getBody().utf8());
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    List<String> expected = new ArrayList<>();
    Iterator<String> it = JSON.readTree(sample(sampleName)).fieldNames();
    it.forEachRemaining(expected::add);
    expected.removeIf(f -> f.startsWith("_"));
    assertThat(fields).containsExactlyInAnyOrderElementsOf(expected);
    return body;
  }

  @Test
  void aPullRequestWithItsReviewsStatusesAndCheckRuns() throws Exception {
    serve(200, "pulls-get.200.json");
    serve(200, "pulls-reviews.list.200.synthetic.json");
    serve(200, "commits-status.combined.200.json");
    serve(200, "commits-check-runs.200.json");

    ChangeRequest cr = host.get("1347");

    take("GET", "/repos/octocat/Hello-World/pulls/1347");
    take("GET", "/repos/octocat/Hello-World/pulls/1347/reviews?per_page=100");
    String sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    take("GET", "/repos/octocat/Hello-World/commits/" + sha + "/status?per_page=100");
    take(
        "GET",
        "/repos/octocat/Hello-World/commits/" + sha + "/check-runs?filter=latest&per_page=100");
    assertThat(cr.id()).isEqualTo("1347");
    assertThat(cr.url()).isEqualTo("https://github.com/octocat/Hello-World/pull/1347");
    assertThat(cr.state()).isEqualTo(ChangeRequest.State.OPEN);
    assertThat(cr.sourceBranch()).isEqualTo("new-topic");
    assertThat(cr.targetBranch()).isEqualTo("master");
    assertThat(cr.headRevision()).isEqualTo(Revision.of(sha));
    assertThat(cr.author()).isEqualTo("octocat");
    assertThat(cr.labels()).containsExactly("bug");
    assertThat(cr.mergeability()).isEqualTo(ChangeRequest.Mergeability.MERGEABLE);

    JsonNode verdict = JSON.readTree(sample("pulls-reviews.expected-verdict.json"));
    List<String> approvedBy = new ArrayList<>();
    verdict.get("approvedBy").forEach(n -> approvedBy.add(n.asText()));
    assertThat(cr.approvers(false)).containsExactlyElementsOf(approvedBy);
    assertThat(cr.changesRequestedBy()).isEmpty();
    // with stale-review dismissal only reviews of the head count; none was given on 6dcb...
    assertThat(cr.approvers(true)).isEmpty();
    assertThat(cr.toBuilder().headRevision(Revision.of("b".repeat(40))).build().approvers(true))
        .containsExactly("bob");

    assertThat(cr.checks())
        .extracting(Check::name, Check::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "continuous-integration/jenkins", Check.State.SUCCESS),
            org.assertj.core.groups.Tuple.tuple("security/brakeman", Check.State.SUCCESS),
            org.assertj.core.groups.Tuple.tuple("mighty_readme", Check.State.NEUTRAL));
  }

  @Test
  void aDuplicateCreateIsLookedUpByOwnerPrefixedHead() throws Exception {
    serve(422, "pulls-create.422-already-exists.json");
    serve(200, "pulls-list.open-by-head.200.json");
    ChangeRequestSpec spec =
        ChangeRequestSpec.builder()
            .sourceBranch("new-topic")
            .targetBranch("master")
            .title("Promote app to prod")
            .body("Automated promotion")
            .build();

    assertThatThrownBy(() -> host.open(spec))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("#1347");

    JsonNode body =
        bodyShapedLike(
            take("POST", "/repos/octocat/Hello-World/pulls"), "pulls-create.request.json");
    assertThat(body.get("head").asText()).isEqualTo("new-topic");
    assertThat(body.get("maintainer_can_modify").asBoolean()).isFalse();
    take(
        "GET",
        "/repos/octocat/Hello-World/pulls?state=open&head=octocat%3Anew-topic&base=master&per_page=100");
  }

  @Test
  void labelsAndReviewersAreSentAsTheSamplesShowThem() throws Exception {
    serve(201, "pulls-get.200.json");
    serve(200, "issues-labels.add.200.json");
    serve(201, "pulls-get.200.json");
    host.open(
        ChangeRequestSpec.builder()
            .sourceBranch("new-topic")
            .targetBranch("master")
            .title("t")
            .body("b")
            .addLabels("promotion", "env/prod")
            .addReviewers("octocat")
            .addTeamReviewers("justice-league")
            .build());
    take("POST", "/repos/octocat/Hello-World/pulls");
    assertThat(
            bodyShapedLike(
                take("POST", "/repos/octocat/Hello-World/issues/1347/labels"),
                "issues-labels.add.request.json"))
        .isEqualTo(JSON.readTree(sample("issues-labels.add.request.json")));
    assertThat(
            bodyShapedLike(
                take("POST", "/repos/octocat/Hello-World/pulls/1347/requested_reviewers"),
                "requested-reviewers.request.json"))
        .isEqualTo(JSON.readTree(sample("requested-reviewers.request.json")));
  }

  @Test
  void mergeSendsTheGuardAndMaps405And409ToConflicts() throws Exception {
    serve(405, "pulls-merge.405.json");
    serve(409, "pulls-merge.409.json");
    Revision head = Revision.of("6dcb09b5b57875f334f61aebed695e2e4193db5e");

    assertThatThrownBy(
            () -> host.merge("1347", head, "Promote app to prod (#1347)\n\nAutomated promotion"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("Pull Request is not mergeable");
    JsonNode body =
        bodyShapedLike(
            take("PUT", "/repos/octocat/Hello-World/pulls/1347/merge"), "pulls-merge.request.json");
    assertThat(body.get("sha").asText()).isEqualTo(head.id());
    assertThat(body.get("commit_title").asText()).isEqualTo("Promote app to prod (#1347)");
    assertThat(body.get("commit_message").asText()).isEqualTo("Automated promotion");

    assertThatThrownBy(() -> host.merge("1347", head, "m"))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("Head branch was modified");
  }

  @Test
  void mergedIsReadBackWithTheMergeSha() throws Exception {
    serve(200, "pulls-merge.200.json");
    serve(200, "pulls-get.200.json");
    ChangeRequest merged =
        host.merge("1347", Revision.of("6dcb09b5b57875f334f61aebed695e2e4193db5e"), "m");
    assertThat(merged.state()).isEqualTo(ChangeRequest.State.MERGED);
    assertThat(merged.mergeRevision())
        .contains(Revision.of("6dcb09b5b57875f334f61aebed695e2e4193db5e"));
  }

  @Test
  void protectionFromTheRecordedFixtureAndAnUnprotectedBranch() throws Exception {
    serve(200, "branch-protection.get.200.json");
    server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
    BranchProtection p = host.protection("main");
    take("GET", "/repos/octocat/Hello-World/branches/main/protection");
    take("GET", "/repos/octocat/Hello-World/rules/branches/main?per_page=100");
    assertThat(p.requiredChecks()).containsExactly("foo/bar");
    assertThat(p.requireUpToDate()).isTrue();

    serve(404, "branch-protection.get.404.json");
    server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
    assertThat(host.protection("feature/x")).isEqualTo(BranchProtection.NONE);
    take("GET", "/repos/octocat/Hello-World/branches/feature/x/protection");
  }

  @Test
  void codeOwnersThroughTheContentsApiAndGitHubsErrors() throws Exception {
    serve(200, "contents-codeowners.200.json");
    CodeOwners owners = host.codeOwnersFor("main").orElseThrow();
    take("GET", "/repos/octocat/Hello-World/contents/.github/CODEOWNERS?ref=main");
    assertThat(owners.rules()).hasSize(2);

    serve(404, "contents.404.json");
    serve(404, "contents.404.json");
    serve(404, "contents.404.json");
    assertThat(host.codeOwnersFor("release")).isEmpty();
    take("GET", "/repos/octocat/Hello-World/contents/.github/CODEOWNERS?ref=release");
    take("GET", "/repos/octocat/Hello-World/contents/CODEOWNERS?ref=release");
    take("GET", "/repos/octocat/Hello-World/contents/docs/CODEOWNERS?ref=release");

    serve(200, "codeowners-errors.200.json");
    List<Problem> problems = host.codeOwnersErrors("main");
    take("GET", "/repos/octocat/Hello-World/codeowners/errors?ref=main");
    assertThat(problems)
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.INVALID_PATTERN, Problem.Kind.INVALID_OWNER);
    assertThat(problems.get(1).location()).isEqualTo(".github/CODEOWNERS:7:7");
  }

  @Test
  void theOwnStatusIsSentAsTheSampleShowsIt() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).body("{}").build());
    host.publishStatus(
        Revision.of("6dcb09b5b57875f334f61aebed695e2e4193db5e"),
        new Check(
            "gitops-promoter/gate",
            Check.State.SUCCESS,
            Optional.of("https://promoter.example.com/runs/42")),
        "Promotion gate passed");
    JsonNode body =
        bodyShapedLike(
            take(
                "POST",
                "/repos/octocat/Hello-World/statuses/6dcb09b5b57875f334f61aebed695e2e4193db5e"),
            "statuses-create.request.json");
    assertThat(body).isEqualTo(JSON.readTree(sample("statuses-create.request.json")));
  }
}
