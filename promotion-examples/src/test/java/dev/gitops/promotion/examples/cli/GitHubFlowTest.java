package dev.gitops.promotion.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionLookup;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.git.GitOptions;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.git.testing.BareRepo;
import dev.gitops.promotion.github.sim.GitHubSimulator;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.Check;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's GitHub flow end to end through the CLI: a real bare Git repository as the remote
 * (pushed to by JGit), promotion-github's simulated GitHub on MockWebServer as the REST API, and
 * {@code host: {kind: github}} in promotion.yaml. Each command is a fresh command line that reads
 * everything back from Git and GitHub, as separate processes would. Counts the requests each step
 * costs (docs/benchmarks.md).
 */
class GitHubFlowTest {
  private static final String TOKEN = "ghp_E2eTokenValue0000000000000000000000";
  private static final String OWNER = "octo-org";
  private static final String NAME = "gitops-config";

  @TempDir Path tmp;
  private final MockWebServer server = new MockWebServer();
  private final List<String> printed = new ArrayList<>();
  private GitHubSimulator github;
  private BareRepo remote;
  private CliRepo work;
  private AdapterContext context;

  @AfterEach
  void close() {
    server.close();
    if (remote != null) {
      remote.close();
    }
    if (work != null) {
      work.close();
    }
  }

  private void world() throws Exception {
    world("");
  }

  private void world(String stagingExtra) throws Exception {
    // CI's token belongs to the bot, which promotes for the person at the keyboard.
    world(stagingExtra, "access: {delegates: [promotion-bot]}\n");
  }

  private void world(String stagingExtra, String access) throws Exception {
    server.start();
    Path remoteDir = tmp.resolve("remote.git");
    work = CliRepo.seed(tmp.resolve("work"));
    work.write(
            "promotion.yaml",
            "environments:\n"
                + "  - {name: dev, delivery: direct}\n"
                + "  - {name: staging, delivery: change-request"
                + stagingExtra
                + "}\n"
                + "  - {name: production, delivery: change-request}\n"
                + "applications:\n"
                + "  - {name: payments, image: "
                + CliRepo.PAYMENTS
                + "}\n"
                + "  - {name: api-service, image: "
                + CliRepo.IMAGE
                + "}\n"
                + "host:\n"
                + "  kind: github\n"
                + "  repository: "
                + OWNER
                + "/"
                + NAME
                + "\n"
                + "  apiUrl: "
                + server.url("/")
                + "\n"
                + "  teamReviewers: [oncall-approvers]\n"
                + access)
        .commit("pipeline file", java.time.Instant.parse("2026-10-01T09:00:00Z"));
    Git.init()
        .setBare(true)
        .setDirectory(remoteDir.toFile())
        .setInitialBranch("main")
        .call()
        .close();
    work.git.remoteAdd().setName("origin").setUri(new URIish(remoteDir.toUri().toString())).call();
    work.git.push().setRemote("origin").add("main").call();
    remote = BareRepo.open(remoteDir);
    github = new GitHubSimulator(remote, Clock.systemUTC(), OWNER, NAME, TOKEN);
    server.setDispatcher(github);
    context =
        AdapterContext.system(Clock.systemUTC())
            .withEnvironment(Map.of("GITHUB_TOKEN", TOKEN))
            .withSleeper(d -> {});
  }

  private CliRepo.Run run(Object command, String... args) {
    CliRepo.Run r = CliRepo.run(command, args);
    printed.add(r.out());
    printed.add(r.err());
    return r;
  }

  private CliRepo.Run promote(String env, char digest) {
    return run(
        new PromoteCommand(context),
        "--repo",
        work.dir.toString(),
        "--push",
        "--app",
        "api-service",
        "--to",
        env,
        "--digest",
        "sha256:" + CliRepo.hex(digest));
  }

  private CliRepo.Run advance(String env) {
    return CliRepo.onApi(new AdvanceCommand(context), work.dir, env);
  }

  private String remoteFile(String path) {
    return remote.readString("main", path).orElseThrow();
  }

  @Test
  void anActorWhoIsNotTheTokensUserIsRefusedUnlessTheTokenMayDelegate() throws Exception {
    world("", "");
    var mainBefore = remote.head("main");
    CliRepo.Run refused = promote("staging", 'b');
    assertThat(refused.exit()).as(refused.err()).isEqualTo(3);
    assertThat(refused.err())
        .contains("is not who the host credentials belong to (promotion-bot)")
        .contains("access.delegates");
    assertThat(remote.head("main")).isEqualTo(mainBefore);
    assertThat(github.requests()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void holdReleaseAndAbortAreBoundToTheTokensUserLikeAPromotion() throws Exception {
    world("", "");
    var mainBefore = remote.head("main");
    // the person at the keyboard (git's identity, Ada) is not whom the token belongs to
    for (Object command : List.of(new HoldCommand(context), new HoldCommand.Release(context))) {
      CliRepo.Run r = CliRepo.onApi(command, work.dir, "staging", "--reason", "pin");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
      assertThat(r.err())
          .contains("refused (access policy)")
          .contains("is not who the host credentials belong to (promotion-bot)");
    }
    // a malformed --as is bad input before the host is asked, on every writing command
    for (Object command : List.of(new HoldCommand(context), new AbortCommand(context))) {
      CliRepo.Run r =
          CliRepo.onApi(command, work.dir, "staging", "--as", "Eve <eve@myorg.com@evil.example>");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
      assertThat(r.err()).contains("more than one '@'");
    }
    assertThat(remote.head("main")).isEqualTo(mainBefore);
    assertThat(github.requests()).noneMatch(r -> r.startsWith("POST") || r.startsWith("PATCH"));
  }

  @Test
  void devToStagingToProductionThroughPullRequests() throws Exception {
    world(
        ", gates: [{name: required-checks, fromBranchProtection: true},"
            + " {name: approvals, count: 1}]");
    Map<String, Integer> cost = new LinkedHashMap<>();
    String staging = "apps/api-service/overlays/staging/kustomization.yaml";
    String production = "apps/api-service/overlays/production/kustomization.yaml";

    CliRepo.Run dev = promote("dev", 'b');
    assertThat(dev.exit()).as(dev.err()).isZero();
    cost.put(
        "promote into dev (direct commit; the gates read protection and CODEOWNERS)",
        github.requests().size());
    github.clearRequests();

    CliRepo.Run opened = promote("staging", 'b');
    assertThat(opened.exit()).as(opened.err()).isZero();
    assertThat(opened.out())
        .contains("opened change request #1")
        .contains("https://github.com/octo-org/gitops-config/pull/1");
    assertThat(github.labels(1)).containsExactly("promotion", "env/staging");
    assertThat(github.requestedReviewers(1)).containsExactly("team:oncall-approvers");
    cost.put("promote (open the pull request)", github.requests().size());
    System.out.println("promote requests:\n  " + String.join("\n  ", github.requests()));

    // the branch is protected; the gates read that protection and wait, saying for what
    github.protect(
        "main", new GitHubSimulator.Protection(List.of("smoke-tests"), 1, true, false, false));
    github.clearRequests();
    CliRepo.Run waiting = advance("staging");
    assertThat(waiting.exit()).as(waiting.out() + waiting.err()).isEqualTo(4);
    assertThat(waiting.out()).startsWith("waiting").contains("smoke-tests");
    assertThat(remoteFile(staging)).contains(CliRepo.hex('a'));
    cost.put("advance while a gate waits (a poll from a fresh process)", github.requests().size());

    String head = remote.head(branchOf(1)).orElseThrow();
    github.status(head, "smoke-tests", "success");
    github.review(1, "bob", "APPROVED");
    github.clearRequests();
    CliRepo.Run merged = advance("staging");
    assertThat(merged.exit()).as(merged.out() + merged.err()).isZero();
    assertThat(merged.out()).contains("merged change request #1");
    assertThat(remoteFile(staging)).contains(CliRepo.hex('b'));
    assertThat(remote.head(branchOf(1))).as("the promotion branch is deleted").isEmpty();
    cost.put("advance (evidence and merge)", github.requests().size());
    System.out.println("request economy: advance answered 304: " + github.notModifiedCount());
    System.out.println("advance requests:\n  " + String.join("\n  ", github.requests()));

    github.clearRequests();
    CliRepo.Run again = advance("staging");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("no open promotion of api-service into staging");

    CliRepo.Run prod = promote("production", 'b');
    assertThat(prod.exit()).as(prod.err()).isZero();
    assertThat(prod.out()).contains("opened change request #2");
    String prodBranch = branchOf(2);
    CliRepo.Run aborted =
        run(
            new AbortCommand(context),
            "--repo",
            work.dir.toString(),
            "--push",
            "--app",
            "api-service",
            "--env",
            "production",
            "--reason",
            "bad build");
    assertThat(aborted.exit()).as(aborted.err()).isZero();
    assertThat(aborted.out()).contains("closed https://github.com/octo-org/gitops-config/pull/2");
    assertThat(github.comments(2)).singleElement().asString().contains("bad build");
    assertThat(remote.head(prodBranch)).isEmpty();

    CliRepo.Run prodAgain = promote("production", 'b');
    assertThat(prodAgain.out()).contains("opened change request #3");
    github.status(remote.head(branchOf(3)).orElseThrow(), "smoke-tests", "success");
    github.review(3, "carol", "APPROVED");
    Map<String, String> mergedHeadStatuses =
        github.statusesOf(remote.head(branchOf(3)).orElseThrow());
    github.clearRequests();
    CliRepo.Run prodMerged = advance("production");
    assertThat(prodMerged.exit()).as(prodMerged.out() + prodMerged.err()).isZero();
    assertThat(remoteFile(production)).contains(CliRepo.hex('b'));

    assertThat(github.violations()).isEmpty();
    assertThat(String.join("\n", printed)).doesNotContain(TOKEN);
    cost.forEach((step, n) -> System.out.println("request economy: " + step + ": " + n));
    // 10, plus one GET /user that binds the actor to the token's user, plus the promotion's own
    // status (POST /statuses, promotion/gates) that branch protection can require.
    assertThat(cost.get("promote (open the pull request)")).isLessThanOrEqualTo(12);
    assertThat(cost.get("advance (evidence and merge)")).isLessThanOrEqualTo(17);
    // the promotion's own status on the merged head says the gates passed; posted by the open
    // (its gates already passed there: approvals are GitHub's to enforce), not posted again
    assertThat(mergedHeadStatuses).containsEntry("promotion/gates", "success: every gate passes");
    assertThat(github.requests())
        .noneMatch(r -> r.startsWith("POST /repos/" + OWNER + "/" + NAME + "/statuses/"));
  }

  @Test
  void withoutATokenThePromotionFailsNamingTheVariable() throws Exception {
    world();
    context = context.withEnvironment(Map.of());
    CliRepo.Run r = promote("dev", 'b');
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("GITHUB_TOKEN or GH_TOKEN");
  }

  /**
   * What one poll of a waiting pull request costs ({@code find} then {@code advance}, as a
   * controller loop would run them), through the library with a gate that waits for a check.
   */
  @Test
  void aPollOfAWaitingPullRequest() throws Exception {
    world(", gates: [{name: smoke-green}]");
    Gate smokeGreen =
        Gate.named(
            "smoke-green",
            ctx ->
                ctx.changeRequest()
                        .flatMap(cr -> cr.check("smoke-tests"))
                        .filter(Check::isSatisfied)
                        .isPresent()
                    ? Verdict.pass("smoke-tests passed")
                    : Verdict.waiting("check smoke-tests pending"));
    try (JGitConfigRepository repo =
        JGitConfigRepository.open(work.dir, GitOptions.builder().remote("origin").build())) {
      repo.fetch();
      Promoter promoter =
          PromotionConfig.load(repo)
              .promoterBuilder(
                  repo,
                  GateFactory.builtIn().with("smoke-green", (env, spec) -> smokeGreen),
                  Adapters.onClassPath(),
                  context)
              .build();
      Actor ada = Actor.parse("Ada Lovelace <ada@myorg.com>");
      var image =
          promoter
              .model()
              .requireApplication("api-service")
              .image()
              .withDigest(ImageDigest.parse("sha256:" + CliRepo.hex('b')));
      for (String env : List.of("dev", "staging")) {
        promoter.promote(
            PromotionRequest.builder()
                .targetEnvironment(env)
                .actor(ada)
                .putImages("api-service", image)
                .build());
      }
      Map<String, String> cost = new LinkedHashMap<>();
      PromotionLookup lookup = PromotionLookup.byTarget("staging", "api-service");
      for (String poll :
          List.of("first poll", "second poll, same process", "third poll, nothing changed")) {
        github.clearRequests();
        PromotionResult waiting = promoter.advance(promoter.find(lookup).orElseThrow());
        assertThat(waiting.outcome()).isEqualTo(PromotionResult.Outcome.WAITING);
        cost.put(
            poll,
            github.requests().size() + " requests, " + github.notModifiedCount() + " answered 304");
      }
      // once the promotion's own status shows the wait, a poll of an unchanged pull request
      // writes nothing and every read is answered from the ETags (no primary rate limit spent)
      System.out.println("third poll: " + github.requests());
      assertThat(github.requests()).allSatisfy(r -> assertThat(r).startsWith("GET "));
      assertThat(github.notModifiedCount()).isEqualTo(github.requests().size());
      github.status(remote.head(branchOf(1)).orElseThrow(), "smoke-tests", "success");
      github.clearRequests();
      PromotionResult merged = promoter.advance(promoter.find(lookup).orElseThrow());
      assertThat(merged.outcome()).isEqualTo(PromotionResult.Outcome.MERGED);
      cost.put(
          "poll that merges",
          github.requests().size() + " requests, " + github.notModifiedCount() + " answered 304");
      cost.forEach((k, v) -> System.out.println("request economy: " + k + ": " + v));
      assertThat(github.violations()).isEmpty();
    }
  }

  private String branchOf(long number) {
    return github.headBranch(number);
  }
}
