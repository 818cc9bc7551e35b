package dev.gitops.promotion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.overlay.OverlayFormats;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API example of README.md, kept compiling and true: same code, same printed plan. */
class ReadmeApiExampleTest {
  static final String DIGEST =
      "sha256:a3f7c0de12345678901234567890abcdefabcdefabcdefabcdefabcdef012345";

  @Test
  void readmeExampleCommitsToDevAndTheLedgerAnswers() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);
    // README: begin
    InMemoryConfigRepository repository =
        InMemoryConfigRepository.create(); // or JGitConfigRepository
    repository.init(
        "main",
        Map.of(
            "apps/api-service/overlays/dev/kustomization.yaml",
            "resources:\n- ../../base\nimages:  # CI updates this list\n"
                + "- name: ghcr.io/myorg/api-service\n  newTag: sha-abc1234\n"),
        Instant.parse("2026-11-01T08:00:00Z"));

    Pipeline pipeline =
        Pipeline.chain(
            Environment.of("dev", Delivery.DIRECT_COMMIT),
            Environment.of("staging", Delivery.CHANGE_REQUEST),
            Environment.of("production", Delivery.CHANGE_REQUEST));
    Application api =
        Application.builder()
            .name("api-service")
            .imageRepository("ghcr.io/myorg/api-service")
            .putLocations("dev", OverlayLocation.seedLayout("api-service", "dev"))
            .build();
    Promoter promoter =
        Promoter.builder()
            .pipeline(pipeline)
            .addApplications(api)
            .configRepository(repository)
            .addOverlayFormats(OverlayFormats.kustomize())
            .clock(clock)
            .build();

    PromotionPlan plan =
        promoter.plan(
            PromotionRequest.of(
                "api-service",
                ImageReference.parse("ghcr.io/myorg/api-service@" + DIGEST),
                "dev",
                Actor.bot("CI Bot", "ci-bot@myorg.com")));
    System.out.println(plan.describe()); // the dry run: what moves, how, and the message
    PromotionResult result = promoter.execute(plan); // COMMITTED: one commit, compare-and-swap
    PromotionRecord now = promoter.current("dev", "api-service").orElseThrow(); // from Git alone
    // README: end

    assertThat(result.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
    assertThat(now.commit()).isEqualTo(result.commit().orElseThrow());
    assertThat(now.image().digest().orElseThrow().toString()).isEqualTo(DIGEST);
    assertThat(now.promotedBy()).isEqualTo("CI Bot <ci-bot@myorg.com>");
    assertThat(plan.describe())
        .contains(
            "api-service: ghcr.io/myorg/api-service:sha-abc1234 -> "
                + "ghcr.io/myorg/api-service@"
                + DIGEST)
        .contains("chore(dev): promote api-service to sha256:a3f7c0de1234");
    String after =
        repository
            .readFile(now.commit(), "apps/api-service/overlays/dev/kustomization.yaml")
            .orElseThrow();
    assertThat(after)
        .contains("images:  # CI updates this list")
        .contains("digest: " + DIGEST)
        .doesNotContain("newTag");
  }
}
