package dev.gitops.promotion.testkit;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionException;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link ConfigRepository} in memory: files per revision, commits with author, time and message
 * (trailers included), branches, history, and compare-and-swap on branch heads. It behaves as a Git
 * repository does through the port, and passes {@link ConfigRepositoryContract}.
 *
 * <pre>{@code
 * InMemoryConfigRepository repo = InMemoryConfigRepository.create();
 * Revision root = repo.init("main", Map.of("apps/api/overlays/dev/image.txt", "image: ..."), clock.instant());
 * }</pre>
 *
 * <p>Like Git: commit ids are 40 hex digits derived from the content (the same commit made twice
 * has the same id, so simulations are deterministic), times are kept to the second, and a commit
 * that does not change any file is still a commit. Strict: unknown revisions, paths that leave the
 * repository and a branch that is not where the caller expects are refused, and nothing is written
 * then. Thread-safe.
 */
public final class InMemoryConfigRepository implements ConfigRepository {

  /** The author of {@link #init(String, Map, Instant)} commits. */
  public static final Actor SEED_AUTHOR = Actor.bot("Config Seed", "seed@config.invalid");

  // A commit keeps only the files it changed (delta) and its parent; every SNAPSHOT_EVERY-th commit
  // of a chain also keeps all files, so reads walk a few commits at most and memory grows with
  // the changes, not with files times commits.
  private static final int SNAPSHOT_EVERY = 32;

  private static final class Commit {
    final CommitInfo info;
    final Commit parent;
    final Map<String, String> delta;
    final Map<String, String> snapshot; // null unless this commit keeps all files
    final int depth; // commits since the nearest snapshot

    Commit(
        CommitInfo info, Commit parent, Map<String, String> delta, Map<String, String> snapshot) {
      this.info = info;
      this.parent = parent;
      this.delta = delta;
      this.snapshot = snapshot;
      this.depth = snapshot != null ? 0 : parent.depth + 1;
    }

    String file(String path) {
      for (Commit c = this; ; c = c.parent) {
        String content = c.delta.get(path);
        if (content != null) {
          return content;
        }
        if (c.snapshot != null) {
          return c.snapshot.get(path);
        }
      }
    }

    Map<String, String> files() {
      if (snapshot != null) {
        return snapshot;
      }
      List<Commit> chain = new ArrayList<>();
      Commit c = this;
      for (; c.snapshot == null; c = c.parent) {
        chain.add(c);
      }
      Map<String, String> all = new HashMap<>(c.snapshot);
      for (int i = chain.size() - 1; i >= 0; i--) {
        all.putAll(chain.get(i).delta);
      }
      return all;
    }
  }

  private final Map<String, Commit> commits = new HashMap<>();
  private final Map<String, Revision> branches = new HashMap<>();
  private PromotionException nextFailure;

  private InMemoryConfigRepository() {}

  /** An empty repository: no commits, no branches. */
  public static InMemoryConfigRepository create() {
    return new InMemoryConfigRepository();
  }

  /**
   * Creates {@code branch} with a root commit holding exactly {@code files}.
   *
   * @throws PromotionConflictException when the branch exists already
   */
  public synchronized Revision init(
      String branch, Map<String, String> files, Actor author, Instant time, String message) {
    Objects.requireNonNull(branch, "branch");
    if (branches.containsKey(branch)) {
      throw new PromotionConflictException(
          "branch '" + branch + "' exists already at " + branches.get(branch).abbreviated());
    }
    List<FileEdit> edits = new ArrayList<>();
    new TreeMap<>(files).forEach((p, c) -> edits.add(new FileEdit(p, c)));
    Commit commit = write(null, edits, author, time, message);
    branches.put(branch, commit.info.revision());
    return commit.info.revision();
  }

  /** {@link #init(String, Map, Actor, Instant, String)} by {@link #SEED_AUTHOR}. */
  public Revision init(String branch, Map<String, String> files, Instant time) {
    return init(branch, files, SEED_AUTHOR, time, "Initial commit\n");
  }

  /**
   * Creates {@code branch} at {@code revision}, as {@code git branch name revision} does.
   *
   * @throws PromotionConflictException when the branch exists already
   * @throws InvalidInputException when the revision is unknown
   */
  public synchronized void createBranch(String branch, Revision revision) {
    require(revision);
    if (branches.containsKey(branch)) {
      throw new PromotionConflictException("branch '" + branch + "' exists already");
    }
    branches.put(branch, revision);
  }

  /** Every branch and where it points, sorted by name. */
  public synchronized SortedMap<String, Revision> branches() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(branches));
  }

  /** Every file at {@code revision}, sorted by path. */
  public synchronized SortedMap<String, String> files(Revision revision) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(require(revision).files()));
  }

  /** How many commits the repository holds, on any branch or none. */
  public synchronized int commitCount() {
    return commits.size();
  }

  /**
   * The first-parent history of {@code branch}, newest first.
   *
   * @throws InvalidInputException when there is no such branch
   */
  public synchronized List<CommitInfo> history(String branch) {
    Revision head = branches.get(branch);
    if (head == null) {
      throw new InvalidInputException(
          "no branch '" + branch + "'; branches: " + new TreeMap<>(branches).keySet());
    }
    List<CommitInfo> out = new ArrayList<>();
    for (Commit c = require(head); c != null; c = parentOf(c)) {
      out.add(c.info);
    }
    return out;
  }

  /**
   * Makes the next {@link #commit(CommitRequest)} throw {@code failure} and write nothing, to
   * simulate a push that fails (a {@link dev.gitops.promotion.RemoteUnavailableException}, for
   * example). One failure per call.
   */
  public synchronized void failNextCommit(PromotionException failure) {
    this.nextFailure = Objects.requireNonNull(failure, "failure");
  }

  @Override
  public synchronized List<String> branches(String prefix) {
    return new TreeMap<>(branches).keySet().stream().filter(b -> b.startsWith(prefix)).toList();
  }

  @Override
  public synchronized void deleteBranch(String branch, Revision expectedHead) {
    Revision current = branches.get(Objects.requireNonNull(branch, "branch"));
    if (current == null) {
      return;
    }
    if (!current.equals(expectedHead)) {
      throw new PromotionConflictException(
          "branch '"
              + branch
              + "' is at "
              + current.abbreviated()
              + ", not at "
              + expectedHead.abbreviated()
              + "; it was not deleted");
    }
    branches.remove(branch);
  }

  @Override
  public synchronized Optional<Revision> head(String branch) {
    return Optional.ofNullable(branches.get(Objects.requireNonNull(branch, "branch")));
  }

  @Override
  public synchronized Optional<String> readFile(Revision revision, String path) {
    Commit c = require(revision);
    String content = c.file(Objects.requireNonNull(path, "path"));
    if (content != null) {
      return Optional.of(content); // a stored path was checked when it was written
    }
    OverlayLocation.checkPath(path);
    return Optional.empty();
  }

  @Override
  public synchronized Revision commit(CommitRequest request) {
    Objects.requireNonNull(request, "request");
    if (nextFailure != null) {
      PromotionException f = nextFailure;
      nextFailure = null;
      throw f;
    }
    Commit parent = require(request.parent());
    Optional<Revision> current = Optional.ofNullable(branches.get(request.branch()));
    if (!current.equals(request.expectedHead())) {
      throw new PromotionConflictException(
          "branch '"
              + request.branch()
              + "' is "
              + current.map(r -> "at " + r.abbreviated()).orElse("absent")
              + ", expected "
              + request.expectedHead().map(r -> "at " + r.abbreviated()).orElse("absent")
              + "; nothing was written: re-read the branch and try again");
    }
    Commit commit =
        write(parent, request.edits(), request.author(), request.time(), request.message());
    branches.put(request.branch(), commit.info.revision());
    return commit.info.revision();
  }

  @Override
  public synchronized List<CommitInfo> log(Revision from, String path, int limit) {
    OverlayLocation.checkPath(path);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    List<CommitInfo> out = new ArrayList<>();
    for (Commit c = require(from); c != null && out.size() < limit; c = parentOf(c)) {
      if (changed(c, path)) {
        out.add(c.info);
      }
    }
    return out;
  }

  @Override
  public synchronized CommitInfo commitInfo(Revision revision) {
    return require(revision).info;
  }

  @Override
  public synchronized List<String> changedPaths(Revision from, Revision to) {
    Map<String, String> a = require(from).files();
    Map<String, String> b = require(to).files();
    TreeSet<String> paths = new TreeSet<>();
    a.forEach(
        (p, c) -> {
          if (!c.equals(b.get(p))) {
            paths.add(p);
          }
        });
    b.forEach(
        (p, c) -> {
          if (!c.equals(a.get(p))) {
            paths.add(p);
          }
        });
    return List.copyOf(paths);
  }

  @Override
  public synchronized boolean isAncestor(Revision ancestor, Revision descendant) {
    require(ancestor);
    for (Commit c = require(descendant); c != null; c = parentOf(c)) {
      if (c.info.revision().equals(ancestor)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized String toString() {
    return "InMemoryConfigRepository" + new TreeMap<>(branches);
  }

  // Deltas hold real changes only (unchanged rewrites are dropped when a commit is written).
  private static boolean changed(Commit c, String path) {
    return c.delta.containsKey(path) || containsBelow(c.delta, path);
  }

  private static boolean containsBelow(Map<String, String> files, String directory) {
    String prefix = directory + "/";
    for (String p : files.keySet()) {
      if (p.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static Commit parentOf(Commit c) {
    return c.parent;
  }

  private Commit require(Revision revision) {
    Objects.requireNonNull(revision, "revision");
    Commit c = commits.get(revision.id());
    if (c == null) {
      throw new InvalidInputException(
          "unknown revision '" + revision.id() + "' in the in-memory config repository");
    }
    return c;
  }

  private Commit write(
      Commit parent, List<FileEdit> edits, Actor author, Instant time, String message) {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(message, "message");
    Instant seconds = time.truncatedTo(ChronoUnit.SECONDS); // Git keeps seconds
    Map<String, String> delta = new HashMap<>();
    StringBuilder key = new StringBuilder(256);
    key.append("parent ").append(parent == null ? "-" : parent.info.revision().id()).append('\n');
    for (FileEdit e : edits) {
      delta.put(e.path(), e.content());
      key.append("file ").append(e.path()).append('\n').append(e.content().length()).append('\n');
      key.append(e.content()).append('\n');
    }
    if (parent != null) {
      delta.entrySet().removeIf(en -> en.getValue().equals(parent.file(en.getKey())));
    }
    key.append("author ").append(author).append(' ').append(seconds).append('\n').append(message);
    Revision id = Revision.of(sha1(key.toString()));
    Commit existing = commits.get(id.id());
    if (existing != null) {
      return existing; // the very same commit, made again: Git would find the same object
    }
    CommitInfo info =
        CommitInfo.builder()
            .revision(id)
            .parents(parent == null ? List.of() : List.of(parent.info.revision()))
            .authorName(author.name())
            .authorEmail(author.email())
            .time(seconds)
            .message(message)
            .build();
    Map<String, String> snapshot = null;
    if (parent == null || parent.depth + 1 >= SNAPSHOT_EVERY) {
      Map<String, String> all = parent == null ? new HashMap<>() : new HashMap<>(parent.files());
      all.putAll(delta);
      snapshot = Collections.unmodifiableMap(all);
    }
    Commit commit = new Commit(info, parent, Collections.unmodifiableMap(delta), snapshot);
    commits.put(id.id(), commit);
    return commit;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
