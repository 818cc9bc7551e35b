package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.ADA;
import static dev.gitops.promotion.git.Fixture.BOT;
import static dev.gitops.promotion.git.Fixture.git;
import static dev.gitops.promotion.git.Fixture.overlay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.EnvironmentDiff;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.spi.PathHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger over JGit, with its fast-history capability, against the generic port reading. */
class LedgerOnJGitTest {
  @TempDir Path tmp;

  /**
   * Random histories mixing our promotions (trailers), hand edits with the git CLI (no trailers),
   * replica-only edits, reverts to an earlier image, deletions and merges: the ledger reading
   * through the JGit repository's fast-history capability and the ledger reading through the plain
   * port methods give the same answers.
   */
  @Test
  void agreesWithTheCoreLedgerOnMixedHistories() throws Exception {
    for (long seed = 1; seed <= 4; seed++) {
      // seed 4 reads and writes the overlays with promotion-overlays' kustomize format
      dev.gitops.promotion.spi.OverlayFormat format =
          seed == 4 ? dev.gitops.promotion.overlay.OverlayFormats.kustomize() : new TestFormat();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < (seed == 1 ? 6 : 70); i++) {
        names.add("app" + i);
      }
      Path dir = Fixture.seedRepo(tmp.resolve("r" + seed), names);
      Random rnd = new Random(seed);
      List<Application> apps = Fixture.apps(names);
      try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
        Promoter gp =
            Promoter.builder()
                .configRepository(repo)
                .pipeline(Fixture.pipeline())
                .addApplications(apps)
                .addOverlayFormats(format)
                .clock(Fixture.CLOCK)
                .build();
        for (int step = 0; step < 60; step++) {
          String app = names.get(rnd.nextInt(Math.min(names.size(), 8)));
          String env = Fixture.ENVS.get(rnd.nextInt(3));
          int kind = rnd.nextInt(10);
          if (kind < 4 && Files.exists(dir.resolve(overlay(app, "dev")))) {
            gp.promote(
                PromotionRequest.of(
                    app, Fixture.image(app, "p" + step), "dev", rnd.nextBoolean() ? BOT : ADA));
            // we commit without touching the work tree; bring it along for the hand edits
            git(dir, "reset", "-q", "--hard");
          } else if (kind < 6) {
            Fixture.write(
                dir,
                overlay(app, env),
                Fixture.kustomization(app, Fixture.digest(app + "-v" + rnd.nextInt(3)), 1));
            commitAll(dir, "bump " + app + " by hand");
          } else if (kind == 6) {
            Path file = dir.resolve(overlay(app, env));
            if (Files.exists(file)) {
              Fixture.write(
                  dir, overlay(app, env), Files.readString(file).replace("count: 1", "count: 3"));
            }
            commitAll(dir, "scale " + app);
          } else if (kind == 7) {
            Files.deleteIfExists(dir.resolve(overlay(app, env)));
            commitAll(dir, "drop " + app + " from " + env);
          } else if (kind == 8) {
            git(dir, "checkout", "-q", "-b", "cr-" + step);
            Fixture.write(
                dir, overlay(app, env), Fixture.kustomization(app, Fixture.digest("cr" + step), 2));
            commitAll(dir, "change request " + step);
            git(dir, "checkout", "-q", "main");
            git(dir, "merge", "-q", "--no-ff", "-m", "Merge cr-" + step, "cr-" + step);
          } else {
            Fixture.write(dir, "README.md", "step " + step + "\n");
            commitAll(dir, "docs");
          }
        }
        assertThat(repo.capability(PathHistory.class)).isPresent();
        Promoter core = gp.newBuilder().configRepository(new PlainPort(repo)).build();
        Promoter ledger = gp;
        assertThat(ledger.state()).as("seed " + seed).isEqualTo(core.state());
        for (String app : names.subList(0, Math.min(names.size(), 8))) {
          for (String env : Fixture.ENVS) {
            assertThat(ledger.history(env, app, 100))
                .as(app + " in " + env)
                .isEqualTo(core.history(env, app, 100));
            assertThat(ledger.history(env, app, 2)).isEqualTo(core.history(env, app, 2));
          }
        }
      }
    }
  }

  private static void commitAll(Path dir, String message) {
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "--allow-empty", "-m", message);
  }

  @Test
  void whereIsAndDiffAcrossEnvironments() throws Exception {
    List<String> names = List.of("api", "web", "worker");
    Path dir = Fixture.seedRepo(tmp.resolve("r"), names);
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Promoter gp =
          Promoter.builder()
              .configRepository(repo)
              .pipeline(Fixture.pipeline())
              .addApplications(Fixture.apps(names))
              .addOverlayFormats(new TestFormat())
              .clock(Fixture.CLOCK)
              .build();
      gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "staging", ADA));
      gp.promote(PromotionRequest.of("web", Fixture.image("web", "web-v2"), "dev", BOT));
      Promoter ledger = gp;
      ImageDigest v2 = Fixture.image("api", "v2").digest().orElseThrow();
      assertThat(ledger.whereIs(v2))
          .extracting(PromotionRecord::environment)
          .containsExactly("dev", "staging");
      PromotionRecord staging = ledger.current("staging", "api").orElseThrow();
      assertThat(staging.promotedBy()).isEqualTo(ADA.toString());
      assertThat(staging.promotedFrom().orElseThrow())
          .startsWith("dev@")
          .isEqualTo("dev@" + ledger.current("dev", "api").orElseThrow().commit().id());
      EnvironmentDiff diff = ledger.diff("dev", "staging");
      assertThat(diff.same()).containsExactly("api", "worker");
      assertThat(diff.differences()).hasSize(1);
      EnvironmentDiff.Difference web = diff.differences().get(0);
      assertThat(web.application()).isEqualTo("web");
      assertThat(web.fromImage()).contains(Fixture.image("web", "web-v2"));
      assertThat(web.toImage()).contains(Fixture.image("web", "web-v1"));
      // the initial layout was committed by hand: its author is the promoter of record
      assertThat(ledger.current("production", "web").orElseThrow().promotedBy())
          .isEqualTo("Hand Editor <hand@example.com>");
    }
  }
}
