package dev.gitops.promotion.testkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionLookup;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.PromotionResult.Outcome;
import dev.gitops.promotion.RetryPolicy;
import dev.gitops.promotion.RollbackRequest;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import dev.gitops.promotion.testkit.ManualClock;
import dev.gitops.promotion.testkit.SimpleImageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle every backend shares, over the testkit's fakes: a promotion opened by one promoter
 * is found, advanced or aborted by another that shares nothing but the repository and the host;
 * conflicting targets are re-planned; rollbacks, state files and per-environment repositories.
 */
class LifecycleTest {
  static final String APP = "api";
  static final String REPO = "ghcr.io/myorg/api";
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  static final Actor BOT = Actor.bot("CI Bot", "ci-bot@example.com");
  static final ImageDigest D1 = ImageDigest.parse("sha256:" + "1".repeat(64));
  static final ImageDigest D2 = ImageDigest.parse("sha256:" + "2".repeat(64));
  static final ImageDigest D3 = ImageDigest.parse("sha256:" + "3".repeat(64));

  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
  final InMemoryConfigRepository repository = InMemoryConfigRepository.create();
  final FakeChangeRequestHost host = FakeChangeRequestHost.over(repository, clock);
  final Gate smokeTests =
      Gate.named(
          "smoke-tests",
          ctx ->
              ctx.changeRequest()
                  .flatMap(cr -> cr.check("smoke-tests"))
                  .map(
                      c ->
                          c.isSatisfied()
                              ? Verdict.pass("smoke-tests passed")
                              : Verdict.fail("smoke-tests " + c.state()))
                  .orElse(Verdict.waiting("smoke-tests has not reported")));
  final Pipeline pipeline =
      Pipeline.chain(
          Environment.of("dev", Delivery.DIRECT_COMMIT),
          Environment.builder().name("staging").addGates(smokeTests).build());
  final Application app =
      Application.builder()
          .name(APP)
          .imageRepository(REPO)
          .putLocations("dev", location("dev"))
          .putLocations("staging", location("staging"))
          .build();

  LifecycleTest() {
    repository.init(
        "main",
        Map.of(
            location("dev").path(), "# dev\n",
            location("staging").path(), "# staging\n"),
        clock.instant());
  }

  static OverlayLocation location(String env) {
    return OverlayLocation.of("apps/api/overlays/" + env + "/images.txt", SimpleImageFormat.ID);
  }

  static ImageReference image(ImageDigest digest) {
    return ImageReference.parse(REPO).withDigest(digest);
  }

  // a promoter in its own "process": built from scratch over the shared repository and host
  Promoter process() {
    return Promoter.builder()
        .pipeline(pipeline)
        .addApplications(app)
        .configRepository(repository)
        .addOverlayFormats(SimpleImageFormat.create())
        .changeRequestHost(host)
        .clock(clock)
        .build();
  }

  PromotionResult openStaging(Promoter p, ImageDigest digest) {
    p.promote(PromotionRequest.of(APP, image(digest), "dev", BOT));
    return p.promote(PromotionRequest.of(APP, image(digest), "staging", ADA));
  }

  @Test
  void aPromotionOpenedInOneProcessIsMergedByAnother() {
    PromotionResult opened = openStaging(process(), D1);
    assertThat(opened.outcome()).isEqualTo(Outcome.CHANGE_REQUEST_OPENED);
    String id = opened.plan().id();
    String number = opened.changeRequest().orElseThrow().id();

    Promoter later = process();
    for (PromotionLookup lookup :
        List.of(
            PromotionLookup.byTarget("staging", APP),
            PromotionLookup.parse(id),
            PromotionLookup.parse("#" + number),
            PromotionLookup.byBranch(opened.plan().changeRequestBranch()))) {
      PendingPromotion found = later.find(lookup).orElseThrow(() -> new AssertionError(lookup));
      assertThat(found.id()).isEqualTo(id);
      assertThat(found.plan().fileEdits()).isEqualTo(opened.plan().fileEdits());
      assertThat(found.plan().request().actor()).isEqualTo(ADA);
      assertThat(found.changeRequest().orElseThrow().id()).isEqualTo(number);
      assertThat(found.verdict().orElseThrow().isWaiting()).isTrue();
      assertThat(found.problems()).isEmpty();
    }

    PendingPromotion pending = later.find(PromotionLookup.byTarget("staging", APP)).orElseThrow();
    assertThat(later.advance(pending).outcome()).isEqualTo(Outcome.WAITING);
    host.reportCheck(number, "smoke-tests", Check.State.SUCCESS);
    PromotionResult merged = process().advance(pending);

    assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
    CommitMessage message = repository.commitInfo(merged.commit().orElseThrow()).parsedMessage();
    assertThat(message.trailer(CommitMessage.PROMOTION_ID)).contains(id);
    assertThat(message.trailer(CommitMessage.CHANGE_REQUEST))
        .contains(FakeChangeRequestHost.URL_PREFIX + number);
    assertThat(message.trailerValues(CommitMessage.GATE))
        .containsExactly("smoke-tests: PASS smoke-tests passed");
    assertThat(repository.branches("promote/")).isEmpty(); // the merged branch is cleaned up
    assertThat(process().current("staging", APP).orElseThrow().image()).isEqualTo(image(D1));
    assertThat(process().find(PromotionLookup.parse(id))).isEmpty();
  }

  @Test
  void thePromotionsOwnStatusFollowsTheGatesSoProtectionCanRequireIt() {
    host.protect(
        "main",
        dev.gitops.promotion.spi.BranchProtection.builder()
            .addRequiredChecks(ChangeRequestHost.GATES_STATUS)
            .build());
    PromotionResult opened = openStaging(process(), D1);
    ChangeRequest cr = opened.changeRequest().orElseThrow();
    Revision head = cr.headRevision();
    // opened with a gate still waiting: pending, with the reason
    assertThat(host.get(cr.id()).check(ChangeRequestHost.GATES_STATUS).orElseThrow().state())
        .isEqualTo(Check.State.PENDING);
    assertThat(host.statusDescription(head, ChangeRequestHost.GATES_STATUS))
        .hasValueSatisfying(d -> assertThat(d).startsWith("waiting: ").contains("smoke-tests"));

    // the required-checks rule never waits for the promotion's own status; a poll that finds
    // the status already showing the same wait publishes nothing
    int published = host.publishedStatuses();
    assertThat(process().advance(opened.plan()).outcome()).isEqualTo(Outcome.WAITING);
    assertThat(process().advance(opened.plan()).outcome()).isEqualTo(Outcome.WAITING);
    assertThat(host.publishedStatuses()).isEqualTo(published);
    host.reportCheck(cr.id(), "smoke-tests", Check.State.FAILURE);
    assertThat(process().advance(opened.plan()).outcome()).isEqualTo(Outcome.BLOCKED);
    assertThat(host.get(cr.id()).check(ChangeRequestHost.GATES_STATUS).orElseThrow().state())
        .isEqualTo(Check.State.FAILURE);
    assertThat(host.mergeBlockers(cr.id())).isNotEmpty(); // a merge by hand is refused

    host.reportCheck(cr.id(), "smoke-tests", Check.State.SUCCESS);
    PromotionResult merged = process().advance(opened.plan());
    assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(host.statusDescription(head, ChangeRequestHost.GATES_STATUS))
        .contains("every gate passes");
  }

  @Test
  void anotherProcessAbortsAPromotion() {
    PromotionResult opened = openStaging(process(), D1);
    Promoter later = process();
    PendingPromotion pending = later.find(PromotionLookup.parse(opened.plan().id())).orElseThrow();

    PromotionResult aborted = later.abort(pending, ADA, Optional.of("wrong build"));

    assertThat(aborted.outcome()).isEqualTo(Outcome.ABORTED);
    String number = opened.changeRequest().orElseThrow().id();
    assertThat(host.get(number).state()).isEqualTo(ChangeRequest.State.CLOSED);
    assertThat(host.comments(number))
        .containsExactly("Aborted by Ada Lovelace: wrong build (" + opened.plan().id() + ").");
    assertThat(repository.branches("promote/")).isEmpty();
    assertThat(later.find(PromotionLookup.byTarget("staging", APP))).isEmpty();
  }

  @Test
  void aBotMayNotAbortWhereItMayNotDeliver() {
    Pipeline withProduction =
        Pipeline.chain(
            Environment.of("dev", Delivery.DIRECT_COMMIT),
            Environment.of("production", Delivery.CHANGE_REQUEST));
    Application prodApp =
        Application.builder()
            .name(APP)
            .imageRepository(REPO)
            .putLocations("dev", location("dev"))
            .putLocations("production", location("staging"))
            .build();
    Promoter p =
        Promoter.builder()
            .pipeline(withProduction)
            .addApplications(prodApp)
            .configRepository(repository)
            .addOverlayFormats(SimpleImageFormat.create())
            .changeRequestHost(host)
            .clock(clock)
            .build();
    p.promote(PromotionRequest.of(APP, image(D1), "dev", BOT));
    p.promote(PromotionRequest.of(APP, image(D1), "production", ADA));
    PendingPromotion pending = p.find(PromotionLookup.byTarget("production", APP)).orElseThrow();
    assertThatThrownBy(() -> p.abort(pending, BOT, Optional.empty()))
        .isInstanceOf(NotPermittedException.class);
    assertThat(host.open()).hasSize(1);
  }

  @Test
  void aConflictingTargetIsPlannedAgainAndKeepsTheOtherChange() {
    PromotionResult opened = openStaging(process(), D1);
    // someone edits the same overlay on main by hand (a comment line), after the branch was made
    Revision main = repository.head("main").orElseThrow();
    String path = location("staging").path();
    repository.commit(
        CommitRequest.builder()
            .branch("main")
            .parent(main)
            .expectedHead(main)
            .addEdits(new FileEdit(path, "# staging, owned by the platform team\n"))
            .message("docs: say who owns staging\n")
            .author(ADA)
            .time(clock.instant())
            .build());
    PendingPromotion pending =
        process().find(PromotionLookup.byTarget("staging", APP)).orElseThrow();
    assertThat(pending.changeRequest().orElseThrow().mergeability())
        .isEqualTo(ChangeRequest.Mergeability.CONFLICTING);

    PromotionResult updated = process().advance(pending);

    assertThat(updated.outcome()).isEqualTo(Outcome.CHANGE_REQUEST_UPDATED);
    host.reportCheck(opened.changeRequest().orElseThrow().id(), "smoke-tests", Check.State.SUCCESS);
    PromotionResult merged =
        process().advance(process().find(PromotionLookup.byTarget("staging", APP)).orElseThrow());
    assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
    String content = repository.readFile(merged.commit().orElseThrow(), path).orElseThrow();
    assertThat(content).startsWith("# staging, owned by the platform team\n");
    assertThat(process().current("staging", APP).orElseThrow().image()).isEqualTo(image(D1));
  }

  @Test
  void theSameValueChangedToSomethingElseIsAConflictNotAnOverwrite() {
    Promoter p = process();
    PromotionResult opened = openStaging(p, D1);
    // a person sets staging to another digest directly on main
    Revision main = repository.head("main").orElseThrow();
    String path = location("staging").path();
    String other =
        SimpleImageFormat.create()
            .writeImage(
                new dev.gitops.promotion.spi.OverlayFile(
                    path, repository.readFile(main, path).orElseThrow()),
                dev.gitops.promotion.spi.ImageSelector.of(REPO),
                image(D2));
    repository.commit(
        CommitRequest.builder()
            .branch("main")
            .parent(main)
            .expectedHead(main)
            .addEdits(new FileEdit(path, other))
            .message("hotfix: pin staging by hand\n")
            .author(ADA)
            .time(clock.instant())
            .build());
    PendingPromotion pending = p.find(PromotionLookup.parse(opened.plan().id())).orElseThrow();
    assertThatThrownBy(() -> p.advance(pending))
        .isInstanceOf(PromotionConflictException.class)
        .hasMessageContaining("not overwriting it");
    assertThat(p.current("staging", APP).orElseThrow().image()).isEqualTo(image(D2));
  }

  @Test
  void foreignCommitsOnAPromotionBranchBlockItsMerge() {
    PromotionResult opened = openStaging(process(), D1);
    String branch = opened.plan().changeRequestBranch();
    Revision head = repository.head(branch).orElseThrow();
    repository.commit(
        CommitRequest.builder()
            .branch(branch)
            .parent(head)
            .expectedHead(head)
            .addEdits(new FileEdit("apps/api/overlays/staging/extra.txt", "sneaky\n"))
            .message("add something else\n")
            .author(ADA)
            .time(clock.instant())
            .build());
    host.reportCheck(opened.changeRequest().orElseThrow().id(), "smoke-tests", Check.State.SUCCESS);
    PendingPromotion pending = process().find(PromotionLookup.byBranch(branch)).orElseThrow();
    assertThat(pending.problems()).singleElement().asString().contains("did not make");
    PromotionResult r = process().advance(pending);
    assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
    assertThat(host.open()).hasSize(1);
  }

  @Test
  void aLostRaceIsRetriedWithJitteredBackoffAndThenLands() {
    List<Duration> pauses = new ArrayList<>();
    Promoter p =
        process()
            .newBuilder()
            .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
            .sleeper(pauses::add)
            .random(new Random(7))
            .build();
    repository.failNextCommit(new PromotionConflictException("the push lost a race"));
    PromotionResult r = p.promote(PromotionRequest.of(APP, image(D1), "dev", BOT));
    assertThat(r.outcome()).isEqualTo(Outcome.COMMITTED);
    assertThat(pauses)
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofMillis(150)));
  }

  @Test
  void aRollbackNamesWhereItsDigestRanAndWhatItUndoes() {
    Promoter p = process();
    PromotionResult first = p.promote(PromotionRequest.of(APP, image(D1), "dev", BOT));
    p.promote(PromotionRequest.of(APP, image(D2), "dev", BOT));
    p.promote(PromotionRequest.of(APP, image(D3), "dev", BOT));
    CommitInfo d3 = repository.commitInfo(p.current("dev", APP).orElseThrow().commit());

    PromotionPlan back =
        p.planRollback(
            RollbackRequest.builder()
                .environment("dev")
                .application(APP)
                .actor(ADA)
                .reason("5xx after deploy")
                .to(D1)
                .build());

    assertThat(back.commitMessage().subject())
        .isEqualTo("chore(dev): roll back api to " + D1.shortForm());
    assertThat(back.commitMessage().trailer(CommitMessage.ROLLBACK_OF))
        .contains(d3.revision().id());
    assertThat(back.commitMessage().trailer(CommitMessage.PROMOTED_FROM))
        .contains("dev@" + first.commit().orElseThrow().id());
    PromotionResult landed = p.execute(back);
    assertThat(landed.outcome()).isEqualTo(Outcome.COMMITTED);
    assertThat(p.current("dev", APP).orElseThrow().image()).isEqualTo(image(D1));
    // the default target is the image before the current one
    PromotionPlan again =
        p.planRollback(
            RollbackRequest.builder().environment("dev").application(APP).actor(ADA).build());
    assertThat(again.edits().get(0).toImage()).isEqualTo(image(D3));
    assertThatThrownBy(
            () ->
                p.planRollback(
                    RollbackRequest.builder()
                        .environment("dev")
                        .application(APP)
                        .actor(ADA)
                        .to(ImageDigest.parse("sha256:" + "9".repeat(64)))
                        .build()))
        .hasMessageContaining("never ran there");
  }

  @Test
  void stateFilesAreRegeneratedInThePromotionCommit() {
    Promoter p =
        process()
            .newBuilder()
            .stateFiles(state -> List.of(new FileEdit("versions.txt", state.toString() + "\n")))
            .build();
    PromotionResult r = p.promote(PromotionRequest.of(APP, image(D1), "dev", BOT));
    assertThat(repository.readFile(r.commit().orElseThrow(), "versions.txt").orElseThrow())
        .isEqualTo("{dev={api=" + image(D1) + "}, staging={}}\n");
  }

  @Test
  void anEnvironmentMayLiveInARepositoryOfItsOwn() {
    InMemoryConfigRepository stagingRepository = InMemoryConfigRepository.create();
    stagingRepository.init(
        "main", Map.of(location("staging").path(), "# staging\n"), clock.instant());
    FakeChangeRequestHost stagingHost = FakeChangeRequestHost.over(stagingRepository, clock);
    Promoter p =
        process()
            .newBuilder()
            .configRepository("staging", stagingRepository)
            .changeRequestHost("staging", stagingHost)
            .build();
    assertThatThrownBy(() -> p.plan(PromotionRequest.of(APP, image(D1), "staging", ADA)))
        .isInstanceOf(NotPermittedException.class)
        .hasMessageContaining("it is not what upstream 'dev' runs");
    PromotionResult dev = p.promote(PromotionRequest.of(APP, image(D1), "dev", BOT));
    PromotionResult opened = p.promote(PromotionRequest.of(APP, image(D1), "staging", ADA));

    assertThat(opened.changeRequest()).isPresent();
    assertThat(stagingHost.open()).hasSize(1);
    assertThat(host.open()).isEmpty();
    assertThat(opened.plan().commitMessage().trailer(CommitMessage.PROMOTED_FROM))
        .contains("dev@" + dev.commit().orElseThrow().id());
    assertThat(stagingRepository.branches("promote/staging/")).hasSize(1);
    assertThat(repository.branches("promote/")).isEmpty();
  }
}
