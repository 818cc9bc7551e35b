package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConfigRepository} must have. To run it against an implementation,
 * extend this class in a test and implement {@link #subject(String, Map)}:
 *
 * <pre>{@code
 * class JGitConfigRepositoryContractTest extends ConfigRepositoryContract {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected ConfigRepository subject(String branch, Map<String, String> files) {
 *     return JGitConfigRepository.initWith(dir, branch, files);
 *   }
 * }
 * }</pre>
 *
 * <p>What it pins down: reads at a revision, compare-and-swap commits that write nothing when the
 * branch moved, commit metadata (parents, author, whole-second time, exact message with trailers),
 * {@code git log -- path} semantics, changed paths, ancestry, exact content round trips, and typed
 * errors ({@link InvalidInputException} for unknown revisions and bad paths, {@link
 * PromotionConflictException} for a branch that is not where expected).
 */
public abstract class ConfigRepositoryContract {

  /** The branch the subject is created with. */
  protected static final String MAIN = "main";

  /** The author of the commits the kit makes. */
  protected static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");

  /** The time of the first commit the kit makes; later ones are minutes after it. */
  protected static final Instant T0 = Instant.parse("2025-11-14T09:00:00Z");

  private static final String DEV = "apps/api/overlays/dev/kustomization.yaml";
  private static final String STAGING = "apps/api/overlays/staging/kustomization.yaml";
  private static final String README = "README.md";
  private static final String UNKNOWN_HEX = "0123456789abcdef0123456789abcdef01234567";

  private ConfigRepository repo;
  private Revision root;
  private int minutes;

  /**
   * A fresh repository whose branch {@code branch} holds exactly one commit with exactly {@code
   * files} (UTF-8 text); no other branch.
   */
  protected abstract ConfigRepository subject(String branch, Map<String, String> files);

  @BeforeEach
  void createSubject() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(DEV, "images:\n- name: api\n  digest: sha256:aaa\n");
    files.put(STAGING, "images:\n- name: api\n  digest: sha256:bbb\n");
    files.put(README, "config repository\n");
    repo = subject(MAIN, files);
    root = repo.head(MAIN).orElseThrow(() -> new AssertionError("subject has no branch " + MAIN));
  }

  private Revision commit(
      String branch, Revision parent, Optional<Revision> expected, FileEdit... e) {
    minutes++;
    return repo.commit(
        CommitRequest.builder()
            .branch(branch)
            .parent(parent)
            .expectedHead(expected)
            .addEdits(e)
            .message("change " + minutes + "\n")
            .author(ADA)
            .time(T0.plusSeconds(60L * minutes))
            .build());
  }

  private Revision commitOnMain(FileEdit... edits) {
    Revision head = repo.head(MAIN).orElseThrow();
    return commit(MAIN, head, Optional.of(head), edits);
  }

  @Test
  void theSeededBranchHasAHeadAndAnUnknownBranchHasNone() {
    assertThat(repo.head(MAIN)).contains(root);
    assertThat(repo.head("no-such-branch")).isEmpty();
    assertThat(repo.commitInfo(root).parents()).isEmpty();
  }

  @Test
  void readsFilesAtARevision() {
    assertThat(repo.readFile(root, DEV)).contains("images:\n- name: api\n  digest: sha256:aaa\n");
    assertThat(repo.readFile(root, README)).contains("config repository\n");
    assertThat(repo.readFile(root, "apps/api/overlays/production/kustomization.yaml")).isEmpty();
    assertThat(repo.readFile(root, "apps/api/overlays")).as("a directory is not a file").isEmpty();
  }

  @Test
  void pathsThatLeaveTheRepositoryAreInvalidInput() {
    for (String bad :
        List.of("../outside", "/etc/passwd", "apps/../../x", "apps//x", ".git/config")) {
      assertThatThrownBy(() -> repo.readFile(root, bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void unknownRevisionsAreInvalidInput() {
    for (Revision unknown : List.of(Revision.of(UNKNOWN_HEX), Revision.of("no-such-commit"))) {
      assertThatThrownBy(() -> repo.readFile(unknown, README))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> repo.commitInfo(unknown)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> repo.log(unknown, README, 10))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> repo.changedPaths(root, unknown))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> repo.isAncestor(unknown, root))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void aCommitMovesTheBranchAndKeepsTheFilesItDoesNotTouch() {
    Revision next = commitOnMain(new FileEdit(DEV, "images:\n- name: api\n  digest: sha256:ccc\n"));

    assertThat(next).isNotEqualTo(root);
    assertThat(repo.head(MAIN)).contains(next);
    assertThat(repo.readFile(next, DEV)).contains("images:\n- name: api\n  digest: sha256:ccc\n");
    assertThat(repo.readFile(next, STAGING)).isEqualTo(repo.readFile(root, STAGING));
    assertThat(repo.readFile(next, README)).contains("config repository\n");
    assertThat(repo.readFile(root, DEV))
        .as("an old revision never changes")
        .contains("images:\n- name: api\n  digest: sha256:aaa\n");
  }

  @Test
  void aCommitCanAddFilesInNewDirectories() {
    String path = "apps/web/overlays/dev/kustomization.yaml";
    Revision next = commitOnMain(new FileEdit(path, "images: []\n"));
    assertThat(repo.readFile(next, path)).contains("images: []\n");
    assertThat(repo.readFile(root, path)).isEmpty();
  }

  @Test
  void commitInfoTellsParentsAuthorTimeAndTheExactMessage() {
    CommitMessage message =
        new CommitMessage(
            "chore(dev): promote api to sha256:ccc",
            "Smoke tests green.",
            List.of(
                new CommitMessage.Trailer(CommitMessage.PROMOTION_ID, "prm-0123456789abcdef"),
                new CommitMessage.Trailer(CommitMessage.APPROVED_BY, "bob"),
                new CommitMessage.Trailer(CommitMessage.APPROVED_BY, "carol")));
    Instant time = T0.plusSeconds(3600);
    Revision next =
        repo.commit(
            CommitRequest.builder()
                .branch(MAIN)
                .parent(root)
                .expectedHead(root)
                .addEdits(new FileEdit(DEV, "x\n"))
                .message(message.render())
                .author(ADA)
                .time(time)
                .build());

    CommitInfo info = repo.commitInfo(next);
    assertThat(info.revision()).isEqualTo(next);
    assertThat(info.parents()).containsExactly(root);
    assertThat(info.authorName()).isEqualTo(ADA.name());
    assertThat(info.authorEmail()).isEqualTo(ADA.email());
    assertThat(info.time()).isEqualTo(time);
    assertThat(info.message()).isEqualTo(message.render());
    assertThat(info.parsedMessage().trailerValues(CommitMessage.APPROVED_BY))
        .containsExactly("bob", "carol");
  }

  @Test
  void aStaleExpectedHeadIsAConflictAndWritesNothing() {
    Revision moved = commitOnMain(new FileEdit(DEV, "moved\n"));

    assertThatThrownBy(() -> commit(MAIN, root, Optional.of(root), new FileEdit(DEV, "lost\n")))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(repo.head(MAIN)).contains(moved);
    assertThat(repo.readFile(moved, DEV)).contains("moved\n");
    assertThat(repo.log(moved, DEV, 10)).hasSize(2);
  }

  @Test
  void anEmptyExpectedHeadCreatesABranchAndRefusesAnExistingOne() {
    Revision created =
        commit("promote/staging/api", root, Optional.empty(), new FileEdit(DEV, "a\n"));
    assertThat(repo.head("promote/staging/api")).contains(created);
    assertThat(repo.head(MAIN)).as("main did not move").contains(root);

    assertThatThrownBy(
            () -> commit("promote/staging/api", root, Optional.empty(), new FileEdit(DEV, "b\n")))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(repo.head("promote/staging/api")).contains(created);
  }

  @Test
  void anExpectedHeadOnAMissingBranchIsAConflict() {
    assertThatThrownBy(() -> commit("nope", root, Optional.of(root), new FileEdit(DEV, "a\n")))
        .isInstanceOf(PromotionConflictException.class);
    assertThat(repo.head("nope")).isEmpty();
  }

  @Test
  void aCommitCanMoveABranchOntoAnotherParent() {
    // how a promotion re-plans its own branch: new commit on the new base, branch moved from old
    String branch = "promote/staging/api-0123456789ab";
    Revision first = commit(branch, root, Optional.empty(), new FileEdit(STAGING, "first\n"));
    Revision newBase = commitOnMain(new FileEdit(README, "newer\n"));

    Revision second =
        commit(branch, newBase, Optional.of(first), new FileEdit(STAGING, "second\n"));

    assertThat(repo.head(branch)).contains(second);
    assertThat(repo.commitInfo(second).parents()).containsExactly(newBase);
    assertThat(repo.isAncestor(first, second)).isFalse();
    assertThat(repo.readFile(second, README)).contains("newer\n");
  }

  @Test
  void anUnknownParentIsInvalidInputAndWritesNothing() {
    assertThatThrownBy(
            () ->
                commit(MAIN, Revision.of(UNKNOWN_HEX), Optional.of(root), new FileEdit(DEV, "a\n")))
        .isInstanceOf(InvalidInputException.class);
    assertThat(repo.head(MAIN)).contains(root);
  }

  @Test
  void logListsTheCommitsThatChangedAPathNewestFirst() {
    Revision a = commitOnMain(new FileEdit(DEV, "one\n"));
    commitOnMain(new FileEdit(STAGING, "other file\n"));
    Revision c = commitOnMain(new FileEdit(DEV, "two\n"));
    commitOnMain(new FileEdit(DEV, "two\n")); // same content: not a change of the path
    Revision head = repo.head(MAIN).orElseThrow();

    assertThat(revisions(repo.log(head, DEV, 10))).containsExactly(c, a, root);
    assertThat(revisions(repo.log(head, DEV, 2))).containsExactly(c, a);
    assertThat(revisions(repo.log(a, DEV, 10))).containsExactly(a, root);
    assertThat(repo.log(head, "apps/api/overlays/production/kustomization.yaml", 10)).isEmpty();
    assertThat(repo.log(head, DEV, 10).get(0).message()).isEqualTo(repo.commitInfo(c).message());
  }

  @Test
  void logOfADirectoryListsChangesBelowIt() {
    Revision a = commitOnMain(new FileEdit(DEV, "one\n"));
    commitOnMain(new FileEdit(README, "two\n"));
    Revision head = repo.head(MAIN).orElseThrow();
    assertThat(revisions(repo.log(head, "apps/api/overlays/dev", 10))).containsExactly(a, root);
  }

  @Test
  void changedPathsAreSortedAndSymmetric() {
    Revision next =
        commitOnMain(
            new FileEdit(STAGING, "changed\n"),
            new FileEdit(DEV, "changed\n"),
            new FileEdit("apps/new/file.txt", "new\n"),
            new FileEdit(README, "config repository\n")); // unchanged content
    assertThat(repo.changedPaths(root, next))
        .containsExactly(
            "apps/api/overlays/dev/kustomization.yaml",
            "apps/api/overlays/staging/kustomization.yaml",
            "apps/new/file.txt");
    assertThat(repo.changedPaths(next, root)).isEqualTo(repo.changedPaths(root, next));
    assertThat(repo.changedPaths(next, next)).isEmpty();
  }

  @Test
  void ancestryFollowsParents() {
    Revision a = commitOnMain(new FileEdit(DEV, "a\n"));
    Revision b = commitOnMain(new FileEdit(DEV, "b\n"));
    Revision side = commit("side", root, Optional.empty(), new FileEdit(README, "side\n"));

    assertThat(repo.isAncestor(b, b)).isTrue();
    assertThat(repo.isAncestor(root, b)).isTrue();
    assertThat(repo.isAncestor(a, b)).isTrue();
    assertThat(repo.isAncestor(b, a)).isFalse();
    assertThat(repo.isAncestor(side, b)).isFalse();
    assertThat(repo.isAncestor(a, side)).isFalse();
    assertThat(repo.isAncestor(root, side)).isTrue();
  }

  @Test
  void contentRoundTripsByteForByte() {
    Map<String, String> samples = new LinkedHashMap<>();
    samples.put("a/crlf.yaml", "images:\r\n- name: api\r\n  newTag: \"1.0\"\r\n");
    samples.put("a/no-newline.yaml", "images: []");
    samples.put("a/unicode.yaml", "# Grüße, 東京, emoji \uD83D\uDE80\nimages: []\n");
    samples.put("a/empty.txt", "");
    samples.put("a/bom.yaml", "\uFEFFimages: []\n");
    List<FileEdit> edits = new ArrayList<>();
    samples.forEach((p, c) -> edits.add(new FileEdit(p, c)));
    Revision next = commitOnMain(edits.toArray(FileEdit[]::new));
    samples.forEach((p, c) -> assertThat(repo.readFile(next, p)).as(p).contains(c));
  }

  @Test
  void concurrentCommitsOnTheSameHeadLetExactlyOneWin() throws Exception {
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String content = "writer " + i + "\n";
        int n = i;
        Callable<Boolean> task =
            () -> {
              start.await();
              try {
                repo.commit(
                    CommitRequest.builder()
                        .branch(MAIN)
                        .parent(root)
                        .expectedHead(root)
                        .addEdits(new FileEdit(DEV, content))
                        .message("writer " + n + "\n")
                        .author(ADA)
                        .time(T0.plusSeconds(n))
                        .build());
                return true;
              } catch (PromotionConflictException e) {
                return false;
              }
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      Revision head = repo.head(MAIN).orElseThrow();
      assertThat(repo.commitInfo(head).parents()).containsExactly(root);
      assertThat(repo.log(head, DEV, 10)).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCommitOnOneBranchLeavesOthersAlone() {
    Revision side = commit("side", root, Optional.empty(), new FileEdit(DEV, "side\n"));
    Revision main = commitOnMain(new FileEdit(DEV, "main\n"));
    assertThat(repo.head("side")).contains(side);
    assertThat(repo.readFile(side, DEV)).contains("side\n");
    assertThat(repo.readFile(main, DEV)).contains("main\n");
  }

  private static List<Revision> revisions(List<CommitInfo> log) {
    return log.stream().map(CommitInfo::revision).toList();
  }
}
