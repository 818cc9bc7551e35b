package dev.gitops.promotion;

import static dev.gitops.promotion.World.ADA;
import static dev.gitops.promotion.World.BOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.spi.Revision;
import org.junit.jupiter.api.Test;

class PromoterTest {
  static final ImageDigest D1 = ImageDigest.parse("sha256:" + "1".repeat(64));
  static final ImageDigest D2 = ImageDigest.parse("sha256:" + "2".repeat(64));

  final World world = new World(2, Delivery.DIRECT_COMMIT);

  @Test
  void planShowsEditMessageTrailersAndBranch() {
    PromotionPlan plan = world.promoter.plan(world.request("app0", D1, "dev", BOT));
    assertThat(plan.isEmpty()).isFalse();
    assertThat(plan.edits())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.fromImage()).isEmpty();
              assertThat(e.after()).endsWith("ghcr.io/myorg/app0 ghcr.io/myorg/app0@" + D1 + "\n");
            });
    CommitMessage m = plan.commitMessage();
    assertThat(m.subject()).isEqualTo("chore(dev): promote app0 to sha256:111111111111");
    assertThat(m.trailer(CommitMessage.PROMOTED_IMAGE)).contains("app0=ghcr.io/myorg/app0@" + D1);
    assertThat(m.trailer(CommitMessage.PROMOTED_BY)).contains("CI Bot <ci-bot@myorg.com>");
    assertThat(m.trailer(CommitMessage.PROMOTION_ID)).contains(plan.id());
    assertThat(m.trailer(CommitMessage.PROMOTED_FROM)).isEmpty(); // dev is the entry
    assertThat(plan.changeRequestBranch()).isEqualTo("promote/dev/app0-111111111111");
    assertThat(plan.changeRequestTitle()).isEqualTo("Promote app0 to dev: sha256:111111111111");
    assertThat(plan.describe()).contains("app0: (none) -> ghcr.io/myorg/app0@" + D1);
    assertThat(world.repo.commitCount()).isEqualTo(1); // planning wrote nothing
  }

  @Test
  void executeCommitsAndReplanIsEmpty() {
    PromotionResult r =
        world.promoter.execute(world.promoter.plan(world.request("app0", D1, "dev", BOT)));
    assertThat(r.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
    PromotionPlan again = world.promoter.plan(world.request("app0", D1, "dev", BOT));
    assertThat(again.isEmpty()).isTrue();
    assertThat(again.alreadyInPlace()).containsExactly("app0");
    assertThat(world.promoter.execute(again).outcome())
        .isEqualTo(PromotionResult.Outcome.NOTHING_TO_DO);
    PromotionRecord rec = world.promoter.current("dev", "app0").orElseThrow();
    assertThat(rec.image().digest()).contains(D1);
    assertThat(rec.commit()).isEqualTo(r.commit().orElseThrow());
    assertThat(rec.promotedBy()).isEqualTo("CI Bot <ci-bot@myorg.com>");
  }

  @Test
  void promotedFromNamesTheUpstreamCommit() {
    Revision devCommit =
        world
            .promoter
            .execute(world.promoter.plan(world.request("app0", D1, "dev", BOT)))
            .commit()
            .orElseThrow();
    PromotionPlan plan = world.promoter.plan(world.request("app0", D1, "staging", ADA));
    assertThat(plan.commitMessage().trailer(CommitMessage.PROMOTED_FROM))
        .contains("dev@" + devCommit.id());
  }

  @Test
  void provenanceRefusesADigestThatSkipsAnEnvironment() {
    assertThatThrownBy(() -> world.promoter.plan(world.request("app0", D1, "staging", ADA)))
        .isInstanceOfSatisfying(
            NotPermittedException.class,
            e -> assertThat(e.rule()).isEqualTo(NotPermittedException.Rule.PROVENANCE))
        .hasMessageContaining("app0 sha256:111111111111 cannot enter 'staging'")
        .hasMessageContaining("'dev' runs nothing yet")
        .hasMessageContaining("promote it to 'dev' first");
    world.promoter.execute(world.promoter.plan(world.request("app0", D2, "dev", BOT)));
    assertThatThrownBy(() -> world.promoter.plan(world.request("app0", D1, "staging", ADA)))
        .hasMessageContaining("'dev' runs sha256:222222222222");
  }

  @Test
  void currentOrPastProvenanceAcceptsWhatUpstreamRanBefore() {
    World w = new World(1, Delivery.DIRECT_COMMIT);
    Promoter lenient =
        Promoter.builder()
            .pipeline(
                Pipeline.chain(
                    Environment.of("dev", Delivery.DIRECT_COMMIT),
                    Environment.builder()
                        .name("staging")
                        .delivery(Delivery.DIRECT_COMMIT)
                        .provenance(Environment.Provenance.CURRENT_OR_PAST)
                        .build(),
                    Environment.of("production", Delivery.DIRECT_COMMIT)))
            .addApplications(w.apps)
            .configRepository(w.repo)
            .addOverlayFormats(new LineFormat())
            .clock(java.time.Clock.systemUTC())
            .build();
    lenient.execute(lenient.plan(w.request("app0", D1, "dev", BOT)));
    lenient.execute(lenient.plan(w.request("app0", D2, "dev", BOT)));
    assertThat(lenient.plan(w.request("app0", D1, "staging", ADA)).isEmpty()).isFalse();
    assertThat(lenient.history("dev", "app0", 10))
        .extracting(r -> r.image().digest().orElseThrow())
        .containsExactly(D2, D1);
  }

  @Test
  void mutableTagIsRefusedWhereDigestsAreRequired() {
    PromotionRequest r =
        PromotionRequest.of("app0", ImageReference.parse("ghcr.io/myorg/app0:latest"), "dev", BOT);
    assertThatThrownBy(() -> world.promoter.plan(r))
        .isInstanceOfSatisfying(
            NotPermittedException.class,
            e -> assertThat(e.rule()).isEqualTo(NotPermittedException.Rule.DIGEST_REQUIRED))
        .hasMessageContaining("'ghcr.io/myorg/app0:latest', a mutable tag");
  }

  @Test
  void botIsRefusedOnProductionAndNothingIsWritten() {
    World w = new World(1, Delivery.CHANGE_REQUEST);
    assertThatThrownBy(() -> w.promoter.plan(w.request("app0", D1, "production", BOT)))
        .isInstanceOfSatisfying(
            NotPermittedException.class,
            e -> assertThat(e.rule()).isEqualTo(NotPermittedException.Rule.ACCESS_POLICY))
        .hasMessageContaining("production");
    assertThat(w.repo.commitCount()).isEqualTo(1);
  }

  @Test
  void unknownApplicationEnvironmentOrRepositoryIsInvalidInput() {
    assertThatThrownBy(() -> world.promoter.plan(world.request("nope", D1, "dev", BOT)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown application 'nope'; known: [app0, app1]");
    assertThatThrownBy(() -> world.promoter.plan(world.request("app0", D1, "qa", BOT)))
        .hasMessageContaining("unknown environment 'qa'");
    PromotionRequest wrongRepo =
        PromotionRequest.of(
            "app0", ImageReference.parse("ghcr.io/other/app0").withDigest(D1), "dev", BOT);
    assertThatThrownBy(() -> world.promoter.plan(wrongRepo))
        .hasMessageContaining(
            "is not of application 'app0', whose repository is 'ghcr.io/myorg/app0'");
  }

  @Test
  void trainOrdersWavesByDependencyAndWritesOneCommit() {
    PromotionRequest train =
        PromotionRequest.builder()
            .putImages("app1", World.image("app1", D1))
            .putImages("app0", World.image("app0", D1))
            .targetEnvironment("dev")
            .actor(BOT)
            .reason("nightly train")
            .build();
    PromotionPlan plan = world.promoter.plan(train);
    assertThat(plan.waves()).containsExactly(java.util.List.of("app0"), java.util.List.of("app1"));
    assertThat(plan.commitMessage().subject()).isEqualTo("chore(dev): promote 2 applications");
    assertThat(plan.commitMessage().body())
        .contains("- app0 to sha256:111111111111")
        .contains("nightly train");
    assertThat(plan.changeRequestBranch()).startsWith("promote/dev/train-");
    world.promoter.execute(plan);
    assertThat(world.repo.commitCount()).isEqualTo(2);
  }

  @Test
  void dependencyCycleIsInvalidInput() {
    Application a =
        Application.builder()
            .name("a")
            .imageRepository("ghcr.io/x/a")
            .putLocations("dev", OverlayLocation.of("a.txt", "lines"))
            .addDependsOn("b")
            .build();
    Application b =
        Application.builder()
            .name("b")
            .imageRepository("ghcr.io/x/b")
            .putLocations("dev", OverlayLocation.of("b.txt", "lines"))
            .addDependsOn("a")
            .build();
    MemoryRepository repo =
        new MemoryRepository("main", java.util.Map.of("a.txt", "", "b.txt", ""));
    Promoter p =
        Promoter.builder()
            .pipeline(Pipeline.chain(Environment.of("dev", Delivery.DIRECT_COMMIT)))
            .addApplications(a, b)
            .configRepository(repo)
            .addOverlayFormats(new LineFormat())
            .clock(java.time.Clock.systemUTC())
            .build();
    PromotionRequest r =
        PromotionRequest.builder()
            .putImages("a", ImageReference.parse("ghcr.io/x/a").withDigest(D1))
            .putImages("b", ImageReference.parse("ghcr.io/x/b").withDigest(D1))
            .targetEnvironment("dev")
            .actor(BOT)
            .build();
    assertThatThrownBy(() -> p.plan(r)).hasMessageContaining("depend on each other in a cycle");
  }

  @Test
  void aStaleBaseIsPlannedAgainOnTheNewHead() {
    PromotionPlan first = world.promoter.plan(world.request("app0", D1, "dev", BOT));
    world.promoter.execute(world.promoter.plan(world.request("app1", D1, "dev", BOT)));
    PromotionResult landed = world.promoter.execute(first);
    assertThat(landed.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
    assertThat(landed.plan().baseRevision()).isNotEqualTo(first.baseRevision());
    assertThat(world.promoter.current("dev", "app0").orElseThrow().image().digest()).contains(D1);
    assertThat(world.promoter.current("dev", "app1").orElseThrow().image().digest()).contains(D1);
  }

  @Test
  void aValueChangedToSomethingElseMeanwhileIsAConflictNotAnOverwrite() {
    PromotionPlan first = world.promoter.plan(world.request("app0", D1, "dev", BOT));
    world.promoter.execute(world.promoter.plan(world.request("app0", D2, "dev", ADA)));
    assertThatThrownBy(() -> world.promoter.execute(first))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("app0 in 'dev' was changed from (none) to")
        .hasMessageContaining("not overwriting it");
    assertThat(world.promoter.current("dev", "app0").orElseThrow().image().digest()).contains(D2);
  }

  @Test
  void failingGateRefusesDirectCommitAndWaitingGateWaits() {
    World w = new World(1, Delivery.DIRECT_COMMIT);
    Gate freeze = Gate.named("freeze", ctx -> Verdict.fail("frozen until Monday"));
    Promoter gated =
        Promoter.builder()
            .pipeline(
                Pipeline.chain(
                    Environment.builder()
                        .name("dev")
                        .delivery(Delivery.DIRECT_COMMIT)
                        .addGates(freeze)
                        .build()))
            .addApplications(w.apps)
            .configRepository(w.repo)
            .addOverlayFormats(new LineFormat())
            .clock(java.time.Clock.systemUTC())
            .build();
    PromotionPlan plan = gated.plan(w.request("app0", D1, "dev", BOT));
    assertThat(plan.gates()).containsExactly("freeze");
    assertThatThrownBy(() -> gated.execute(plan))
        .isInstanceOfSatisfying(
            GateRefusedException.class,
            e -> assertThat(e.verdict().reasons()).containsExactly("freeze: frozen until Monday"))
        .hasMessageContaining("gates of environment 'dev' refused the promotion");
    assertThat(w.repo.commitCount()).isEqualTo(1);
  }

  @Test
  void sharedFileWarnsOfBlastRadius() {
    Application shared =
        Application.builder()
            .name("web")
            .imageRepository("ghcr.io/x/web")
            .putLocations("dev", OverlayLocation.of("apps/web/base/images.txt", "lines"))
            .putLocations("staging", OverlayLocation.of("apps/web/base/images.txt", "lines"))
            .build();
    MemoryRepository repo =
        new MemoryRepository("main", java.util.Map.of("apps/web/base/images.txt", ""));
    Promoter p =
        Promoter.builder()
            .pipeline(
                Pipeline.chain(
                    Environment.of("dev", Delivery.DIRECT_COMMIT),
                    Environment.of("staging", Delivery.DIRECT_COMMIT)))
            .addApplications(shared)
            .configRepository(repo)
            .addOverlayFormats(new LineFormat())
            .clock(java.time.Clock.systemUTC())
            .build();
    PromotionPlan plan =
        p.plan(
            PromotionRequest.of(
                "web", ImageReference.parse("ghcr.io/x/web").withDigest(D1), "dev", BOT));
    assertThat(plan.warnings())
        .singleElement()
        .asString()
        .contains("is also where web is set for 'staging'");
  }

  @Test
  void anOverlayThatNoLongerSetsAnImageRunsNothing() {
    world.promoter.execute(world.promoter.plan(world.request("app0", D1, "dev", BOT)));
    String path = "apps/app0/overlays/dev/images.txt";
    Revision head = world.repo.head("main").orElseThrow();
    world.repo.commit(
        dev.gitops.promotion.spi.CommitRequest.builder()
            .branch("main")
            .parent(head)
            .expectedHead(head)
            .addEdits(new dev.gitops.promotion.spi.FileEdit(path, "# emptied\n"))
            .message("remove the image by hand")
            .author(ADA)
            .time(java.time.Instant.EPOCH)
            .build());
    assertThat(world.promoter.current("dev", "app0")).isEmpty();
    assertThat(world.promoter.history("dev", "app0", 10))
        .extracting(r -> r.image().digest())
        .containsExactly(java.util.Optional.of(D1));
  }

  @Test
  void newBuilderDerivesAVariantAndLeavesTheOriginalAlone() {
    MemoryRepository other =
        new MemoryRepository(
            "main",
            java.util.Map.of(
                "apps/app0/overlays/dev/images.txt", "", "apps/app1/overlays/dev/images.txt", ""));
    Promoter variant = world.promoter.newBuilder().configRepository(other).build();
    assertThat(variant.configRepository("dev")).isSameAs(other);
    assertThat(variant.model().applications()).isEqualTo(world.promoter.model().applications());
    assertThat(variant.model().overlayFormats()).containsOnlyKeys("lines");
    assertThat(variant.pipeline()).isSameAs(world.promoter.pipeline());
    variant.execute(variant.plan(world.request("app0", D1, "dev", BOT)));
    assertThat(other.commitCount()).isEqualTo(2);
    assertThat(world.repo.commitCount()).isEqualTo(1);
    assertThat(world.promoter.configRepository("dev")).isSameAs(world.repo);
  }
}
