package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.ADA;
import static dev.gitops.promotion.git.Fixture.BOT;
import static dev.gitops.promotion.git.Fixture.git;
import static dev.gitops.promotion.git.Fixture.overlay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.RetryPolicy;
import dev.gitops.promotion.RollbackRequest;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core promoter's lifecycle over real JGit clones of a bare remote. */
class PromoterOnJGitTest {
  @TempDir Path tmp;

  private static Promoter.Builder promoter(JGitConfigRepository repo, List<String> apps) {
    return Promoter.builder()
        .configRepository(repo)
        .pipeline(Fixture.pipeline())
        .addApplications(Fixture.apps(apps))
        .addOverlayFormats(new TestFormat())
        .clock(Fixture.CLOCK)
        .random(new Random(42))
        .sleeper(d -> {});
  }

  private JGitConfigRepository clone(Path bare, String name) {
    return JGitConfigRepository.cloneOf(
        bare.toUri().toString(), tmp.resolve(name), GitOptions.defaults());
  }

  @Test
  void promotionCommitsFollowTheSeedConventionWithTrailers() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api", "web"));
    try (JGitConfigRepository repo = clone(bare, "c")) {
      Promoter gp = promoter(repo, List.of("api", "web")).build();
      PromotionResult dev =
          gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      PromotionResult staging =
          gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "staging", ADA));
      assertThat(staging.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
      String shortDigest = Fixture.digest("v2").substring(0, 19);
      assertThat(git(bare, "log", "-1", "--format=%s", "main"))
          .isEqualTo("chore(staging): promote api to " + shortDigest + "\n");
      String trailers = git(bare, "log", "-1", "--format=%(trailers)", "main");
      assertThat(trailers)
          .contains("Promotion-Id: prm-")
          .contains("Promoted-Image: api=ghcr.io/myorg/api@" + Fixture.digest("v2"))
          .contains("Promoted-From: dev@" + dev.commit().orElseThrow().id())
          .contains("Promoted-By: Ada Lovelace <ada@example.com>");
      assertThat(git(bare, "log", "-1", "--format=%an <%ae>", "main"))
          .isEqualTo("Ada Lovelace <ada@example.com>\n");
      assertThat(git(bare, "fsck", "--full", "--strict", "--no-dangling")).isEmpty();
      // a release train: one commit, a summary subject and one line per application
      gp.promote(PromotionRequest.of("web", Fixture.image("web", "web-v2"), "dev", BOT));
      gp.promote(PromotionRequest.of("web", Fixture.image("web", "web-v2"), "staging", ADA));
      PromotionResult train =
          gp.promote(
              PromotionRequest.builder()
                  .putImages("api", Fixture.image("api", "v2"))
                  .putImages("web", Fixture.image("web", "web-v2"))
                  .targetEnvironment("production")
                  .actor(ADA)
                  .build());
      assertThat(train.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
      assertThat(git(bare, "log", "-1", "--format=%B", "main"))
          .startsWith("chore(production): promote 2 applications\n\n- api to ")
          .contains("- web to " + Fixture.digest("web-v2").substring(0, 19))
          .contains("Promoted-Image: web=ghcr.io/myorg/web@" + Fixture.digest("web-v2"));
    }
  }

  @Test
  void aMovedRemoteIsFetchedReplannedAndRetried() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api", "web"));
    try (JGitConfigRepository a = clone(bare, "a");
        JGitConfigRepository b = clone(bare, "b")) {
      List<Duration> waited = new ArrayList<>();
      Promoter pa = promoter(a, List.of("api", "web")).sleeper(waited::add).build();
      Promoter pb = promoter(b, List.of("api", "web")).build();
      PromotionPlan planned =
          pa.plan(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      // someone else lands first, on another application, and also edits api's file
      PromotionResult other =
          pb.promote(PromotionRequest.of("web", Fixture.image("web", "web-v2"), "dev", BOT));
      PromotionResult mine = pa.execute(planned);
      assertThat(mine.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
      assertThat(mine.plan().baseRevision()).isEqualTo(other.commit().orElseThrow());
      assertThat(waited).hasSize(1);
      assertThat(waited.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
      assertThat(git(bare, "log", "--format=%s", "-2", "main").lines().toList())
          .containsExactly(
              "chore(dev): promote api to " + Fixture.digest("v2").substring(0, 19),
              "chore(dev): promote web to " + Fixture.digest("web-v2").substring(0, 19));
      assertThat(git(bare, "show", "main:" + overlay("web", "dev")))
          .contains(Fixture.digest("web-v2"));
      assertThat(git(bare, "show", "main:" + overlay("api", "dev"))).contains(Fixture.digest("v2"));
    }
  }

  @Test
  void theSameValueChangedInBetweenIsATypedConflictNotAnOverwrite() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    try (JGitConfigRepository a = clone(bare, "a");
        JGitConfigRepository b = clone(bare, "b")) {
      Promoter pa = promoter(a, List.of("api")).build();
      Promoter pb = promoter(b, List.of("api")).build();
      PromotionPlan planned =
          pa.plan(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      pb.promote(PromotionRequest.of("api", Fixture.image("api", "v3"), "dev", ADA));
      String remoteBefore = git(bare, "rev-parse", "main");
      assertThatThrownBy(() -> pa.execute(planned))
          .isInstanceOf(PromotionConflictException.class)
          .hasMessageContaining("api in 'dev' was changed from")
          .hasMessageContaining(Fixture.digest("v3").substring(0, 19))
          .hasMessageContaining("Ada Lovelace");
      assertThat(git(bare, "rev-parse", "main")).isEqualTo(remoteBefore);
      assertThat(git(bare, "show", "main:" + overlay("api", "dev"))).contains(Fixture.digest("v3"));
      // the same promotion landed by someone else is not a conflict: nothing to do
      PromotionPlan again =
          pa.plan(PromotionRequest.of("api", Fixture.image("api", "v4"), "dev", BOT));
      pb.promote(PromotionRequest.of("api", Fixture.image("api", "v4"), "dev", ADA));
      assertThat(pa.execute(again).outcome()).isEqualTo(PromotionResult.Outcome.NOTHING_TO_DO);
      assertThat(git(bare, "log", "--format=%an", "-1", "main")).isEqualTo("Ada Lovelace\n");
    }
  }

  @Test
  void rollbackPromotesThePreviousDigestWithItsOwnCommit() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    try (JGitConfigRepository repo = clone(bare, "c")) {
      Promoter gp = promoter(repo, List.of("api")).build();
      gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      PromotionResult v2 =
          gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "staging", ADA));
      gp.promote(PromotionRequest.of("api", Fixture.image("api", "v3"), "dev", BOT));
      PromotionResult v3 =
          gp.promote(PromotionRequest.of("api", Fixture.image("api", "v3"), "staging", ADA));
      PromotionResult back =
          gp.rollback(
              RollbackRequest.builder()
                  .environment("staging")
                  .application("api")
                  .actor(ADA)
                  .reason("5xx spike after v3")
                  .build());
      assertThat(back.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
      PromotionRecord now = gp.current("staging", "api").orElseThrow();
      assertThat(now.image()).isEqualTo(Fixture.image("api", "v2"));
      assertThat(now.commit()).isEqualTo(back.commit().orElseThrow());
      String msg = git(bare, "log", "-1", "--format=%B", "main");
      assertThat(msg)
          .startsWith("chore(staging): roll back api to " + Fixture.digest("v2").substring(0, 19))
          .contains("5xx spike after v3")
          .contains("Rollback-Of: " + v3.commit().orElseThrow().id())
          // provenance that is true: where v2 really ran, not what upstream runs now
          .contains("Promoted-From: staging@" + v2.commit().orElseThrow().id())
          .contains("Promoted-Image: api=ghcr.io/myorg/api@" + Fixture.digest("v2"));
      assertThat(gp.history("staging", "api", 10))
          .extracting(PromotionRecord::image)
          .startsWith(
              Fixture.image("api", "v2"), Fixture.image("api", "v3"), Fixture.image("api", "v2"));
      assertThat(CommitMessage.parse(msg).trailer(CommitMessage.ROLLBACK_OF))
          .contains(v3.commit().orElseThrow().id());
    }
  }

  @Test
  void versionsFilesAreRegeneratedInTheSameCommit() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api", "web"));
    try (JGitConfigRepository repo = clone(bare, "c")) {
      Promoter gp =
          promoter(repo, List.of("api", "web")).stateFiles(VersionsFiles.create()).build();
      PromotionResult r =
          gp.promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      Revision c = r.commit().orElseThrow();
      assertThat(repo.changedPaths(repo.commitInfo(c).parents().get(0), c))
          .containsExactly("VERSIONS.md", overlay("api", "dev"), "versions.json");
      String json = repo.readFile(c, "versions.json").orElseThrow();
      assertThat(json)
          .contains("\"dev\": {")
          .contains("\"image\": \"ghcr.io/myorg/api@" + Fixture.digest("v2") + "\"")
          .contains("\"image\": \"ghcr.io/myorg/web@" + Fixture.digest("web-v1") + "\"");
      var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      assertThat(tree.at("/environments/dev/api/digest").asText()).isEqualTo(Fixture.digest("v2"));
      assertThat(tree.at("/environments/production/web/image").asText())
          .isEqualTo("ghcr.io/myorg/web@" + Fixture.digest("web-v1"));
      assertThat(repo.readFile(c, "VERSIONS.md").orElseThrow())
          .contains("## production")
          .contains("| api | `ghcr.io/myorg/api` | `" + Fixture.digest("v2") + "` |");
    }
  }

  @Test
  void aFailureBetweenCommitAndPushLeavesTheRemoteUntouchedAndARetryCompletes() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    Path dir = tmp.resolve("c");
    try (JGitConfigRepository repo = clone(bare, "c")) {
      Promoter gp =
          promoter(repo, List.of("api"))
              .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
              .build();
      PromotionPlan plan =
          gp.plan(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT));
      String remoteBefore = git(bare, "rev-parse", "main");
      String localBefore = git(dir, "rev-parse", "refs/remotes/origin/main");
      // the network goes away after the commit objects are written
      git(dir, "remote", "set-url", "origin", "http://127.0.0.1:9/config.git");
      repo.repository().getConfig().load();
      assertThatThrownBy(() -> gp.execute(plan))
          .isInstanceOfSatisfying(
              RemoteUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue());
      assertThat(git(bare, "rev-parse", "main")).isEqualTo(remoteBefore);
      assertThat(git(dir, "rev-parse", "refs/remotes/origin/main")).isEqualTo(localBefore);
      assertThat(git(dir, "rev-parse", "main")).isEqualTo(localBefore);
      assertThat(git(dir, "fsck", "--full", "--no-dangling")).isEmpty();
      // the network is back: the retry completes, exactly once
      git(dir, "remote", "set-url", "origin", bare.toUri().toString());
      repo.repository().getConfig().load();
      PromotionResult done = gp.execute(plan);
      assertThat(done.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
      assertThat(git(bare, "rev-list", "--count", remoteBefore.strip() + "..main").strip())
          .isEqualTo("1");
      // a second run of the same promotion (an acknowledgement that never arrived) does nothing
      try (JGitConfigRepository stale = clone(bare, "stale")) {
        Promoter again = promoter(stale, List.of("api")).build();
        assertThat(
                again
                    .promote(PromotionRequest.of("api", Fixture.image("api", "v2"), "dev", BOT))
                    .outcome())
            .isEqualTo(PromotionResult.Outcome.NOTHING_TO_DO);
      }
      assertThat(git(bare, "rev-list", "--count", remoteBefore.strip() + "..main").strip())
          .isEqualTo("1");
    }
  }

  @Test
  void eightThreadsPromotingTwoHundredApplicationsLoseNothing() throws Exception {
    int threads = 8;
    int perThread = 25;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < threads * perThread; i++) {
      names.add(String.format("svc-%03d", i));
    }
    Path bare = Fixture.bareRemote(tmp, names);
    String base = git(bare, "rev-parse", "main").strip();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger attempts = new AtomicInteger();
    List<Future<List<Revision>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                List<Revision> landed = new ArrayList<>();
                try (JGitConfigRepository repo = clone(bare, "clone-" + thread)) {
                  Promoter gp =
                      promoter(repo, names)
                          .random(new Random(thread))
                          .retryPolicy(
                              new RetryPolicy(200, Duration.ofMillis(2), Duration.ofMillis(40)))
                          .sleeper(
                              d -> {
                                attempts.incrementAndGet();
                                Sleeper.SYSTEM.sleep(d);
                              })
                          .build();
                  for (int i = 0; i < perThread; i++) {
                    String app = names.get(thread * perThread + i);
                    PromotionResult r =
                        gp.promote(
                            PromotionRequest.of(app, Fixture.image(app, app + "-v2"), "dev", BOT));
                    assertThat(r.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);
                    landed.add(r.commit().orElseThrow());
                  }
                }
                return landed;
              }));
    }
    List<Revision> all = new ArrayList<>();
    for (Future<List<Revision>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();
    assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(git(bare, "rev-list", "--count", "--first-parent", base + "..main").strip())
        .isEqualTo(String.valueOf(threads * perThread));
    assertThat(git(bare, "fsck", "--full", "--no-dangling")).isEmpty();
    String ids =
        git(bare, "log", "--format=%(trailers:key=Promoted-Image,valueonly)", base + "..main");
    for (String app : names) {
      assertThat(ids).containsOnlyOnce(app + "=");
    }
    try (JGitConfigRepository repo = JGitConfigRepository.open(bare)) {
      Promoter ledger = promoter(repo, names).build();
      List<PromotionRecord> dev =
          ledger.state().stream().filter(r -> r.environment().equals("dev")).toList();
      assertThat(dev).hasSize(names.size());
      for (PromotionRecord r : dev) {
        assertThat(r.image()).isEqualTo(Fixture.image(r.application(), r.application() + "-v2"));
        assertThat(all).contains(r.commit());
      }
    }
    assertThat(attempts.get()).isPositive(); // there was contention, and it was resolved
  }
}
