package dev.gitops.promotion.gates;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.GateOverride;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test fixture: a promotion of api into production (dev -> staging -> production) and its contexts.
 */
public final class Fixture {
  public static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
  public static final ImageDigest D1 = ImageDigest.parse("sha256:" + "1".repeat(64));
  public static final ImageDigest D2 = ImageDigest.parse("sha256:" + "2".repeat(64));
  public static final ImageReference IMAGE =
      ImageReference.parse("ghcr.io/myorg/api").withDigest(D1);
  public static final Revision BASE = Revision.of("a".repeat(40));
  public static final Revision HEAD = Revision.of("b".repeat(40));
  public static final Revision OLD_HEAD = Revision.of("c".repeat(40));
  public static final Revision STAGING_COMMIT = Revision.of("d".repeat(40));
  public static final Actor ADA = Actor.human("Ada Lovelace", "ada@myorg.com");
  public static final String PATH = "apps/api/overlays/production/kustomization.yaml";

  public static Pipeline pipeline(Delivery production) {
    return Pipeline.chain(
        Environment.of("dev", Delivery.DIRECT_COMMIT),
        Environment.of("staging", Delivery.CHANGE_REQUEST),
        Environment.builder().name("production").delivery(production).build());
  }

  public static PromotionPlan plan(
      Delivery delivery, ImageReference image, List<GateOverride> overrides) {
    Pipeline pipeline = pipeline(delivery);
    PromotionRequest request =
        PromotionRequest.builder()
            .putImages("api", image)
            .targetEnvironment("production")
            .actor(ADA)
            .addAllOverrides(overrides)
            .build();
    return PromotionPlan.builder()
        .request(request)
        .environment(pipeline.environment("production"))
        .baseRevision(BASE)
        .addEdits(
            PlannedEdit.builder()
                .application("api")
                .location(OverlayLocation.of(PATH, "kustomize"))
                .toImage(image)
                .before("old")
                .after("new")
                .build())
        .delivery(delivery)
        .commitMessage(new CommitMessage("promote", "", List.of()))
        .changeRequestBranch("promote/production/api/x")
        .changeRequestTitle("t")
        .changeRequestBody("b")
        .build();
  }

  public static PromotionRecord stagingRecord(ImageDigest digest, Instant at) {
    return PromotionRecord.builder()
        .environment("staging")
        .application("api")
        .image(ImageReference.parse("ghcr.io/myorg/api").withDigest(digest))
        .commit(STAGING_COMMIT)
        .promotedBy("Ada Lovelace <ada@myorg.com>")
        .time(at)
        .build();
  }

  public static GateContext.Builder context(Instant now) {
    return context(now, Delivery.CHANGE_REQUEST, List.of());
  }

  public static GateContext.Builder context(
      Instant now, Delivery delivery, List<GateOverride> overrides) {
    return GateContext.builder()
        .now(now)
        .plan(plan(delivery, IMAGE, overrides))
        .pipeline(pipeline(delivery));
  }

  public static ChangeRequest.Builder cr() {
    return ChangeRequest.builder()
        .id("7")
        .url("https://host.invalid/cr/7")
        .sourceBranch("promote/production/api/x")
        .targetBranch("main")
        .title("t")
        .body("b")
        .state(ChangeRequest.State.OPEN)
        .headRevision(HEAD)
        .author("promotion-bot")
        .createdAt(NOW.minusSeconds(3600));
  }

  public static Review review(String who, Review.State state, Revision on, int minute) {
    return new Review(who, state, NOW.minusSeconds(3000 - minute * 60L), Optional.of(on));
  }

  public static Review approve(String who) {
    return review(who, Review.State.APPROVED, HEAD, 1);
  }

  public static Check check(String name, Check.State state) {
    return new Check(name, state, Optional.of("https://ci.invalid/" + name));
  }

  public static SyncStatus healthy(Revision at, Instant since) {
    return SyncStatus.builder()
        .sync(SyncStatus.Sync.SYNCED)
        .health(SyncStatus.Health.HEALTHY)
        .revision(at)
        .observedAt(NOW)
        .since(since)
        .build();
  }

  public static Map<String, Set<String>> reached() {
    return Map.of("staging", Set.of("api"));
  }

  private Fixture() {}
}
