package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.examples.cli.CliRepo.Run;
import dev.gitops.promotion.git.testing.BareRepo;
import dev.gitops.promotion.gitlab.sim.GitLabSimulator;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.testkit.ManualClock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
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
 * <p>Every step ({@code promote}, {@code gates}, {@code advance}, {@code abort}) is a fresh command
 * line that reads everything back from Git and GitLab, as separate processes would; the test counts
 * the GitLab requests each one costs and holds them to a budget.
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
    Path origin = CliRepo.seedRemote(dir.resolve("seed"), dir.resolve("origin.git"));
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
            + "    gates:\n"
            + "      - {name: approvals, count: 1}\n"
            + "  - name: production\n"
            + "    delivery: change-request\n"
            + "host:\n"
            + "  kind: gitlab\n"
            + "  apiUrl: "
            + server.url("/api/v4")
            + "\n"
            + "  project: group/sub/project\n"
            + "access: {delegates: [promoter-bot]}\n",
        "promotion.yaml: merge requests on GitLab");
    work = CliRepo.cloneTo(origin, dir.resolve("work"), false);
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

  private Run gates() {
    return run(
        new GatesCommand(context),
        "--repo",
        work.toString(),
        "--app",
        "api-service",
        "--env",
        "staging",
        "--fetch",
        "--as",
        "Ada Lovelace <ada@myorg.com>");
  }

  private Run advance(String env) {
    return CliRepo.onApi(new AdvanceCommand(context), work, env);
  }

  private Run abort(String env, String reason) {
    return CliRepo.onApi(
        new AbortCommand(context),
        work,
        env,
        "--reason",
        reason,
        "--as",
        "Ada Lovelace <ada@myorg.com>");
  }

  private String overlay(String env) {
    return remote
        .readString("main", "apps/api-service/overlays/" + env + "/kustomization.yaml")
        .orElse("");
  }

  @Test
  void promoteAdvanceAndAbortAgainstGitLab() {
    Map<String, Integer> economy = new LinkedHashMap<>();

    // dev takes direct commits; the gates still read the branch's protection from GitLab
    Run dev = promote(context, "dev", 'e');
    assertThat(dev.exit()).as(dev.err()).isZero();
    assertThat(overlay("dev")).contains("sha256:" + hex('e'));
    assertThat(gitlab.mrs).isEmpty();
    economy.put("promote (direct commit)", gitlab.requests.size());
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
    assertThat(remote.readString(mr.source, "apps/api-service/overlays/staging/kustomization.yaml"))
        .hasValueSatisfying(t -> assertThat(t).contains("sha256:" + hex('e')));
    assertThat(overlay("staging")).doesNotContain(hex('e'));
    assertThat(gitlab.requests)
        .allSatisfy(
            r -> assertThat(r.getHeaders().get("PRIVATE-TOKEN")).isEqualTo(GitLabSimulator.TOKEN));
    assertThat(gitlab.statuses.get(remote.head(mr.source).orElseThrow()))
        .as("the promotion's own status on the merge request's head")
        .anySatisfy(st -> assertThat(st.get("name").asText()).isEqualTo("promotion/gates"));
    economy.put("promote (open)", gitlab.requests.size());
    List<String> openCalls = gitlab.requests.stream().map(r -> r.getRequestLine()).toList();
    System.out.println("GitLab requests of promote into staging: " + openCalls);

    // the same promotion again finds the open merge request and updates it
    int before = gitlab.requests.size();
    Run again = promote(context, "staging", 'e');
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("#1");
    assertThat(gitlab.mrs).hasSize(1);
    economy.put("promote again (update)", gitlab.requests.size() - before);

    // gates: waiting for one approval (exit 4); advance waits too
    before = gitlab.requests.size();
    Run waiting = gates();
    assertThat(waiting.exit()).as(waiting.out() + waiting.err()).isEqualTo(CliErrors.WAITING);
    assertThat(waiting.out())
        .contains("approvals")
        .contains("1 more")
        .doesNotContain("no change request");
    economy.put("gates", gitlab.requests.size() - before);
    before = gitlab.requests.size();
    Run advanceWaits = advance("staging");
    assertThat(advanceWaits.exit())
        .as(advanceWaits.out() + advanceWaits.err())
        .isEqualTo(CliErrors.WAITING);
    assertThat(advanceWaits.out()).startsWith("waiting").contains("approvals");
    economy.put("advance while a gate waits", gitlab.requests.size() - before);
    assertThat(mr.state).isEqualTo("opened");
    gitlab.approve(1, "bob");
    Run passing = gates();
    assertThat(passing.exit()).as(passing.out() + passing.err()).isZero();

    // advance: the gates pass, GitLab merges with the sha guard, the source branch goes
    before = gitlab.requests.size();
    Run merged = advance("staging");
    assertThat(merged.exit()).as(merged.out() + merged.err()).isZero();
    assertThat(merged.out()).contains("merged change request #1").contains(" on main");
    economy.put("advance (find, gates, merge)", gitlab.requests.size() - before);
    assertThat(mr.state).isEqualTo("merged");
    assertThat(overlay("staging")).contains("sha256:" + hex('e'));
    assertThat(remote.head(mr.source)).as("remove_source_branch").isEmpty();

    // production: opened, then aborted: closed with a comment, branch deleted
    Run production = promote(context, "production", 'e');
    assertThat(production.exit()).as(production.err()).isZero();
    assertThat(production.out()).contains("opened change request #2");
    GitLabSimulator.Mr prod = gitlab.mrs.get(2);
    before = gitlab.requests.size();
    Run aborted = abort("production", "not this week");
    assertThat(aborted.exit()).as(aborted.out() + aborted.err()).isZero();
    assertThat(aborted.out())
        .startsWith("aborted ")
        .contains("closed https://gitlab.example.com/group/sub/project/-/merge_requests/2")
        .contains("deleted branch " + prod.source);
    economy.put("abort", gitlab.requests.size() - before);
    assertThat(prod.state).isEqualTo("closed");
    assertThat(prod.notes).singleElement().asString().contains("not this week");
    assertThat(remote.head(prod.source)).as("the aborted branch is deleted").isEmpty();
    assertThat(overlay("production")).doesNotContain(hex('e'));

    Run mergedAlready = advance("staging");
    assertThat(mergedAlready.exit()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(mergedAlready.err()).contains("no open promotion of api-service into staging");

    economy.forEach(
        (step, n) -> System.out.println("request economy (GitLab): " + step + ": " + n));
    // the budget each fresh command line keeps to (measured; the API path cost the same); open,
    // update and advance each include the POST of the promotion's own status (promotion/gates)
    assertThat(economy)
        .hasEntrySatisfying("promote (direct commit)", n -> assertThat(n).isLessThanOrEqualTo(8))
        .hasEntrySatisfying("promote (open)", n -> assertThat(n).isLessThanOrEqualTo(12))
        .hasEntrySatisfying("promote again (update)", n -> assertThat(n).isLessThanOrEqualTo(12))
        .hasEntrySatisfying("gates", n -> assertThat(n).isLessThanOrEqualTo(11))
        .hasEntrySatisfying(
            "advance while a gate waits", n -> assertThat(n).isLessThanOrEqualTo(15))
        .hasEntrySatisfying(
            "advance (find, gates, merge)", n -> assertThat(n).isLessThanOrEqualTo(18))
        .hasEntrySatisfying("abort", n -> assertThat(n).isLessThanOrEqualTo(17));
  }

  @Test
  void holdAndReleaseAreBoundToTheTokensUserOnGitLabToo() {
    // without access.delegates the token's user (promoter-bot) may act only as itself
    String yaml = remote.readString("main", "promotion.yaml").orElseThrow();
    remote.commitFile(
        "main",
        "promotion.yaml",
        yaml.replace("access: {delegates: [promoter-bot]}\n", ""),
        "promotion.yaml: no delegates");
    Path clone = CliRepo.cloneTo(dir.resolve("origin.git"), dir.resolve("work-bound"), false);
    var mainBefore = remote.head("main");
    gitlab.requests.clear();
    for (Object command : List.of(new HoldCommand(context), new HoldCommand.Release(context))) {
      Run r =
          CliRepo.onApi(
              command, clone, "staging", "--as", "Ada Lovelace <ada@myorg.com>", "--reason", "pin");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(CliErrors.REFUSED);
      assertThat(r.err())
          .contains("refused (access policy)")
          .contains("is not who the host credentials belong to (promoter-bot)");
    }
    // a malformed --as is bad input before GitLab is asked
    for (Object command : List.of(new HoldCommand(context), new AbortCommand(context))) {
      Run r = CliRepo.onApi(command, clone, "staging", "--as", "Eve <eve@myorg.com@evil.example>");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(r.err()).contains("more than one '@'");
    }
    assertThat(remote.head("main")).isEqualTo(mainBefore);
    assertThat(gitlab.requests).allSatisfy(r -> assertThat(r.getMethod()).isEqualTo("GET"));
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
