package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.examples.cli.CliRepo.Run;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromoteCommandTest {
  static final String DEV = "apps/api-service/overlays/dev/kustomization.yaml";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private Run promote(String... args) {
    return run(new PromoteCommand(CLOCK), args);
  }

  // promote --repo DIR --app APP --to ENV --digest DIGEST, then any further arguments
  private Run promoteDigest(String app, String env, String digest, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("--repo", dir.toString(), "--app", app, "--to", env, "--digest", digest));
    args.addAll(List.of(more));
    return promote(args.toArray(String[]::new));
  }

  @Test
  void commitsADigestToDevAndKeepsTheWorkTreeClean() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      String before = repo.head();
      Run r =
          promoteDigest(
              "api-service",
              "dev",
              "sha256:" + hex('b'),
              "--as",
              "CI Bot <ci-bot@myorg.com>",
              "--bot");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out())
          .startsWith("committed ")
          .contains("on main: chore(dev): promote api-service to sha256:bbbbbbbbbbbb")
          .contains(
              "api-service: "
                  + CliRepo.IMAGE
                  + "@sha256:"
                  + hex('a')
                  + " -> "
                  + CliRepo.IMAGE
                  + "@sha256:"
                  + hex('b'));
      assertThat(repo.head()).isNotEqualTo(before);
      assertThat(repo.read(DEV)).contains("digest: sha256:" + hex('b')).doesNotContain(hex('a'));
      assertThat(repo.isClean()).as("work tree and index follow the moved branch").isTrue();
      RevCommit c = repo.top();
      assertThat(c.getAuthorIdent().getEmailAddress()).isEqualTo("ci-bot@myorg.com");
      assertThat(c.getAuthorIdent().getWhenAsInstant()).isEqualTo(CLOCK.instant());
      CommitMessage m = CommitMessage.parse(c.getFullMessage());
      assertThat(m.trailer(CommitMessage.PROMOTED_BY)).contains("CI Bot <ci-bot@myorg.com>");
      assertThat(m.trailerValues(CommitMessage.PROMOTED_IMAGE))
          .containsExactly("api-service=" + CliRepo.IMAGE + "@sha256:" + hex('b'));
    }
  }

  @Test
  void dryRunPrintsPlanAndDiffAndWritesNothing() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      String before = repo.head();
      Run r = promoteDigest("api-service", "dev", "sha256:" + hex('c'), "--dry-run");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("into dev (DIRECT_COMMIT, base " + before.substring(0, 7) + ")")
          .contains("chore(dev): promote api-service to sha256:cccccccccccc")
          .contains("Promoted-By: Ada Lovelace <ada@myorg.com>")
          .contains("--- a/" + DEV)
          .contains("+++ b/" + DEV)
          .contains("-    digest: sha256:" + hex('a'))
          .contains("+    digest: sha256:" + hex('c'))
          .contains("dry run: nothing was written");
      assertThat(repo.head()).isEqualTo(before);
      assertThat(repo.read(DEV)).contains(hex('a'));
    }
  }

  @Test
  void dryRunWorksForChangeRequestEnvironmentsButDeliveryIsRefused() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      promoteDigest("api-service", "dev", "sha256:" + hex('b'));
      String before = repo.head();
      Run dry = promoteDigest("api-service", "staging", "sha256:" + hex('b'), "--dry-run");
      assertThat(dry.exit()).as(dry.err()).isZero();
      assertThat(dry.out())
          .contains("(CHANGE_REQUEST,")
          .contains("branch: promote/staging/api-service-bbbbbbbbbbbb");
      Run real = promoteDigest("api-service", "staging", "sha256:" + hex('b'));
      assertThat(real.exit()).isEqualTo(2);
      assertThat(real.err()).contains("environment 'staging' takes change requests");
      assertThat(repo.head()).isEqualTo(before);
    }
  }

  @Test
  void refusalsExitWithThreeBadInputWithTwoAndNothingIsWritten() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      String before = repo.head();
      Run bot =
          promoteDigest(
              "api-service",
              "production",
              "sha256:" + hex('a'),
              "--dry-run",
              "--as",
              "CI Bot <ci-bot@myorg.com>",
              "--bot");
      assertThat(bot.exit()).isEqualTo(3);
      assertThat(bot.err()).startsWith("refused (access policy): bot CI Bot <ci-bot@myorg.com>");

      Run skip = promoteDigest("api-service", "staging", "sha256:" + hex('d'), "--dry-run");
      assertThat(skip.exit()).isEqualTo(3);
      assertThat(skip.err())
          .startsWith("refused (provenance):")
          .contains("promote it to 'dev' first");

      Run badDigest = promoteDigest("api-service", "dev", "sha256:XYZ");
      assertThat(badDigest.exit()).isEqualTo(2);
      assertThat(badDigest.err()).startsWith("error: ").contains("sha256:XYZ");

      Run otherRepo = promoteDigest("api-service", "dev", "ghcr.io/other/thing@sha256:" + hex('b'));
      assertThat(otherRepo.exit()).isEqualTo(2);
      assertThat(otherRepo.err()).contains("is not of application 'api-service'");

      Run unknownApp = promoteDigest("api", "dev", "sha256:" + hex('b'));
      assertThat(unknownApp.exit()).isEqualTo(2);
      assertThat(unknownApp.err()).contains("unknown application 'api'").contains("api-service");

      Run unknownEnv = promoteDigest("api-service", "qa", "sha256:" + hex('b'));
      assertThat(unknownEnv.exit()).isEqualTo(2);
      assertThat(unknownEnv.err()).contains("unknown environment 'qa'");

      Run mixed = promote("--repo", dir.toString(), "--app", "api-service", "--to", "dev", "--all");
      assertThat(mixed.exit()).isEqualTo(2);
      assertThat(mixed.err())
          .contains("give either --app APP --digest DIGEST, or --from ENV --all");

      Run badActor = promoteDigest("api-service", "dev", "sha256:" + hex('b'), "--as", "nobody");
      assertThat(badActor.exit()).isEqualTo(2);
      assertThat(badActor.err()).contains("expected \"Name <email>\"");

      Run unknownOption = promote("--repo", dir.toString(), "--to", "dev", "--digets", "x");
      assertThat(unknownOption.exit()).isEqualTo(2);

      Run notARepo =
          promote(
              "--repo",
              dir.resolve("nope").toString(),
              "--app",
              "a",
              "--to",
              "dev",
              "--digest",
              "sha256:" + hex('b'));
      assertThat(notARepo.exit()).isEqualTo(2);
      assertThat(notARepo.err()).contains("no Git repository");

      assertThat(repo.head()).isEqualTo(before);
    }
  }

  @Test
  void aDeclaredGateThatCannotBeBuiltIsRefusedWithItsLocationNeverDropped() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      repo.write(
              "promotion.yaml",
              "environments:\n  - {name: dev, gates: [{name: security-scan, severity: high}]}\n"
                  + "  - staging\n  - production\n")
          .commit("gated dev", Instant.parse("2026-10-02T08:00:00Z"));
      String before = repo.head();
      Run r = promoteDigest("api-service", "dev", "sha256:" + hex('b'));
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err())
          .startsWith("error: promotion.yaml:2:")
          .contains("gate 'security-scan' of environment 'dev' cannot be built")
          .contains("Nothing was promoted");
      assertThat(repo.head()).isEqualTo(before);
    }
  }

  @Test
  void refusesToOverwriteUncommittedChanges() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      String before = repo.head();
      repo.write(DEV, repo.read(DEV) + "# local edit\n");
      Run r = promoteDigest("api-service", "dev", "sha256:" + hex('b'));
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains(DEV + " has uncommitted changes");
      assertThat(repo.head()).isEqualTo(before);
      assertThat(repo.read(DEV)).endsWith("# local edit\n");
    }
  }

  @Test
  void aReleaseTrainMovesEveryApplicationInOneCommit() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      repo.write(
              "promotion.yaml",
              "environments:\n  - dev\n  - {name: staging, delivery: direct}\n  - production\n")
          .commit("pipeline", Instant.parse("2026-10-02T08:00:00Z"));
      promoteDigest("api-service", "dev", "sha256:" + hex('b'));
      promoteDigest("payments", "dev", "sha256:" + hex('c'));
      String before = repo.head();
      Run r =
          promote(
              "--repo",
              dir.toString(),
              "--to",
              "staging",
              "--from",
              "dev",
              "--all",
              "--as",
              "Ada <ada@myorg.com>");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("chore(staging): promote 2 applications");
      Iterable<RevCommit> log =
          repo.git
              .log()
              .addRange(
                  repo.git.getRepository().resolve(before),
                  repo.git.getRepository().resolve("HEAD"))
              .call();
      assertThat(log).hasSize(1);
      assertThat(repo.read("apps/api-service/overlays/staging/kustomization.yaml"))
          .contains(hex('b'));
      assertThat(repo.read("apps/payments/overlays/staging/kustomization.yaml")).contains(hex('c'));
      assertThat(repo.isClean()).isTrue();

      Run again = promote("--repo", dir.toString(), "--to", "staging", "--from", "dev", "--all");
      assertThat(again.exit()).isZero();
      assertThat(again.out()).contains("nothing to do");
    }
  }

  @Test
  void pushesToTheRemoteWithCompareAndSwap() throws Exception {
    Path origin = CliRepo.seedRemote(dir.resolve("seed"), dir.resolve("origin.git"));
    Path work = CliRepo.cloneTo(origin, dir.resolve("work"), false);
    Run r =
        promote(
            "--repo",
            work.toString(),
            "--app",
            "api-service",
            "--to",
            "dev",
            "--digest",
            "sha256:" + hex('e'),
            "--push",
            "--as",
            "CI <ci@myorg.com>",
            "--bot");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("and pushed to origin")
        .contains("note: your checkout of main is behind origin/main now");
    try (Git remote = Git.open(origin.toFile())) {
      RevCommit top = remote.log().setMaxCount(1).call().iterator().next();
      assertThat(top.getShortMessage())
          .isEqualTo("chore(dev): promote api-service to sha256:eeeeeeeeeeee");
    }
    Run status = run(new StatusCommand(), "--repo", origin.toString());
    assertThat(status.out()).contains("sha256:eeeeeeeeeeee");
  }

  @Test
  void readsCommitsMadeWithTheGitCommandLine() {
    assumeThat(CliRepo.gitOnPath()).as("git on PATH").isTrue();
    try (CliRepo repo = CliRepo.seed(dir)) {
      repo.overlay("payments", "dev", CliRepo.PAYMENTS, hex('f'));
      CliRepo.git(dir, "add", ".");
      CliRepo.git(
          dir,
          "-c",
          "user.name=Grace Hopper",
          "-c",
          "user.email=grace@myorg.com",
          "commit",
          "-q",
          "-m",
          "hand edit of payments in dev");
      Run status = run(new StatusCommand(), "--repo", dir.toString());
      assertThat(status.exit()).as(status.err()).isZero();
      assertThat(status.out())
          .containsPattern(
              "payments +dev +ghcr.io/myorg/payments +sha256:ffffffffffff +[0-9a-f]{7} +Grace Hopper <grace@myorg.com>");
      Run promoted = promoteDigest("payments", "staging", "sha256:" + hex('f'), "--dry-run");
      assertThat(promoted.exit())
          .as("provenance accepts the hand-made dev commit: " + promoted.err())
          .isZero();
      // and a commit of ours is read back by git log
      promoteDigest("api-service", "dev", "sha256:" + hex('b'));
      assertThat(CliRepo.git(dir, "log", "--format=%an|%s", "-1"))
          .isEqualTo("Ada Lovelace|chore(dev): promote api-service to sha256:bbbbbbbbbbbb\n");
      assertThat(CliRepo.git(dir, "status", "--porcelain")).isEmpty();
    }
  }
}
