package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.examples.cli.CliRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environments as branches (env/dev, env/staging, env/production), without a pipeline file. */
class BranchesLayoutTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);
  static final String FILE = "apps/api-service/kustomization.yaml";
  static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  @TempDir Path dir;

  private static String kustomization(char digit) {
    return "resources: [../../base]\nimages:\n  - name: ghcr.io/myorg/api-service\n    digest: sha256:"
        + hex(digit)
        + "\n";
  }

  @Test
  void promotesOnTheEnvironmentsOwnBranch() throws Exception {
    try (CliRepo repo = CliRepo.init(dir, "env/dev")) {
      Git git = repo.git;
      repo.write(FILE, kustomization('a')).commit("dev", T0);
      git.checkout().setCreateBranch(true).setName("env/staging").call();
      repo.write(FILE, kustomization('a') + "# staging\n").commit("staging", T0);
      git.checkout().setCreateBranch(true).setName("env/production").call();
      repo.write(FILE, kustomization('a') + "# production\n").commit("production", T0);
      git.checkout().setName("env/dev").call();

      Run dev =
          run(
              new PromoteCommand(CLOCK),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--to",
              "dev",
              "--digest",
              "sha256:" + hex('b'),
              "--as",
              "CI <ci@myorg.com>",
              "--bot");
      assertThat(dev.exit()).as(dev.err()).isZero();
      assertThat(dev.out())
          .contains("on env/dev: chore(dev): promote api-service to sha256:bbbbbbbbbbbb");
      assertThat(Files.readString(dir.resolve(FILE))).contains(hex('b'));
      assertThat(git.status().call().isClean()).isTrue();
      assertThat(
              new String(
                  git.getRepository()
                      .open(git.getRepository().resolve("env/staging:" + FILE))
                      .getBytes(),
                  StandardCharsets.UTF_8))
          .contains(hex('a'));

      Run staging =
          run(
              new PromoteCommand(CLOCK),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--to",
              "staging",
              "--digest",
              "sha256:" + hex('b'),
              "--dry-run");
      assertThat(staging.exit()).as(staging.err()).isZero();
      assertThat(staging.out())
          .contains("--- a/" + FILE)
          .contains("+    digest: sha256:" + hex('b'))
          .contains("Promoted-From: dev@");

      Run status = run(new StatusCommand(), "--repo", dir.toString());
      assertThat(status.out())
          .containsPattern("api-service +dev +ghcr.io/myorg/api-service +sha256:bbbbbbbbbbbb")
          .containsPattern("api-service +staging +ghcr.io/myorg/api-service +sha256:aaaaaaaaaaaa")
          .containsPattern(
              "api-service +production +ghcr.io/myorg/api-service +sha256:aaaaaaaaaaaa");
    }
  }
}
