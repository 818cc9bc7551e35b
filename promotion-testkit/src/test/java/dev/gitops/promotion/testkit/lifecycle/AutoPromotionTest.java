package dev.gitops.promotion.testkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.AutoPromotion;
import dev.gitops.promotion.AutoPromotion.Outcome;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Hold;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.RollbackRequest;
import dev.gitops.promotion.TagDrift;
import dev.gitops.promotion.selection.TagPolicy;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.ImageManifest;
import dev.gitops.promotion.spi.ImageRegistry;
import dev.gitops.promotion.spi.ResolvedImage;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import dev.gitops.promotion.testkit.ManualClock;
import dev.gitops.promotion.testkit.SimpleImageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Automatic promotion under an environment's tag policy, holds recorded in Git that stop it, and
 * the tag drift check, over the testkit's repository and an in-memory registry.
 */
class AutoPromotionTest {
  static final String REPO = "ghcr.io/myorg/api";
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  static final Actor BOT = Actor.bot("CI Bot", "ci-bot@example.com");

  static ImageDigest d(int n) {
    return ImageDigest.parse("sha256:" + Integer.toString(n).repeat(64).substring(0, 64));
  }

  /** Tags to digests, mutable: a tag can be pushed again. */
  static class FakeRegistry implements ImageRegistry {
    final Map<String, ImageDigest> tags = new LinkedHashMap<>();
    int resolves;

    @Override
    public ResolvedImage resolve(ImageReference reference) {
      resolves++;
      ImageDigest digest =
          reference.digest().orElseGet(() -> tags.get(reference.tag().orElseThrow()));
      if (digest == null) {
        throw new InvalidInputException("no tag " + reference.tag().orElseThrow());
      }
      return new ResolvedImage(reference, digest, "application/vnd.oci.image.manifest.v1+json");
    }

    @Override
    public List<String> tags(ImageReference repository) {
      return new ArrayList<>(tags.keySet());
    }

    @Override
    public ImageManifest manifest(ImageReference reference) {
      return new ImageManifest(
          resolve(reference).digest(), "x", Optional.empty(), Map.of(), List.of());
    }
  }

  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
  final InMemoryConfigRepository repository = InMemoryConfigRepository.create();
  final FakeRegistry registry = new FakeRegistry();
  final Pipeline pipeline =
      Pipeline.chain(
          Environment.builder()
              .name("dev")
              .delivery(Delivery.DIRECT_COMMIT)
              .autoPromotion(TagPolicy.semver(">=1.0.0 <2.0.0"))
              .build(),
          Environment.builder().name("staging").delivery(Delivery.DIRECT_COMMIT).build());
  final Promoter promoter;

  AutoPromotionTest() {
    repository.init(
        "main",
        Map.of(
            location("dev").path(),
            "# dev\n",
            location("staging").path(),
            "# staging\n",
            location("production").path(),
            "# production\n"),
        clock.instant());
    promoter =
        Promoter.builder()
            .pipeline(pipeline)
            .addApplications(
                Application.builder()
                    .name("api")
                    .imageRepository(REPO)
                    .putLocations("dev", location("dev"))
                    .putLocations("staging", location("staging"))
                    .build())
            .configRepository(repository)
            .addOverlayFormats(SimpleImageFormat.create())
            .clock(clock)
            .build();
    registry.tags.put("v1.0.0", d(1));
    registry.tags.put("v1.1.0", d(2));
    registry.tags.put("v2.0.0", d(3));
    registry.tags.put("v1.2.0-rc.1", d(4));
    registry.tags.put("latest", d(3));
  }

  static OverlayLocation location(String env) {
    return OverlayLocation.of("apps/api/overlays/" + env + "/images.txt", SimpleImageFormat.ID);
  }

  CommitMessage lastMessage() {
    CommitInfo info = repository.commitInfo(repository.head("main").orElseThrow());
    return info.parsedMessage();
  }

  @Test
  void picksTheNewestEligibleTagResolvesItAndPromotesItWithTrailers() {
    List<AutoPromotion> run = promoter.autoPromote("dev", registry, BOT);

    assertThat(run)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.PROMOTED);
              assertThat(a.tag()).contains("v1.1.0");
              assertThat(a.image()).contains(ImageReference.parse(REPO + ":v1.1.0@" + d(2)));
              assertThat(a.result().orElseThrow().outcome())
                  .isEqualTo(PromotionResult.Outcome.COMMITTED);
            });
    assertThat(promoter.current("dev", "api").orElseThrow().image().digest()).contains(d(2));
    CommitMessage m = lastMessage();
    assertThat(m.trailer(CommitMessage.IMAGE_TAG)).contains("api=v1.1.0");
    assertThat(m.trailer(CommitMessage.AUTO_PROMOTED)).contains("semver >=1.0.0 <2.0.0");
    assertThat(m.trailer(CommitMessage.PROMOTED_IMAGE)).contains("api=" + REPO + ":v1.1.0@" + d(2));
    assertThat(m.body()).contains("Automatic promotion: semver >=1.0.0 <2.0.0 picked v1.1.0");

    // nothing newer: nothing written
    Object head = repository.head("main");
    assertThat(promoter.autoPromote("dev", registry, BOT))
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.UP_TO_DATE));
    assertThat(repository.head("main")).isEqualTo(head);
  }

  @Test
  void aHoldRecordedInGitStopsAutomationUntilAPersonReleasesIt() {
    promoter.autoPromote("dev", registry, BOT);
    registry.tags.put("v1.2.0", d(5));
    // the new build is bad: a person holds it, then rolls back
    promoter.autoPromote("dev", registry, BOT);
    Hold hold = promoter.hold("dev", "api", ADA, "v1.2.0 breaks checkout");
    assertThat(hold.heldBy()).isEqualTo(ADA.toString());
    assertThat(lastMessage().trailer(CommitMessage.HOLD)).contains("dev/api");
    assertThat(
            repository.readFile(repository.head("main").orElseThrow(), ".promotion/holds/dev.txt"))
        .hasValueSatisfying(
            f ->
                assertThat(f)
                    .contains(
                        "api | Ada Lovelace <ada@example.com> | 2026-11-02T09:00:00Z | v1.2.0 breaks checkout"));
    promoter.rollback(
        RollbackRequest.builder().environment("dev").application("api").actor(ADA).build());
    assertThat(promoter.holds("dev")).containsExactly(hold); // the rollback kept the person's hold

    // a promoter in another process reads the hold from Git
    assertThat(promoter.newBuilder().build().holds("dev")).containsExactly(hold);
    List<AutoPromotion> held = promoter.autoPromote("dev", registry, BOT);
    assertThat(held)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.HELD);
              assertThat(a.message())
                  .contains("held by Ada Lovelace")
                  .contains("v1.2.0 breaks checkout");
            });
    assertThat(promoter.current("dev", "api").orElseThrow().image().digest()).contains(d(2));
    // holding again keeps the first hold
    assertThat(promoter.hold("dev", "api", ADA, "again")).isEqualTo(hold);

    assertThatThrownBy(() -> promoter.release("dev", "api", BOT, "auto"))
        .isInstanceOf(NotPermittedException.class)
        .hasMessageContaining("a person put it there, a person lifts it");
    assertThat(promoter.release("dev", "api", ADA, "fixed in v1.2.1")).contains(hold);
    assertThat(lastMessage().trailer(CommitMessage.HOLD_RELEASED)).contains("dev/api");
    assertThat(promoter.holds("dev")).isEmpty();
    assertThat(promoter.release("dev", "api", ADA, "twice")).isEmpty();
    assertThat(promoter.autoPromote("dev", registry, BOT))
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.PROMOTED));
  }

  @Test
  void holdAndReleaseRefuseControlCharactersInTheReasonAndWriteNothing() {
    Object head = repository.head("main");
    assertThatThrownBy(() -> promoter.hold("dev", "api", ADA, "bad\u001b[2Jbuild"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the reason")
        .hasMessageContaining("\\e[2J")
        .hasMessageNotContaining("\u001b");
    promoter.hold("dev", "api", ADA, "bad build");
    Object held = repository.head("main");
    assertThatThrownBy(() -> promoter.release("dev", "api", ADA, "fixed\rforged"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\\r");
    assertThat(repository.head("main")).isEqualTo(held).isNotEqualTo(head);
    assertThat(promoter.holds("dev")).hasSize(1);
  }

  @Test
  void releaseRefusesAnApplicationNameThatCannotBeAndWritesNothing() {
    promoter.hold("dev", "api", ADA, "bad build");
    Object head = repository.head("main");
    assertThatThrownBy(() -> promoter.release("dev", "api\u001b[2J", ADA, "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid application name 'api\\e[2J'");
    assertThat(repository.head("main")).isEqualTo(head);
  }

  @Test
  void holdAndReleaseAskTheAccessPolicyAsEveryOtherWriteDoes() {
    Actor eve = Actor.human("Eve", "eve@example.com");
    Promoter guarded =
        promoter
            .newBuilder()
            .accessPolicy(
                (actor, env, delivery) ->
                    actor.equals(eve)
                        ? AccessPolicy.Decision.deny("Eve may not touch " + env.name())
                        : AccessPolicy.Decision.allow("ok"))
            .build();
    Object head = repository.head("main");
    assertThatThrownBy(() -> guarded.hold("dev", "api", eve, "mine now"))
        .isInstanceOf(NotPermittedException.class)
        .hasMessageContaining("Eve may not touch dev");
    assertThat(repository.head("main")).isEqualTo(head);
    guarded.hold("dev", "api", ADA, "bad build");
    Object held = repository.head("main");
    assertThatThrownBy(() -> guarded.release("dev", "api", eve, "lifting it"))
        .isInstanceOf(NotPermittedException.class);
    assertThat(repository.head("main")).isEqualTo(held);
    assertThat(guarded.holds("dev")).hasSize(1);
  }

  @Test
  void aHandEditedHoldIsShownSafeForATerminal() {
    promoter.hold("dev", "api", ADA, "bad build");
    var head = repository.head("main").orElseThrow();
    repository.commit(
        CommitRequest.builder()
            .branch("main")
            .parent(head)
            .expectedHead(head)
            .addEdits(
                new FileEdit(
                    ".promotion/holds/dev.txt",
                    "api | Eve \u001b[31m<eve@example.com> | 2026-11-02T09:00:00Z | ok\u001b]0;x\u0007\n"))
            .message("hand edit")
            .author(ADA)
            .time(clock.instant())
            .build());
    assertThat(promoter.holds("dev"))
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.describe())
                    .contains("held by Eve \\e[31m<eve@example.com>")
                    .endsWith(": ok\\e]0;x\\u0007")
                    .doesNotContain("\u001b"));
  }

  @Test
  void aHoldOnTheWholeEnvironmentCoversEveryApplication() {
    promoter.hold("dev", Hold.ALL, ADA, "freeze");
    assertThat(promoter.autoPromote("dev", registry, BOT))
        .singleElement()
        .satisfies(a -> assertThat(a.message()).startsWith("every application in dev held by"));
  }

  @Test
  void noEligibleTagIsReportedAndAnEnvironmentWithoutPolicyIsRefused() {
    registry.tags.clear();
    registry.tags.put("latest", d(3));
    assertThat(promoter.autoPromote("dev", registry, BOT))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.NO_CANDIDATE);
              assertThat(a.message())
                  .isEqualTo("semver >=1.0.0 <2.0.0 found no eligible tag among 1");
            });
    assertThatThrownBy(() -> promoter.autoPromote("staging", registry, BOT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'staging' does not promote automatically");
  }

  @Test
  void productionNeverPromotesAutomatically() {
    assertThatThrownBy(
            () ->
                Environment.builder()
                    .name("production")
                    .autoPromotion(TagPolicy.semver("*"))
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("production stays behind its human gate");
  }

  @Test
  void provenanceStillAppliesToAnAutomaticPromotion() {
    Promoter stagingAuto =
        promoter
            .newBuilder()
            .pipeline(
                pipeline.map(
                    e ->
                        e.name().equals("staging")
                            ? Environment.builder()
                                .from(e)
                                .autoPromotion(TagPolicy.semver("*"))
                                .build()
                            : e))
            .build();
    // staging would take v2.0.0, which dev never ran
    assertThat(stagingAuto.autoPromote("staging", registry, BOT))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.REFUSED);
              assertThat(a.message()).contains("is not what upstream 'dev' runs");
            });
  }

  @Test
  void aTagThatMovedSinceItEnteredUpstreamIsReportedAndRecorded() {
    promoter.autoPromote("dev", registry, BOT); // dev runs v1.1.0 = d(2), Image-Tag recorded
    PromotionRequest toStaging =
        PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(2)), "staging", ADA);
    assertThat(promoter.tagDrift(toStaging, registry)).isEmpty();

    registry.tags.put("v1.1.0", d(7)); // someone pushed v1.1.0 again
    List<TagDrift> drift = promoter.tagDrift(toStaging, registry);
    assertThat(drift)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.upstreamEnvironment()).isEqualTo("dev");
              assertThat(t.tag()).isEqualTo("v1.1.0");
              assertThat(t.recorded()).isEqualTo(d(2));
              assertThat(t.now()).isEqualTo(d(7));
              assertThat(t.describe()).contains("moved since it entered dev");
            });
    promoter.promote(
        PromotionRequest.builder().from(toStaging).addTrailers(drift.get(0).trailer()).build());
    assertThat(lastMessage().trailer(CommitMessage.TAG_DRIFT))
        .contains("api=v1.1.0 " + d(2).shortForm() + " -> " + d(7).shortForm());
    // the promotion went by the recorded digest
    assertThat(promoter.current("staging", "api").orElseThrow().image().digest()).contains(d(2));
  }

  /** dev (automatic) -> production, with the registry given to the promoter. */
  Promoter withProduction(ImageRegistry productionRegistry) {
    return Promoter.builder()
        .pipeline(
            Pipeline.chain(
                pipeline.environment("dev"),
                Environment.builder().name("production").delivery(Delivery.DIRECT_COMMIT).build()))
        .addApplications(
            Application.builder()
                .name("api")
                .imageRepository(REPO)
                .putLocations("dev", location("dev"))
                .putLocations("production", location("production"))
                .build())
        .configRepository(repository)
        .addOverlayFormats(SimpleImageFormat.create())
        .clock(clock)
        .imageRegistry(productionRegistry)
        .build();
  }

  @Test
  void beforeProductionAPromoterWithARegistryChecksDriftByItself() {
    Promoter p = withProduction(registry);
    p.autoPromote("dev", registry, BOT); // dev runs v1.1.0 = d(2)
    registry.tags.put("v1.1.0", d(7));
    int before = registry.resolves;

    PromotionResult result =
        p.promote(
            PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(2)), "production", ADA));

    assertThat(registry.resolves).isGreaterThan(before);
    assertThat(result.plan().warnings())
        .anySatisfy(w -> assertThat(w).startsWith("tag drift: ").contains("v1.1.0"));
    assertThat(lastMessage().trailer(CommitMessage.TAG_DRIFT))
        .contains("api=v1.1.0 " + d(2).shortForm() + " -> " + d(7).shortForm());
    assertThat(p.current("production", "api").orElseThrow().image().digest()).contains(d(2));
  }

  @Test
  void anUnreachableRegistryBeforeProductionIsAWarningNotARefusal() {
    Promoter p = withProduction(registry);
    p.autoPromote("dev", registry, BOT);
    ImageRegistry down =
        new FakeRegistry() {
          @Override
          public ResolvedImage resolve(ImageReference reference) {
            throw new RemoteUnavailableException(
                "registry.example", 503, true, "registry.example answered 503", null);
          }
        };
    Promoter offline = withProduction(down);

    PromotionResult result =
        offline.promote(
            PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(2)), "production", ADA));

    assertThat(result.plan().warnings())
        .anySatisfy(w -> assertThat(w).startsWith("tag drift not checked: ").contains("503"));
    assertThat(lastMessage().trailer(CommitMessage.TAG_DRIFT)).isEmpty();
    assertThat(offline.current("production", "api").orElseThrow().image().digest()).contains(d(2));
  }

  @Test
  void aPromotionOutsideProductionNeverAsksTheRegistry() {
    promoter.autoPromote("dev", registry, BOT);
    Promoter p =
        Promoter.builder()
            .model(promoter.model())
            .configRepository(repository)
            .clock(clock)
            .imageRegistry(registry)
            .build();
    int before = registry.resolves;
    p.promote(PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(2)), "staging", ADA));
    assertThat(registry.resolves).isEqualTo(before);
  }

  @Test
  void aRollbackInAnAutomaticEnvironmentHoldsItSoTheNextRunDoesNotUndoIt() {
    promoter.autoPromote("dev", registry, BOT); // v1.1.0
    registry.tags.put("v1.2.0", d(5));
    promoter.autoPromote("dev", registry, BOT); // v1.2.0, which turns out bad

    RollbackRequest back =
        RollbackRequest.builder()
            .environment("dev")
            .application("api")
            .actor(ADA)
            .reason("v1.2.0 breaks checkout")
            .build();
    assertThat(promoter.planRollback(back).warnings())
        .anySatisfy(w -> assertThat(w).contains("holds api there first"));
    promoter.rollback(back);

    assertThat(promoter.current("dev", "api").orElseThrow().image().digest()).contains(d(2));
    assertThat(promoter.holds("dev"))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.application()).isEqualTo("api");
              assertThat(h.heldBy()).isEqualTo(ADA.toString());
              assertThat(h.reason()).contains("rolled back to").contains("v1.2.0 breaks checkout");
            });
    assertThat(promoter.autoPromote("dev", registry, BOT))
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.HELD));
    assertThat(promoter.current("dev", "api").orElseThrow().image().digest()).contains(d(2));

    registry.tags.put("v1.2.1", d(6));
    promoter.release("dev", "api", ADA, "fixed in v1.2.1");
    assertThat(promoter.autoPromote("dev", registry, BOT))
        .singleElement()
        .satisfies(a -> assertThat(a.tag()).contains("v1.2.1"));
  }

  @Test
  void aRollbackWhereNothingPromotesAutomaticallyPutsNoHold() {
    Promoter p = withProduction(registry);
    p.promote(PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(1)), "dev", ADA));
    p.promote(
        PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(1)), "production", ADA));
    p.promote(PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(2)), "dev", ADA));
    p.promote(
        PromotionRequest.of("api", ImageReference.parse(REPO + "@" + d(2)), "production", ADA));
    p.rollback(
        RollbackRequest.builder().environment("production").application("api").actor(ADA).build());
    assertThat(p.current("production", "api").orElseThrow().image().digest()).contains(d(1));
    assertThat(p.holds("production")).isEmpty();
  }
}
