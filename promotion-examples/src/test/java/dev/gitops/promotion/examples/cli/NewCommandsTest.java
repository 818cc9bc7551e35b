package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.examples.cli.CliRepo.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** whereis, diff, rollback --to/--dry-run, completion, freshness notes and the exit-code footer. */
class NewCommandsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private void promote(String env, String digestHex, String time, String... who) {
    String[] base = {
      "--repo",
      dir.toString(),
      "--app",
      "api-service",
      "--to",
      env,
      "--digest",
      "sha256:" + digestHex
    };
    String[] args = new String[base.length + who.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(who, 0, args, base.length, who.length);
    Run r = run(new PromoteCommand(Clock.fixed(Instant.parse(time), ZoneOffset.UTC)), args);
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void whereisAndDiffAnswerFromTheLedger() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      promote("dev", hex('b'), "2026-11-01T09:00:00Z", "--as", "CI Bot <ci@myorg.com>", "--bot");

      Run where = run(new WhereisCommand(), "--repo", dir.toString(), "sha256:" + hex('a'));
      assertThat(where.exit()).as(where.err()).isZero();
      assertThat(where.out().lines().skip(1).toList())
          .hasSize(5) // api-service staging, production and payments everywhere
          .noneMatch(l -> l.startsWith("api-service  dev"));
      Run json =
          run(
              new WhereisCommand(),
              "--repo",
              dir.toString(),
              CliRepo.IMAGE + "@sha256:" + hex('b'),
              "--format",
              "json");
      JsonNode array = JSON.readTree(json.out());
      assertThat(array).hasSize(1);
      assertThat(array.get(0).get("environment").asText()).isEqualTo("dev");
      Run nowhere = run(new WhereisCommand(), "--repo", dir.toString(), "sha256:" + hex('f'));
      assertThat(nowhere.out()).contains("runs nowhere now");
      Run bad = run(new WhereisCommand(), "--repo", dir.toString(), "sha256:XYZ");
      assertThat(bad.exit()).isEqualTo(2);

      Run diff = run(new DiffCommand(), "--repo", dir.toString(), "dev", "staging");
      assertThat(diff.exit()).as(diff.err()).isZero();
      assertThat(diff.out())
          .contains("APP", "DEV", "STAGING")
          .containsPattern("api-service +sha256:bbbbbbbbbbbb +sha256:aaaaaaaaaaaa")
          .contains("same in both: payments");
      JsonNode d =
          JSON.readTree(
              run(new DiffCommand(), "--repo", dir.toString(), "dev", "staging", "--format", "json")
                  .out());
      assertThat(d.get("differences").get(0).get("dev").asText()).endsWith(hex('b'));
      assertThat(d.get("same").get(0).asText()).isEqualTo("payments");
      assertThat(run(new DiffCommand(), "--repo", dir.toString(), "dev", "qa").exit()).isEqualTo(2);
    }
  }

  @Test
  void rollbackToAGivenDigestWithADryRunFirst() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      promote("dev", hex('b'), "2026-11-01T09:00:00Z", "--as", "CI Bot <ci@myorg.com>", "--bot");
      promote("dev", hex('c'), "2026-11-01T10:00:00Z", "--as", "CI Bot <ci@myorg.com>", "--bot");
      String before = repo.head();
      String[] common = {
        "--repo",
        dir.toString(),
        "--app",
        "api-service",
        "--env",
        "dev",
        "--as",
        "Ada <ada@myorg.com>"
      };
      String[] args = append(common, "--to", "sha256:" + hex('a'));
      Run dry = run(new RollbackCommand(), append(args, "--dry-run"));
      assertThat(dry.exit()).as(dry.err()).isZero();
      assertThat(dry.out())
          .contains("chore(dev): roll back api-service to sha256:aaaaaaaaaaaa")
          .contains("Rollback-Of: ")
          .contains("dry run: nothing was written");
      assertThat(repo.head()).isEqualTo(before);

      Run real = run(new RollbackCommand(), args);
      assertThat(real.exit()).as(real.err()).isZero();
      RevCommit top = repo.top();
      CommitMessage m = CommitMessage.parse(top.getFullMessage());
      assertThat(m.trailer(CommitMessage.ROLLBACK_OF)).contains(before);
      // true provenance: the seed commit set digest a in dev
      assertThat(m.trailer(CommitMessage.PROMOTED_FROM).orElseThrow()).startsWith("dev@");

      Run never = run(new RollbackCommand(), append(common, "--to", "sha256:" + hex('e')));
      assertThat(never.exit()).isEqualTo(2);
      assertThat(never.err()).contains("never ran there");
    }
  }

  @Test
  void statusSaysWhenTheLocalBranchIsBehindOrDiverged() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      Path remote = dir.resolveSibling(dir.getFileName() + "-remote.git");
      CliRepo.git(dir, "clone", "-q", "--bare", dir.toString(), remote.toString());
      CliRepo.git(dir, "remote", "add", "origin", remote.toString());
      CliRepo.git(dir, "fetch", "-q", "origin");
      promote("dev", hex('b'), "2026-11-01T09:00:00Z", "--as", "CI Bot <ci@myorg.com>", "--bot");
      Run ahead = run(new StatusCommand(), "--repo", dir.toString());
      assertThat(ahead.err()).contains("local main is 1 commit(s) ahead of origin/main");
      CliRepo.git(dir, "reset", "-q", "--hard", "origin/main");
      Path other = dir.resolveSibling(dir.getFileName() + "-other");
      CliRepo.git(dir, "clone", "-q", remote.toString(), other.toString());
      CliRepo.git(
          other,
          "-c",
          "user.name=X",
          "-c",
          "user.email=x@y.z",
          "commit",
          "-q",
          "--allow-empty",
          "-m",
          "elsewhere");
      CliRepo.git(other, "push", "-q", "origin", "main");
      CliRepo.git(dir, "fetch", "-q", "origin");
      Run behind = run(new StatusCommand(), "--repo", dir.toString());
      assertThat(behind.err())
          .contains("local main is 1 commit(s) behind origin/main")
          .contains("--fetch");
      promote("dev", hex('c'), "2026-11-01T10:00:00Z", "--as", "CI Bot <ci@myorg.com>", "--bot");
      Run diverged = run(new StatusCommand(), "--repo", dir.toString());
      assertThat(diverged.err()).contains("have diverged").doesNotContain("--ff-only");
      Run fetched = run(new StatusCommand(), "--repo", dir.toString(), "--fetch");
      assertThat(fetched.exit()).as(fetched.err()).isZero();
      assertThat(fetched.err()).isEmpty();
      assertThat(fetched.out())
          .contains("sha256:aaaaaaaaaaaa")
          .doesNotContain("sha256:cccccccccccc");
    }
  }

  @Test
  void everyCommandsHelpShowsTheExitCodesAndCompletionCoversThem() {
    CommandLine cli = PromotionCli.commandLine();
    for (String name : cli.getSubcommands().keySet()) {
      StringWriter out = new StringWriter();
      cli.getSubcommands().get(name).usage(new PrintWriter(out, true));
      assertThat(out.toString())
          .as(name)
          .contains("Exit codes: 0 done, 1 failed (remote, conflict), 2 bad input, 3 refused");
    }
    StringWriter out = new StringWriter();
    CommandLine fresh = PromotionCli.commandLine();
    fresh.setOut(new PrintWriter(out, true));
    assertThat(fresh.execute("completion")).isZero();
    assertThat(out.toString()).contains("whereis").contains("rollback").contains("--dry-run");
  }

  private static String[] append(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
