package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.ADA;
import static dev.gitops.promotion.git.Fixture.BOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.overlay.BlastRadius;
import dev.gitops.promotion.overlay.OverlayFormats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans with the blast-radius advisor warn when the edited overlay is included by another
 * environment's.
 */
class BlastRadiusWarningTest {
  @TempDir Path tmp;

  @Test
  void editingAStagingOverlayThatProductionBuildsOnIsWarnedAbout() throws Exception {
    Path dir = Fixture.seedRepo(tmp.resolve("r"), List.of("api", "web"));
    // production of api builds on the staging overlay, as some repositories do to share patches
    Fixture.write(dir, Fixture.overlay("api", "production"), "resources:\n  - ../staging\n");
    Fixture.git(dir, "commit", "-qam", "production builds on staging");
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Promoter gp =
          Promoter.builder()
              .configRepository(repo)
              .pipeline(Fixture.pipeline())
              .addApplications(Fixture.apps(List.of("api", "web")))
              .addOverlayFormats(OverlayFormats.kustomize())
              .addPlanAdvisors(BlastRadius.advisor())
              .clock(Fixture.CLOCK)
              .build();
      gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      gp.promote(PromotionRequest.of("web", Fixture.image("web", "v2"), "dev", BOT));

      PromotionPlan api =
          gp.plan(PromotionRequest.of("api", Fixture.image("api", "v2"), "staging", ADA));
      assertThat(api.warnings())
          .singleElement()
          .asString()
          .contains(Fixture.overlay("api", "staging"))
          .contains("production, staging")
          .contains("changes every one of them");
      assertThat(api.describe()).contains("warning: the image is set in");

      PromotionPlan web =
          gp.plan(PromotionRequest.of("web", Fixture.image("web", "v2"), "staging", ADA));
      assertThat(web.warnings()).isEmpty();
    }
  }
}
