package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.git;
import static dev.gitops.promotion.git.Fixture.overlay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitConfigRepositoryTest {
  @TempDir Path tmp;

  @Test
  void commitsWithoutWorkTreeAndGitReadsTheResult() throws Exception {
    Path dir = Fixture.seedRepo(tmp.resolve("r"), List.of("api", "web"));
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Revision head = repo.head("main").orElseThrow();
      String content = Fixture.kustomization("api", Fixture.digest("api-v2"), 2);
      String message =
          new CommitMessage(
                  "chore(dev): promote api to sha256:abc",
                  "",
                  List.of(
                      new CommitMessage.Trailer(CommitMessage.PROMOTION_ID, "prm-1"),
                      new CommitMessage.Trailer(
                          CommitMessage.PROMOTED_IMAGE, "api=" + Fixture.image("api", "api-v2"))))
              .render();
      Revision c =
          repo.commit(
              Fixture.request(head, Optional.of(head))
                  .addEdits(new FileEdit(overlay("api", "dev"), content))
                  .addEdits(new FileEdit("new/dir/file.txt", "hello\n"))
                  .message(message)
                  .build());
      assertThat(repo.head("main")).contains(c);
      assertThat(repo.readFile(c, overlay("api", "dev"))).contains(content);
      assertThat(repo.readFile(head, overlay("api", "dev"))).isNotEqualTo(Optional.of(content));
      // the git CLI agrees: fsck is clean, the content and the trailers are there
      assertThat(git(dir, "fsck", "--full", "--strict", "--no-dangling")).isEmpty();
      assertThat(git(dir, "show", "main:" + overlay("api", "dev"))).isEqualTo(content);
      assertThat(git(dir, "show", "main:new/dir/file.txt")).isEqualTo("hello\n");
      assertThat(git(dir, "log", "-1", "--format=%(trailers:key=Promotion-Id,valueonly)"))
          .isEqualTo("prm-1\n\n");
      assertThat(git(dir, "log", "-1", "--format=%an <%ae> %aI")).startsWith("Ada Lovelace <ada@");
      assertThat(repo.changedPaths(head, c))
          .containsExactly(overlay("api", "dev"), "new/dir/file.txt");
      assertThat(git(dir, "diff", "--name-only", head.id(), c.id()).strip().split("\n"))
          .containsExactly(overlay("api", "dev"), "new/dir/file.txt");
      assertThat(repo.isAncestor(head, c)).isTrue();
      assertThat(repo.isAncestor(c, head)).isFalse();
      CommitInfo info = repo.commitInfo(c);
      assertThat(info.parents()).containsExactly(head);
      assertThat(info.parsedMessage().trailer(CommitMessage.PROMOTION_ID)).contains("prm-1");
    }
  }

  @Test
  void compareAndSwapRefusesAMovedBranchAndWritesNothing() throws Exception {
    Path dir = Fixture.seedRepo(tmp.resolve("r"), List.of("api"));
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Revision head = repo.head("main").orElseThrow();
      Revision c1 =
          repo.commit(
              Fixture.request(head, Optional.of(head))
                  .addEdits(new FileEdit("a.txt", "1\n"))
                  .message("one\n")
                  .build());
      String objectsBefore = git(dir, "count-objects", "-v");
      assertThatThrownBy(
              () ->
                  repo.commit(
                      Fixture.request(head, Optional.of(head))
                          .addEdits(new FileEdit("a.txt", "2\n"))
                          .message("two\n")
                          .build()))
          .isInstanceOf(PromotionConflictException.class)
          .hasMessageContaining("branch 'main' is at " + c1.abbreviated());
      assertThat(repo.head("main")).contains(c1);
      assertThat(git(dir, "count-objects", "-v")).isEqualTo(objectsBefore);
      // a branch that must not exist yet
      Revision b =
          repo.commit(
              CommitRequest.builder()
                  .from(Fixture.request(head, Optional.empty()).message("x\n").build())
                  .branch("promote/dev/api-0123456789ab")
                  .addEdits(new FileEdit("b.txt", "b\n"))
                  .build());
      assertThat(repo.head("promote/dev/api-0123456789ab")).contains(b);
      assertThatThrownBy(
              () ->
                  repo.commit(
                      CommitRequest.builder()
                          .from(Fixture.request(head, Optional.empty()).message("y\n").build())
                          .branch("promote/dev/api-0123456789ab")
                          .build()))
          .isInstanceOf(PromotionConflictException.class);
      // force-moving the promotion's own branch onto another base, with the lease
      Revision moved =
          repo.commit(
              CommitRequest.builder()
                  .from(Fixture.request(c1, Optional.of(b)).message("z\n").build())
                  .branch("promote/dev/api-0123456789ab")
                  .addEdits(new FileEdit("c.txt", "c\n"))
                  .build());
      assertThat(repo.commitInfo(moved).parents()).containsExactly(c1);
      assertThat(repo.head("main")).contains(c1);
    }
  }

  @Test
  void pathsThatLeaveTheRepositoryAreRefused() throws Exception {
    Path dir = Fixture.seedRepo(tmp.resolve("r"), List.of("api"));
    Files.createSymbolicLink(dir.resolve("escape"), Path.of("../../etc"));
    Files.createSymbolicLink(dir.resolve("abs"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(dir.resolve("apps/current"), Path.of("api/overlays"));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "links");
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Revision head = repo.head("main").orElseThrow();
      assertThat(repo.readFile(head, "apps/current/dev/kustomization.yaml"))
          .isEqualTo(repo.readFile(head, overlay("api", "dev")))
          .isPresent();
      assertThatThrownBy(() -> repo.readFile(head, "escape/passwd"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("leaves the repository");
      assertThatThrownBy(() -> repo.readFile(head, "abs"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("absolute path");
      assertThatThrownBy(() -> repo.readFile(head, "../outside.yaml"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> repo.readFile(head, "/etc/passwd"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(
              () ->
                  repo.commit(
                      Fixture.request(head, Optional.of(head))
                          .addEdits(new FileEdit("apps/current/dev/kustomization.yaml", "x\n"))
                          .message("through a link\n")
                          .build()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("symbolic link");
      assertThatThrownBy(() -> new FileEdit("apps/../../x", "y"))
          .isInstanceOf(InvalidInputException.class);
      assertThat(repo.head("main")).contains(head);
      assertThatThrownBy(() -> repo.readFile(Revision.of("0123456789"), "README.md"))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void logFollowsFirstParentsLikeTheGitCli() throws Exception {
    // more applications than HistoryIndex.LAZY_THRESHOLD: apps/ is resolved lazily
    List<String> names = new java.util.ArrayList<>(List.of("a", "b", "c"));
    for (int i = 0; i < 70; i++) {
      names.add("x" + i);
    }
    Path dir = Fixture.seedRepo(tmp.resolve("r"), names);
    Random rnd = new Random(7);
    List<String> files =
        List.of(overlay("a", "dev"), overlay("b", "dev"), overlay("c", "staging"), "README.md");
    for (int i = 0; i < 40; i++) {
      int kind = rnd.nextInt(10);
      if (kind == 0) {
        // a change-request style merge made with the git CLI
        git(dir, "checkout", "-q", "-b", "feature-" + i);
        Fixture.write(dir, files.get(rnd.nextInt(files.size())), "feature " + i + "\n");
        commitAll(dir, "feature " + i);
        git(dir, "checkout", "-q", "main");
        Fixture.write(dir, files.get(rnd.nextInt(files.size())), "main " + i + "\n");
        commitAll(dir, "main " + i);
        if (Fixture.gitResult(
                    dir,
                    "merge",
                    "-q",
                    "--no-ff",
                    "-X",
                    "theirs",
                    "-m",
                    "merge " + i,
                    "feature-" + i)
                .exit()
            != 0) {
          commitAll(dir, "merge " + i);
        }
      } else if (kind == 1) {
        Files.deleteIfExists(dir.resolve(files.get(rnd.nextInt(3))));
        commitAll(dir, "remove " + i);
      } else {
        String f = files.get(rnd.nextInt(files.size()));
        Fixture.write(dir, f, "edit " + i + "\n");
        commitAll(dir, "edit " + i);
      }
    }
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Revision head = repo.head("main").orElseThrow();
      for (String f : files) {
        List<String> ours = repo.log(head, f, 1000).stream().map(c -> c.revision().id()).toList();
        String cli = git(dir, "log", "--first-parent", "--format=%H", "main", "--", f).strip();
        assertThat(ours)
            .as(f)
            .containsExactlyElementsOf(cli.isEmpty() ? List.of() : Arrays.asList(cli.split("\n")));
        assertThat(repo.log(head, f, 2)).hasSize(Math.min(2, ours.size()));
      }
      String dirLog =
          git(dir, "log", "--first-parent", "--format=%H", "main", "--", "apps/a").strip();
      assertThat(repo.log(head, "apps/a", 1000).stream().map(c -> c.revision().id()))
          .containsExactlyElementsOf(Arrays.asList(dirLog.split("\n")));
      // after new commits the index is extended, and still agrees
      Fixture.write(dir, files.get(0), "later\n");
      commitAll(dir, "later");
      Revision later = repo.head("main").orElseThrow();
      assertThat(repo.log(later, files.get(0), 1).get(0).revision()).isEqualTo(later);
    }
  }

  private static void commitAll(Path dir, String message) {
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "--allow-empty", "-m", message);
  }

  @Test
  void thePersistedHistoryIndexIsExtendedOrDroppedAsTheHistoryMoves() throws Exception {
    Path dir = Fixture.seedRepo(tmp.resolve("r"), List.of("api"));
    String f = overlay("api", "dev");
    for (int i = 0; i < 3; i++) {
      Fixture.write(dir, f, "v" + i + "\n");
      commitAll(dir, "v" + i);
    }
    String kept = git(dir, "rev-parse", "HEAD").strip();
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      assertThat(repo.log(repo.head("main").orElseThrow(), f, 100)).hasSize(4);
    }
    assertThat(dir.resolve(".git/promotion/history/" + kept + ".idx")).exists();
    // other tools add commits: the next process extends the stored index
    for (int i = 3; i < 5; i++) {
      Fixture.write(dir, f, "v" + i + "\n");
      commitAll(dir, "v" + i);
    }
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Revision head = repo.head("main").orElseThrow();
      assertThat(repo.log(head, f, 100).stream().map(c -> c.revision().id()))
          .containsExactlyElementsOf(
              Arrays.asList(
                  git(dir, "log", "--first-parent", "--format=%H", "--", f).strip().split("\n")));
    }
    // history is rewritten: the stored heads are no longer on the chain, and are not trusted
    git(dir, "reset", "-q", "--hard", "HEAD~4");
    Fixture.write(dir, f, "rewritten\n");
    commitAll(dir, "rewritten");
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir)) {
      Revision head = repo.head("main").orElseThrow();
      assertThat(repo.log(head, f, 100).stream().map(c -> c.revision().id()))
          .containsExactlyElementsOf(
              Arrays.asList(
                  git(dir, "log", "--first-parent", "--format=%H", "--", f).strip().split("\n")));
      assertThat(repo.readFile(head, f)).contains("rewritten\n");
    }
  }

  @Test
  void remoteModePushesWithLeaseAndSeesOtherPushersAfterFetch() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    String uri = bare.toUri().toString();
    try (JGitConfigRepository a =
            JGitConfigRepository.cloneOf(uri, tmp.resolve("a"), GitOptions.defaults());
        JGitConfigRepository b =
            JGitConfigRepository.cloneOf(uri, tmp.resolve("b"), GitOptions.defaults())) {
      assertThat(a.isRemoteMode()).isTrue();
      Revision base = a.head("main").orElseThrow();
      assertThat(b.head("main")).contains(base);
      Revision fromA =
          a.commit(
              Fixture.request(base, Optional.of(base))
                  .addEdits(new FileEdit("a.txt", "a\n"))
                  .message("from a\n")
                  .build());
      assertThat(git(bare, "rev-parse", "main").strip()).isEqualTo(fromA.id());
      // b has not fetched: its lease is stale, the remote refuses and nothing moves there
      assertThatThrownBy(
              () ->
                  b.commit(
                      Fixture.request(base, Optional.of(base))
                          .addEdits(new FileEdit("b.txt", "b\n"))
                          .message("from b\n")
                          .build()))
          .isInstanceOf(PromotionConflictException.class)
          .hasMessageContaining("no longer at");
      assertThat(git(bare, "rev-parse", "main").strip()).isEqualTo(fromA.id());
      // the rejection fetched: b now sees a's commit and can build on it
      assertThat(b.head("main")).contains(fromA);
      Revision fromB =
          b.commit(
              Fixture.request(fromA, Optional.of(fromA))
                  .addEdits(new FileEdit("b.txt", "b\n"))
                  .message("from b\n")
                  .build());
      assertThat(git(bare, "log", "--format=%s", "-2", "main")).isEqualTo("from b\nfrom a\n");
      assertThat(git(bare, "fsck", "--full", "--no-dangling")).isEmpty();
      a.fetch();
      assertThat(a.head("main")).contains(fromB);
      assertThat(a.readFile(fromB, "b.txt")).contains("b\n");
    }
  }

  @Test
  void shallowCloneReadsTheHeadAndATruncatedHistory() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    Path work = tmp.resolve("seed");
    for (int i = 0; i < 5; i++) {
      Fixture.write(
          work, overlay("api", "dev"), Fixture.kustomization("api", Fixture.digest("v" + i), 1));
      git(work, "commit", "-q", "-am", "v" + i);
    }
    git(work, "push", "-q", bare.toString(), "main");
    try (JGitConfigRepository repo =
        JGitConfigRepository.cloneOf(
            "file://" + bare,
            tmp.resolve("shallow"),
            GitOptions.builder().depth(2).addBranches("main").build())) {
      Revision head = repo.head("main").orElseThrow();
      assertThat(repo.readFile(head, overlay("api", "dev")).orElseThrow())
          .contains(Fixture.digest("v4"));
      assertThat(Files.exists(tmp.resolve("shallow/shallow"))).isTrue();
      List<CommitInfo> log = repo.log(head, overlay("api", "dev"), 100);
      assertThat(log)
          .hasSize(2); // the boundary commit counts as adding the file, as git log shows it
    }
  }

  @Test
  void unreachableRemoteIsATypedRetryableError() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    try (JGitConfigRepository repo =
        JGitConfigRepository.cloneOf(
            bare.toUri().toString(), tmp.resolve("c"), GitOptions.defaults())) {
      Revision head = repo.head("main").orElseThrow();
      git(tmp.resolve("c"), "remote", "set-url", "origin", "http://127.0.0.1:9/nothing.git");
      repo.repository().getConfig().load();
      assertThatThrownBy(
              () ->
                  repo.commit(
                      Fixture.request(head, Optional.of(head))
                          .addEdits(new FileEdit("x.txt", "x\n"))
                          .message("x\n")
                          .build()))
          .isInstanceOfSatisfying(
              RemoteUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue());
      assertThat(repo.head("main")).contains(head);
      assertThat(git(bare, "rev-parse", "main").strip()).isEqualTo(head.id());
      assertThat(git(tmp.resolve("c"), "fsck", "--full", "--no-dangling")).isEmpty();
      assertThat(TokenSource.of("bot", () -> "s3cret-token").toString()).doesNotContain("s3cret");
    }
  }
}
