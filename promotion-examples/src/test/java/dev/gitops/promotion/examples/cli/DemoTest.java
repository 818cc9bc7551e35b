package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.examples.cli.CliRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the demo in-process and checks the story it tells against the repository it leaves. */
class DemoTest {
  @TempDir Path dir;

  @Test
  void tellsTheWholeStoryAndLeavesARealRepository() throws Exception {
    String built = Demo.digestOf("api-service build 42").shortForm();
    Run r = run(new DemoCommand(), "--dir", dir.resolve("demo").toString(), "--no-git-cli");
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
    String out = r.out();
    assertThat(out)
        .contains("pipeline: dev -> staging, staging -> production  (promotion.yaml@main)")
        .contains(
            "[09:00] CI Bot built ghcr.io/myorg/api-service@"
                + Demo.digestOf("api-service build 42")
                + " and commits it to dev")
        .contains("committed to main as")
        .contains("[09:10] Ada Lovelace promotes it to staging")
        .contains("opened change request #1 promote/staging/api-service-")
        .contains("gates: WAITING (required-checks: smoke-tests has not reported on ")
        .contains("merged change request #1 into main as")
        .contains("[09:29] CI Bot tries to promote it to production")
        .contains(
            "REFUSED (ACCESS_POLICY): bot CI Bot <ci-bot@myorg.com> may not author a change request into production environment 'production'")
        .contains("opened change request #2 promote/production/api-service-")
        .contains("0 of 2 approvals")
        .contains("1 of 2 approvals (bob)")
        .contains("merged change request #2 into main as")
        .contains("Approved-By: bob")
        .contains("Approved-By: carol");
    assertThat(out).doesNotContain("(MOVED!)");
    List<String> state = out.lines().dropWhile(l -> !l.startsWith("== state")).toList();
    assertThat(state.get(1)).startsWith("APP");
    assertThat(state.get(2))
        .startsWith("api-service  dev")
        .contains(built, "CI Bot <ci-bot@myorg.com>", "2026-11-01T09:00:00Z");
    assertThat(state.get(3))
        .startsWith("api-service  staging")
        .contains(built, "Ada Lovelace <ada@myorg.com>");
    assertThat(state.get(4))
        .startsWith("api-service  production")
        .contains(built, "Ada Lovelace <ada@myorg.com>");
    List<String> log =
        out.lines()
            .dropWhile(l -> !l.startsWith("== git log"))
            .skip(1)
            .takeWhile(l -> !l.isBlank())
            .toList();
    assertThat(log).hasSize(2);
    assertThat(log.get(0))
        .matches(
            "[0-9a-f]{7} chore\\(production\\): promote api-service to "
                + java.util.regex.Pattern.quote(built));
    assertThat(log.get(1))
        .endsWith("Seed the config repository: api-service in dev, staging and production");

    // the repository is real: the status command reads the same state back from the bare remote
    Path remote = dir.resolve("demo/gitops-config.git");
    assertThat(Files.isDirectory(remote)).isTrue();
    Run status = run(new StatusCommand(), "--repo", remote.toString());
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out())
        .containsPattern(
            "api-service +production +ghcr.io/myorg/api-service +"
                + java.util.regex.Pattern.quote(built));
  }

  @Test
  void refusesADirectoryThatIsNotEmpty() throws Exception {
    Files.writeString(dir.resolve("something"), "x");
    Run r = run(new DemoCommand(), "--dir", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is not empty");
  }

  @Test
  void usesTheGitCommandLineWhenItIsThere() {
    org.junit.jupiter.api.Assumptions.assumeTrue(CliRepo.gitOnPath(), "git on PATH");
    Run r = run(new DemoCommand(), "--dir", dir.resolve("demo").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> log =
        r.out()
            .lines()
            .dropWhile(l -> !l.startsWith("== git log"))
            .skip(1)
            .takeWhile(l -> !l.isBlank())
            .toList();
    assertThat(log).hasSize(2);
    assertThat(log.get(0)).contains("chore(production): promote api-service to sha256:");
  }
}
