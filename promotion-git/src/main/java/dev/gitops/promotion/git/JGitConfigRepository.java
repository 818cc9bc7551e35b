package dev.gitops.promotion.git;

import dev.gitops.promotion.BranchNames;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.git.internal.CommitWriter;
import dev.gitops.promotion.git.internal.Connection;
import dev.gitops.promotion.git.internal.FastHistory;
import dev.gitops.promotion.git.internal.HistoryIndex;
import dev.gitops.promotion.git.internal.HistoryIndexes;
import dev.gitops.promotion.git.internal.PathLog;
import dev.gitops.promotion.git.internal.RefUpdates;
import dev.gitops.promotion.git.internal.StorageFailures;
import dev.gitops.promotion.git.internal.TreeReader;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.PathHistory;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The config repository on JGit. Commits are written straight into the object database (blobs, the
 * trees on the edited paths, the commit), so bulk promotions never touch a work tree.
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li><b>local</b> ({@link GitOptions#remote()} empty): branch heads are {@code refs/heads/*} of
 *       this repository, moved with a locked compare-and-swap.
 *   <li><b>remote</b> (a clone, or {@code remote("origin")}): branch heads are the remote-tracking
 *       refs as of the last {@link #fetch()}, and {@link #commit} pushes with the expected old id
 *       (a push with lease): the remote branch moves only if it is still where the request expects.
 *       The local refs move only once the push is known to have landed; a failure in between leaves
 *       unreferenced objects and nothing else, and a retry after {@link #fetch()} completes it.
 * </ul>
 *
 * <p>In a repository with a work tree, a commit moves the branch but not the checked-out files
 * (nothing touches the work tree): run {@code git reset --hard} there before editing by hand, or
 * work in a bare clone as {@link #cloneOf} makes.
 *
 * <p>History queries follow first parents ({@code git log --first-parent -- <path>}), so a merged
 * change request shows as its merge commit. They are answered from an index of the first-parent
 * chain that is built once per head and extended as the head moves, and that reads trees, not
 * messages, so commits made by hand or by other tools are seen as they are.
 *
 * <pre>{@code
 * try (JGitConfigRepository repo = JGitConfigRepository.cloneOf(
 *     "https://git.example.com/myorg/gitops-config.git", Path.of("/tmp/config"),
 *     GitOptions.builder().tokenSource(TokenSource.environment("CONFIG_REPO_TOKEN")).build())) {
 *   Promoter promoter = Promoter.builder().configRepository(repo) ... .build();
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance may serve several threads.
 */
public final class JGitConfigRepository implements ConfigRepository, AutoCloseable {
  private final Repository repo;
  private final GitOptions options;
  private final Connection connection;
  private final RefUpdates refs;
  private final TreeReader trees;
  private final HistoryIndexes indexes;
  private final CommitWriter writer;
  private final FastHistory history;

  private JGitConfigRepository(Repository repo, GitOptions options) {
    this.repo = repo;
    this.options = options;
    this.connection = new Connection(repo, options);
    this.refs = new RefUpdates(repo, connection, options.depth());
    this.trees = new TreeReader(repo);
    this.indexes = new HistoryIndexes(repo, options.threads(), options.persistHistoryIndex());
    try {
      this.writer = new CommitWriter(repo, trees, options.packThreshold(), options.signing());
    } catch (RuntimeException e) {
      repo.close(); // the signer is missing: nothing was opened for the caller to close
      throw e;
    }
    this.history = new FastHistory(repo, indexes, trees, options.threads(), this::readFile);
  }

  /**
   * Opens the repository at {@code directory} (a work tree or a bare repository) in local mode.
   *
   * @throws InvalidInputException when there is no Git repository there
   */
  public static JGitConfigRepository open(Path directory) {
    return open(directory, GitOptions.defaults());
  }

  /**
   * Opens the repository at {@code directory} with these options (remote mode when {@link
   * GitOptions#remote()} is set).
   *
   * @throws InvalidInputException when there is no Git repository there or no such remote
   */
  public static JGitConfigRepository open(Path directory, GitOptions options) {
    return new JGitConfigRepository(Connection.open(directory), options);
  }

  /**
   * Clones {@code uri} into {@code directory} as a bare repository (commits need no work tree) and
   * opens it in remote mode. Honours {@link GitOptions#depth()} (shallow clone) and {@link
   * GitOptions#branches()}; uses the token source for HTTPS and the SSH options for SSH.
   *
   * @throws RemoteUnavailableException when the remote cannot be reached or refuses access
   */
  public static JGitConfigRepository cloneOf(String uri, Path directory, GitOptions options) {
    GitOptions opts =
        options.remote().isPresent() ? options : options.toBuilder().remote("origin").build();
    Connection.cloneBare(uri, directory, opts);
    JGitConfigRepository repo = open(directory, opts);
    repo.fetch();
    return repo;
  }

  /** The JGit repository underneath, for callers that need more than this class offers. */
  public Repository repository() {
    return repo;
  }

  /** The options this repository was opened with. */
  public GitOptions options() {
    return options;
  }

  /** Whether commits are pushed to a remote (remote mode). */
  public boolean isRemoteMode() {
    return connection.remote().isPresent();
  }

  /**
   * Fetches every branch (or {@link GitOptions#branches()} plus the promotion branches) from the
   * remote, so that {@link #head} sees the remote's current heads.
   *
   * @throws IllegalStateException in local mode
   * @throws RemoteUnavailableException when the remote cannot be reached
   */
  public void fetch() {
    refs.fetch();
  }

  @Override
  public Optional<Revision> head(String branch) {
    ObjectId at = refs.current(branch);
    return ObjectId.zeroId().equals(at) ? Optional.empty() : Optional.of(Revision.of(at.name()));
  }

  @Override
  public Optional<String> readFile(Revision revision, String path) {
    OverlayLocation.checkPath(path);
    try (ObjectReader reader = repo.newObjectReader()) {
      Optional<ObjectId> blob = indexes.fileAt(reader, trees.id(revision), path);
      if (blob.isEmpty()) {
        blob = trees.fileAt(reader, trees.treeOf(reader, revision), path);
      }
      return blob.isEmpty() ? Optional.empty() : Optional.of(trees.text(reader, blob.get()));
    } catch (IOException e) {
      throw StorageFailures.of(repo, "reading " + path + " at " + revision, e);
    }
  }

  @Override
  public Revision commit(CommitRequest request) {
    String branch = request.branch();
    BranchNames.check(branch);
    ObjectId expected = request.expectedHead().map(trees::id).orElse(ObjectId.zeroId());
    refs.checkAt(branch, expected);
    ObjectId commitId = writer.write(request);
    refs.move(branch, commitId, expected);
    return Revision.of(commitId.name());
  }

  @Override
  public List<CommitInfo> log(Revision from, String path, int limit) {
    OverlayLocation.checkPath(path);
    if (limit <= 0) {
      return List.of();
    }
    return PathLog.of(repo, historyIndex(id(from)), path, limit, this::commitInfo);
  }

  @Override
  public CommitInfo commitInfo(Revision revision) {
    return commitInfo(id(revision));
  }

  @Override
  public List<String> changedPaths(Revision from, Revision to) {
    return trees.changedPaths(from, to);
  }

  @Override
  public boolean isAncestor(Revision ancestor, Revision descendant) {
    return trees.isAncestor(ancestor, descendant);
  }

  @Override
  public List<String> branches(String prefix) {
    return refs.branches(prefix);
  }

  @Override
  public void deleteBranch(String branch, Revision expectedHead) {
    refs.delete(branch, trees.id(expectedHead));
  }

  /** In remote mode, {@link #fetch()}; a local repository is always current. */
  @Override
  public void refresh() {
    if (isRemoteMode()) {
      fetch();
    }
  }

  /**
   * Offers {@link PathHistory}: history read through the first-parent index, in parallel over
   * {@link GitOptions#threads()}.
   */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return type == PathHistory.class ? Optional.of(type.cast(history)) : Optional.empty();
  }

  /** Closes the repository and the indexing threads. */
  @Override
  public void close() {
    indexes.close();
    repo.close();
  }

  @Override
  public String toString() {
    return "JGitConfigRepository["
        + repo.getDirectory()
        + connection
            .remote()
            .map(r -> ", remote " + r + " at " + connection.remoteHost())
            .orElse(", local")
        + "]";
  }

  // ---- package-private, for the fast path history ----

  HistoryIndex historyIndex(ObjectId head) {
    return indexes.of(head);
  }

  ExecutorService pool() {
    return indexes.pool();
  }

  CommitInfo commitInfo(ObjectId id) {
    return trees.commitInfo(id);
  }

  ObjectId id(Revision revision) {
    return trees.id(revision);
  }
}
