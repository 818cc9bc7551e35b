package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.PromotionLookup;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.examples.cli.CliRepo.Run;
import dev.gitops.promotion.gitlab.sim.BareRepo;
import dev.gitops.promotion.gitlab.sim.GitLabSimulator;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.testkit.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against GitLab end to end: a real bare Git repository as the remote (JGit pushes the
 * promotion branches to it), and the GitLab simulator serving the same repository's branches as
 * merge requests from MockWebServer. {@code promotion.yaml} declares {@code host: {kind: gitlab}};
 * the token comes from {@code GITLAB_TOKEN}.
 *
 * <p>{@code promote} runs through the command line; {@code advance} and {@code abort} run through
 * the promoter the CLI's {@link Workspace} wires, as their commands will.
 */
class GitLabEndToEndTest {
  private static final String API = "ghcr.io/myorg/api-service";

  @TempDir Path dir;
  private final ManualClock clock = ManualClock.at("2026-10-05T09:00:00Z");
  private BareRepo remote;
  private GitLabSimulator gitlab;
  private final MockWebServer server = new MockWebServer();
  private Path work;
  private AdapterContext context;

  @BeforeEach
  void start() throws Exception {
    Path seedDir = dir.resolve("seed");
    Path origin = dir.resolve("origin.git");
    try (CliRepo seed = CliRepo.seed(seedDir)) {
      Git.cloneRepository()
          .setURI(seedDir.toUri().toString())
          .setDirectory(origin.toFile())
          .setBare(true)
          .call()
          .close();
    }
    remote = BareRepo.open(origin);
    gitlab = new GitLabSimulator(remote, clock);
    server.setDispatcher(gitlab);
    server.start();
    remote.commitFile(
        "main",
        "promotion.yaml",
        "environments:\n"
            + "  - name: dev\n"
            + "    delivery: direct\n"
            + "  - name: staging\n"
            + "    delivery: change-request\n"
            + "  - name: production\n"
            + "    delivery: change-request\n"
            + "host:\n"
            + "  kind: gitlab\n"
            + "  apiUrl: "
            + server.url("/api/v4")
            + "\n"
            + "  project: group/sub/project\n",
        "promotion.yaml: merge requests on GitLab");
    work = dir.resolve("work");
    Git.cloneRepository()
        .setURI(origin.toUri().toString())
        .setDirectory(work.toFile())
        .call()
        .close();
    context =
        AdapterContext.system(clock)
            .withEnvironment(Map.of("GITLAB_TOKEN", GitLabSimulator.TOKEN))
            .withSleeper(d -> clock.advance(d));
  }

  @AfterEach
  void stop() {
    server.close();
    remote.close();
  }

  private Run promote(AdapterContext ctx, String env, char digest) {
    return run(
        new PromoteCommand(ctx),
        "--repo",
        work.toString(),
        "--app",
        "api-service",
        "--to",
        env,
        "--digest",
        "sha256:" + hex(digest),
        "--push",
        "--as",
        "Ada Lovelace <ada@myorg.com>");
  }

  private String overlay(String env) {
    return remote
        .read("main", "apps/api-service/overlays/" + env + "/kustomization.yaml")
        .orElse("");
  }

  @Test
  void promoteAdvanceAndAbortAgainstGitLab() {
    List<String> economy = new ArrayList<>();

    // dev takes direct commits; the gates still read the branch's protection from GitLab
    Run dev = promote(context, "dev", 'e');
    assertThat(dev.exit()).as(dev.err()).isZero();
    assertThat(overlay("dev")).contains("sha256:" + hex('e'));
    assertThat(gitlab.mrs).isEmpty();
    economy.add("promote (direct commit): " + gitlab.requests.size());
    gitlab.requests.clear();

    // staging: the branch is pushed to the bare remote and a merge request opened on GitLab
    Run staging = promote(context, "staging", 'e');
    assertThat(staging.exit()).as(staging.err()).isZero();
    assertThat(staging.out())
        .contains("opened change request #1 from promote/")
        .contains("https://gitlab.example.com/group/sub/project/-/merge_requests/1");
    GitLabSimulator.Mr mr = gitlab.mrs.get(1);
    assertThat(mr.target).isEqualTo("main");
    assertThat(remote.head(mr.source)).as("the promotion branch is on the remote").isPresent();
    assertThat(remote.read(mr.source, "apps/api-service/overlays/staging/kustomization.yaml"))
        .hasValueSatisfying(t -> assertThat(t).contains("sha256:" + hex('e')));
    assertThat(overlay("staging")).doesNotContain(hex('e'));
    assertThat(gitlab.requests)
        .allSatisfy(
            r -> assertThat(r.getHeaders().get("PRIVATE-TOKEN")).isEqualTo(GitLabSimulator.TOKEN));
    economy.add("promote (open): " + gitlab.requests.size());
    List<String> openCalls = gitlab.requests.stream().map(r -> r.getRequestLine()).toList();
    System.out.println("GitLab requests of promote into staging: " + openCalls);

    // the same promotion again finds the open merge request and updates it
    int before = gitlab.requests.size();
    Run again = promote(context, "staging", 'e');
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("#1");
    assertThat(gitlab.mrs).hasSize(1);
    economy.add("promote again (update): " + (gitlab.requests.size() - before));

    // advance: the gates pass, GitLab merges with the sha guard, the source branch goes
    before = gitlab.requests.size();
    try (Workspace ws = Workspace.open(work, Optional.of("origin"), context)) {
      PendingPromotion pending =
          ws.promoter.find(PromotionLookup.byTarget("staging", "api-service")).orElseThrow();
      assertThat(pending.changeRequest()).isPresent();
      PromotionResult result = ws.promoter.advance(pending);
      assertThat(result.outcome()).as(result.toString()).isEqualTo(PromotionResult.Outcome.MERGED);
    }
    economy.add("advance (find, gates, merge): " + (gitlab.requests.size() - before));
    assertThat(mr.state).isEqualTo("merged");
    assertThat(overlay("staging")).contains("sha256:" + hex('e'));
    assertThat(remote.head(mr.source)).as("remove_source_branch").isEmpty();

    // production: opened, then aborted: closed with a comment, branch deleted
    Run production = promote(context, "production", 'e');
    assertThat(production.exit()).as(production.err()).isZero();
    assertThat(production.out()).contains("opened change request #2");
    GitLabSimulator.Mr prod = gitlab.mrs.get(2);
    before = gitlab.requests.size();
    try (Workspace ws = Workspace.open(work, Optional.of("origin"), context)) {
      PendingPromotion pending =
          ws.promoter.find(PromotionLookup.byTarget("production", "api-service")).orElseThrow();
      ws.promoter.abort(
          pending, Actor.parse("Ada Lovelace <ada@myorg.com>"), Optional.of("not this week"));
    }
    economy.add("abort: " + (gitlab.requests.size() - before));
    assertThat(prod.state).isEqualTo("closed");
    assertThat(prod.notes).isNotEmpty();
    assertThat(remote.head(prod.source)).as("the aborted branch is deleted").isEmpty();
    assertThat(overlay("production")).doesNotContain(hex('e'));

    System.out.println("GitLab requests per CLI step: " + economy);
  }

  @Test
  void withoutGitlabTokenPromoteIsBadInputNamingTheVariable() {
    assertThat(promote(context, "dev", 'e').exit()).isZero();
    gitlab.requests.clear();
    Run r = promote(AdapterContext.system(clock).withEnvironment(Map.of()), "staging", 'e');
    assertThat(r.exit()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(r.err()).contains("GITLAB_TOKEN");
    assertThat(gitlab.requests).isEmpty();
  }

  @Test
  void aGitLabThatRefusesTheTokenFailsWithExitOneAndNoSecret() {
    assertThat(promote(context, "dev", 'e').exit()).isZero();
    Run r =
        promote(
            AdapterContext.system(clock)
                .withEnvironment(Map.of("GITLAB_TOKEN", "glpat-REVOKED-0000"))
                .withSleeper(d -> clock.advance(d)),
            "staging",
            'e');
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(CliErrors.FAILED);
    assertThat(r.err()).contains("401").doesNotContain("glpat-REVOKED-0000");
    assertThat(r.out()).doesNotContain("glpat-REVOKED-0000");
  }
}
