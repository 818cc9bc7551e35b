package dev.gitops.promotion.git;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.git.internal.HistoryIndex;
import dev.gitops.promotion.git.internal.RawTree;
import dev.gitops.promotion.git.internal.Transports;
import dev.gitops.promotion.git.internal.TreeDiffer;
import dev.gitops.promotion.git.internal.TreeEditor;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

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
  private static final int TREE_CACHE_LIMIT = 50_000;
  private static final int COMMIT_CACHE_LIMIT = 50_000;

  private final Repository repo;
  private final GitOptions options;
  private final Optional<String> remote;
  private final SshSessionFactory ssh;
  private final Map<ObjectId, RawTree> trees = new ConcurrentHashMap<>();
  private final Map<ObjectId, CommitInfo> commits = new ConcurrentHashMap<>();
  private final Object indexLock = new Object();
  private final LinkedHashMap<ObjectId, HistoryIndex> indexes =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, HistoryIndex> eldest) {
          return size() > 8;
        }
      };
  private ExecutorService pool;

  private JGitConfigRepository(Repository repo, GitOptions options) {
    this.repo = repo;
    // JGit runs an automatic gc after a fetch when enough packs pile up, by default in a detached
    // thread that packs refs (locking them) while this repository moves them. Run it in the
    // fetching thread instead; the setting lives in memory only, the repository's file is
    // untouched.
    repo.getConfig().setBoolean("gc", null, "autoDetach", false);
    this.options = options;
    this.remote = options.remote();
    this.ssh =
        options
            .ssh()
            .map(s -> Transports.ssh(s.sshDirectory(), s.identities(), s.knownHosts()))
            .orElse(null);
    remote.ifPresent(
        r -> {
          if (!repo.getRemoteNames().contains(r)) {
            repo.close();
            throw new InvalidInputException(
                "repository " + repo.getDirectory() + " has no remote '" + r + "'");
          }
        });
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
    try {
      FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
      java.io.File dir = directory.toFile();
      if (new java.io.File(dir, Constants.DOT_GIT).exists()) {
        b.setWorkTree(dir);
      } else {
        b.setGitDir(dir);
      }
      Repository r = b.build();
      if (!r.getObjectDatabase().exists()) {
        r.close();
        throw new RepositoryNotFoundException(dir);
      }
      return new JGitConfigRepository(r, options);
    } catch (RepositoryNotFoundException e) {
      throw new InvalidInputException("no Git repository at " + directory, null, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open repository " + directory, e);
    }
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
    String remoteName = opts.remote().get();
    SshSessionFactory ssh =
        opts.ssh()
            .map(s -> Transports.ssh(s.sshDirectory(), s.identities(), s.knownHosts()))
            .orElse(null);
    String host;
    try {
      host = Transports.safeHost(new URIish(uri));
    } catch (java.net.URISyntaxException e) {
      throw new InvalidInputException("invalid remote address: " + e.getMessage());
    }
    var clone =
        Git.cloneRepository()
            .setURI(uri)
            .setDirectory(directory.toFile())
            .setBare(true)
            .setRemote(remoteName)
            .setTimeout((int) opts.timeout().toSeconds())
            .setTransportConfigCallback(
                Transports.configure((int) opts.timeout().toSeconds(), ssh));
    opts.tokenSource()
        .ifPresent(
            t -> clone.setCredentialsProvider(Transports.credentials(t.username(), t::token)));
    opts.depth().ifPresent(clone::setDepth);
    if (!opts.branches().isEmpty()) {
      clone.setCloneAllBranches(false);
      clone.setBranchesToClone(opts.branches().stream().map(b -> Constants.R_HEADS + b).toList());
      clone.setBranch(opts.branches().get(0));
    }
    try (Git git = clone.call()) {
      StoredConfigs.setFetchSpecs(git.getRepository(), remoteName, opts.branches());
    } catch (GitAPIException e) {
      throw Transports.unavailable("cloning", host, e);
    }
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
    return remote.isPresent();
  }

  /**
   * Fetches every branch (or {@link GitOptions#branches()} plus the promotion branches) from the
   * remote, so that {@link #head} sees the remote's current heads.
   *
   * @throws IllegalStateException in local mode
   * @throws RemoteUnavailableException when the remote cannot be reached
   */
  public void fetch() {
    String r =
        remote.orElseThrow(
            () -> new IllegalStateException("fetch needs a remote; this repository is local"));
    FetchCommand fetch =
        Git.wrap(repo)
            .fetch()
            .setRemote(r)
            .setRemoveDeletedRefs(true)
            .setTimeout((int) options.timeout().toSeconds())
            .setTransportConfigCallback(
                Transports.configure((int) options.timeout().toSeconds(), ssh));
    fetch.setCredentialsProvider(credentials());
    options.depth().ifPresent(fetch::setDepth);
    try {
      fetch.call();
      if (repo.isBare()) {
        mirrorTrackingRefs(r);
      }
    } catch (GitAPIException e) {
      throw Transports.unavailable("fetching from", remoteHost(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<Revision> head(String branch) {
    try {
      Ref ref = repo.exactRef(viewRef(branch));
      return ref == null || ref.getObjectId() == null
          ? Optional.empty()
          : Optional.of(Revision.of(ref.getObjectId().name()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> readFile(Revision revision, String path) {
    OverlayLocation.checkPath(path);
    try (ObjectReader reader = repo.newObjectReader()) {
      Optional<ObjectId> blob = blobViaIndex(reader, id(revision), path);
      if (blob.isEmpty()) {
        ObjectId tree = treeOf(reader, revision);
        blob = resolve(reader, tree, path, path, 0);
      }
      if (blob.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new String(
              reader.open(blob.get(), Constants.OBJ_BLOB).getCachedBytes(),
              StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Revision commit(CommitRequest request) {
    String branch = request.branch();
    String ref = Constants.R_HEADS + branch;
    checkBranch(branch);
    ObjectId expected = request.expectedHead().map(this::id).orElse(ObjectId.zeroId());
    ObjectId current = currentView(branch);
    if (!current.equals(expected)) {
      throw new PromotionConflictException(
          "branch '"
              + branch
              + "' is at "
              + describe(current)
              + ", not at "
              + describe(expected)
              + " as the commit expects; nothing was written. Re-plan on the new head and try"
              + " again");
    }
    ObjectId commitId = writeCommit(request);
    if (remote.isPresent()) {
      push(branch, ref, commitId, expected);
    } else {
      updateLocal(ref, commitId, expected, branch);
    }
    return Revision.of(commitId.name());
  }

  @Override
  public List<CommitInfo> log(Revision from, String path, int limit) {
    OverlayLocation.checkPath(path);
    if (limit <= 0) {
      return List.of();
    }
    HistoryIndex index = historyIndex(id(from));
    try (ObjectReader reader = repo.newObjectReader()) {
      if (!index.cursor(path, reader).next()) {
        TreeSet<Integer> positions = index.positionsUnder(path, reader);
        int[] newestFirst =
            positions.descendingSet().stream().limit(limit).mapToInt(Integer::intValue).toArray();
        List<CommitInfo> out = new ArrayList<>();
        for (int p : newestFirst) {
          out.add(commitInfo(index.commit(p)));
        }
        return out;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LazyLog(index, path, limit);
  }

  /**
   * The commits that changed one path, newest first, found and read as the caller iterates: the
   * generic ledger stops at the first image change, so most of a long history is never resolved.
   * {@link #size()} resolves everything.
   */
  private final class LazyLog extends java.util.AbstractList<CommitInfo> {
    private final HistoryIndex index;
    private final String path;
    private final int limit;
    private final List<Integer> found = new ArrayList<>();
    private boolean done;

    LazyLog(HistoryIndex index, String path, int limit) {
      this.index = index;
      this.path = path;
      this.limit = limit;
    }

    // resolves at least up to index upTo, in doubling batches (each batch re-walks the resolved
    // prefix through cached trees, so the total work stays linear)
    private synchronized boolean resolve(int upTo) {
      if (!done && found.size() <= upTo) {
        long target = Math.max((long) upTo + 1, found.size() * 2L + 4);
        try (ObjectReader reader = repo.newObjectReader()) {
          HistoryIndex.Cursor c = index.cursor(path, reader);
          for (int i = 0; i < found.size(); i++) {
            c.next();
          }
          while (found.size() < target) {
            if (found.size() >= limit || !c.next()) {
              done = true;
              break;
            }
            found.add(c.position());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return upTo < found.size();
    }

    @Override
    public CommitInfo get(int i) {
      if (i < 0 || !resolve(i)) {
        throw new IndexOutOfBoundsException(i);
      }
      return commitInfo(index.commit(found.get(i)));
    }

    @Override
    public int size() {
      resolve(Integer.MAX_VALUE - 1);
      return found.size();
    }

    @Override
    public java.util.Iterator<CommitInfo> iterator() {
      return new java.util.Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return resolve(next);
        }

        @Override
        public CommitInfo next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return get(next++);
        }
      };
    }
  }

  @Override
  public CommitInfo commitInfo(Revision revision) {
    return commitInfo(id(revision));
  }

  @Override
  public List<String> changedPaths(Revision from, Revision to) {
    try (ObjectReader reader = repo.newObjectReader()) {
      ObjectId a = treeOf(reader, from);
      ObjectId b = treeOf(reader, to);
      TreeSet<String> paths = new TreeSet<>();
      new TreeDiffer(reader, 64).diff(b, a, "", (p, mode, id) -> paths.add(p));
      return List.copyOf(paths);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean isAncestor(Revision ancestor, Revision descendant) {
    try (RevWalk rw = new RevWalk(repo)) {
      return rw.isMergedInto(rw.parseCommit(id(ancestor)), rw.parseCommit(id(descendant)));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new InvalidInputException("unknown revision: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the repository and the indexing threads. */
  @Override
  public void close() {
    synchronized (indexLock) {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    repo.close();
  }

  @Override
  public String toString() {
    return "JGitConfigRepository["
        + repo.getDirectory()
        + remote.map(r -> ", remote " + r + " at " + remoteHost()).orElse(", local")
        + "]";
  }

  // ---- package-private, for GitLedger ----

  HistoryIndex historyIndex(ObjectId head) {
    synchronized (indexLock) {
      try {
        HistoryIndex known = indexes.get(head);
        if (known != null) {
          return known;
        }
        if (indexes.isEmpty()) {
          loadPersistedIndexes(head);
        }
        HistoryIndex idx =
            HistoryIndex.build(repo, head, Map.copyOf(indexes), options.threads(), pool());
        boolean built = !indexes.containsKey(idx.head());
        indexes.put(idx.head(), idx);
        if (built) {
          persist(idx);
        }
        return idx;
      } catch (MissingObjectException e) {
        throw new InvalidInputException("unknown revision " + head.name());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // the persisted indexes: <git dir>/promotion/history/<head>.idx, the newest few kept
  private java.nio.file.Path indexDir() {
    return repo.getDirectory().toPath().resolve("promotion").resolve("history");
  }

  private void loadPersistedIndexes(ObjectId head) {
    if (!options.persistHistoryIndex()) {
      return;
    }
    java.nio.file.Path dir = indexDir();
    java.nio.file.Path exact = dir.resolve(head.name() + ".idx");
    try (var files = java.nio.file.Files.list(dir)) {
      List<java.nio.file.Path> all =
          java.nio.file.Files.exists(exact)
              ? List.of(exact)
              : files.filter(f -> f.toString().endsWith(".idx")).toList();
      for (java.nio.file.Path f : all) {
        HistoryIndex idx = HistoryIndex.readFrom(f);
        if (idx != null && !idx.truncated()) {
          indexes.put(idx.head(), idx);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // no cache, or an unreadable one: the index is built from the history instead
    }
  }

  private void persist(HistoryIndex idx) {
    if (!options.persistHistoryIndex() || idx.truncated()) {
      return;
    }
    try {
      java.nio.file.Path dir = indexDir();
      java.nio.file.Files.createDirectories(dir);
      idx.writeTo(dir.resolve(idx.head().name() + ".idx"));
      try (var files = java.nio.file.Files.list(dir)) {
        List<java.nio.file.Path> old =
            files
                .filter(f -> f.toString().endsWith(".idx"))
                .sorted(
                    java.util.Comparator.comparing(
                            (java.nio.file.Path f) -> f.toFile().lastModified())
                        .reversed())
                .skip(4)
                .toList();
        for (java.nio.file.Path f : old) {
          java.nio.file.Files.deleteIfExists(f);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // a read-only repository: the index lives in memory only
    }
  }

  ExecutorService pool() {
    synchronized (indexLock) {
      if (pool == null && options.threads() > 1) {
        pool =
            Executors.newFixedThreadPool(
                options.threads() - 1,
                r -> {
                  Thread t = new Thread(r, "promotion-git-index");
                  t.setDaemon(true);
                  return t;
                });
      }
      return pool;
    }
  }

  CommitInfo commitInfo(ObjectId id) {
    CommitInfo info = commits.get(id);
    if (info != null) {
      return info;
    }
    try (RevWalk rw = new RevWalk(repo)) {
      info = toInfo(rw.parseCommit(id));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new InvalidInputException("unknown revision " + id.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (commits.size() > COMMIT_CACHE_LIMIT) {
      commits.clear();
    }
    commits.put(id.copy(), info);
    return info;
  }

  static CommitInfo toInfo(RevCommit c) {
    PersonIdent a = c.getAuthorIdent();
    CommitInfo.Builder b =
        CommitInfo.builder()
            .revision(Revision.of(c.name()))
            .authorName(a.getName())
            .authorEmail(a.getEmailAddress())
            .time(a.getWhenAsInstant())
            .message(c.getFullMessage());
    for (RevCommit p : c.getParents()) {
      b.addParents(Revision.of(p.name()));
    }
    return b.build();
  }

  ObjectId id(Revision revision) {
    try {
      return ObjectId.fromString(revision.id());
    } catch (IllegalArgumentException e) {
      try {
        ObjectId resolved = repo.resolve(revision.id() + "^{commit}");
        if (resolved == null) {
          throw new InvalidInputException("unknown revision '" + revision.id() + "'");
        }
        return resolved;
      } catch (IOException io) {
        throw new InvalidInputException("unknown revision '" + revision.id() + "'", null, io);
      }
    }
  }

  /** The blob id at {@code path} in {@code tree}, resolving symbolic links inside the tree. */
  Optional<ObjectId> blobAt(ObjectReader reader, ObjectId tree, String path) throws IOException {
    return resolve(reader, tree, path, path, 0);
  }

  RawTree tree(ObjectReader reader, ObjectId id) throws IOException {
    RawTree t = trees.get(id);
    if (t == null) {
      t = new RawTree(id.copy(), reader.open(id, Constants.OBJ_TREE).getCachedBytes());
      if (trees.size() > TREE_CACHE_LIMIT) {
        trees.clear();
      }
      trees.put(t.id(), t);
    }
    return t;
  }

  // ---- internals ----

  // A regular file's blob at a commit on an indexed first-parent chain: the entry of the newest
  // change at or before that commit. Anything else (not indexed, absent, a link) is left to the
  // path walk, which also resolves symbolic links.
  private Optional<ObjectId> blobViaIndex(ObjectReader reader, ObjectId commit, String path)
      throws IOException {
    List<HistoryIndex> candidates;
    synchronized (indexLock) {
      candidates = List.copyOf(indexes.values());
    }
    for (HistoryIndex idx : candidates) {
      int at = idx.positionOf(commit);
      if (at < 0) {
        continue;
      }
      HistoryIndex.Cursor c = idx.cursor(path, reader);
      while (c.next()) {
        if (c.position() <= at) {
          boolean file =
              c.id() != null
                  && (FileMode.REGULAR_FILE.equals(c.mode())
                      || FileMode.EXECUTABLE_FILE.equals(c.mode()));
          return file ? Optional.of(c.id()) : Optional.empty();
        }
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  private String viewRef(String branch) {
    checkBranch(branch);
    return remote
        .map(r -> Constants.R_REMOTES + r + "/" + branch)
        .orElse(Constants.R_HEADS + branch);
  }

  private static void checkBranch(String branch) {
    if (branch == null || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw new InvalidInputException("invalid branch name '" + branch + "'");
    }
  }

  private ObjectId currentView(String branch) {
    try {
      Ref r = repo.exactRef(viewRef(branch));
      return r == null || r.getObjectId() == null ? ObjectId.zeroId() : r.getObjectId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(ObjectId id) {
    return ObjectId.zeroId().equals(id) ? "nothing (no such branch)" : id.abbreviate(7).name();
  }

  private ObjectId treeOf(ObjectReader reader, Revision revision) throws IOException {
    try (RevWalk rw = new RevWalk(reader)) {
      return rw.parseCommit(id(revision)).getTree().copy();
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new InvalidInputException("unknown revision '" + revision.id() + "'");
    }
  }

  private Optional<ObjectId> resolve(
      ObjectReader reader, ObjectId root, String path, String asked, int hops) throws IOException {
    if (hops > 40) {
      throw new InvalidInputException(
          "path '" + asked + "' goes through more than 40 symbolic links (a loop?)");
    }
    String[] parts = path.split("/");
    ObjectId cur = root;
    for (int i = 0; i < parts.length; i++) {
      RawTree t = tree(reader, cur);
      int e = t.find(parts[i]);
      if (e < 0) {
        return Optional.empty();
      }
      int mode = t.mode(e);
      boolean last = i == parts.length - 1;
      if (FileMode.SYMLINK.equals(mode)) {
        String target =
            new String(
                reader.open(t.entryId(e), Constants.OBJ_BLOB).getCachedBytes(),
                StandardCharsets.UTF_8);
        String link = String.join("/", java.util.Arrays.copyOfRange(parts, 0, i + 1));
        String rest =
            last
                ? ""
                : "/" + String.join("/", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
        String dir = i == 0 ? "" : String.join("/", java.util.Arrays.copyOfRange(parts, 0, i));
        String next = normalizeInside(dir, target, asked, link);
        return resolve(reader, root, next + rest, asked, hops + 1);
      }
      if (last) {
        if (FileMode.TREE.equals(mode) || FileMode.GITLINK.equals(mode)) {
          return Optional.empty();
        }
        return Optional.of(t.entryId(e));
      }
      if (!FileMode.TREE.equals(mode)) {
        return Optional.empty();
      }
      cur = t.entryId(e);
    }
    return Optional.empty();
  }

  private static String normalizeInside(String dir, String target, String asked, String link) {
    if (target.startsWith("/") || target.matches("^[A-Za-z]:.*")) {
      throw new InvalidInputException(
          "path '"
              + asked
              + "' goes through symbolic link '"
              + link
              + "' -> '"
              + target
              + "', an absolute path outside the repository; refusing to follow it");
    }
    Deque<String> stack = new ArrayDeque<>();
    for (String p : (dir.isEmpty() ? target : dir + "/" + target).split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (stack.isEmpty()) {
          throw new InvalidInputException(
              "path '"
                  + asked
                  + "' goes through symbolic link '"
                  + link
                  + "' -> '"
                  + target
                  + "', which leaves the repository; refusing to follow it");
        }
        stack.removeLast();
      } else {
        stack.addLast(p);
      }
    }
    if (stack.isEmpty() || stack.contains(Constants.DOT_GIT)) {
      throw new InvalidInputException(
          "path '"
              + asked
              + "' goes through symbolic link '"
              + link
              + "' -> '"
              + target
              + "', which does not name a file inside the repository");
    }
    return String.join("/", stack);
  }

  private ObjectId writeCommit(CommitRequest request) {
    int objects = request.edits().size() * 4 + 2;
    try {
      return writeCommit(request, objects > options.packThreshold());
    } catch (org.eclipse.jgit.errors.ObjectWritingException e) {
      // a loose object could not be renamed into place (seen under heavy parallel load): write
      // the same objects as one pack instead
      try {
        return writeCommit(request, true);
      } catch (IOException again) {
        throw new UncheckedIOException("cannot write commit objects", again);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write commit objects", e);
    }
  }

  private ObjectId writeCommit(CommitRequest request, boolean pack) throws IOException {
    ObjectId parent = id(request.parent());
    try (ObjectReader reader = repo.newObjectReader();
        ObjectInserter ins = inserter(pack)) {
      ObjectId baseTree = treeOf(reader, request.parent());
      Map<String, ObjectId> blobs = new LinkedHashMap<>();
      for (FileEdit e : request.edits()) {
        blobs.put(
            e.path(), ins.insert(Constants.OBJ_BLOB, e.content().getBytes(StandardCharsets.UTF_8)));
      }
      ObjectId tree = TreeEditor.apply(reader, ins, baseTree, blobs);
      PersonIdent who =
          new PersonIdent(
              request.author().name(), request.author().email(), request.time(), ZoneOffset.UTC);
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      cb.setParentId(parent);
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage(request.message());
      cb.setEncoding(StandardCharsets.UTF_8);
      if (options.signing().isPresent()) {
        sign(cb, who, options.signing().get());
      }
      ObjectId id = ins.insert(cb);
      ins.flush();
      return id;
    }
  }

  private ObjectInserter inserter(boolean pack) {
    if (pack && repo instanceof FileRepository f) {
      org.eclipse.jgit.internal.storage.file.PackInserter p =
          f.getObjectDatabase().newPackInserter();
      // a bulk commit's objects are mostly new; fast compression, git gc repacks later
      p.setCompressionLevel(1);
      return p;
    }
    return repo.newObjectInserter();
  }

  private void sign(CommitBuilder cb, PersonIdent committer, CommitSigning signing)
      throws IOException {
    Config c = new Config(repo.getConfig());
    GpgConfig.GpgFormat format =
        signing.format() == CommitSigning.Format.SSH
            ? GpgConfig.GpgFormat.SSH
            : GpgConfig.GpgFormat.OPENPGP;
    c.setString("gpg", null, "format", format == GpgConfig.GpgFormat.SSH ? "ssh" : "openpgp");
    c.setString("user", null, "signingKey", signing.signingKey());
    Signer signer = Signers.get(format);
    if (signer == null) {
      throw new IllegalStateException(
          "no "
              + format
              + " signer on the class path; add org.eclipse.jgit.gpg.bc (OpenPGP)"
              + " or org.eclipse.jgit.ssh.apache (SSH)");
    }
    CredentialsProvider pass =
        signing.passphrase().map(p -> Transports.passphrase(p.token().toCharArray())).orElse(null);
    try {
      signer.signObject(repo, new GpgConfig(c), cb, committer, signing.signingKey(), pass);
    } catch (org.eclipse.jgit.api.errors.CanceledException
        | org.eclipse.jgit.api.errors.UnsupportedSigningFormatException e) {
      throw new InvalidInputException(
          "cannot sign with " + signing + ": " + e.getMessage(), null, e);
    }
  }

  private void updateLocal(String ref, ObjectId commitId, ObjectId expected, String branch) {
    try {
      RefUpdate u = repo.updateRef(ref);
      u.setExpectedOldObjectId(expected);
      u.setNewObjectId(commitId);
      u.setForceUpdate(true);
      u.setRefLogMessage("promotion: commit", false);
      RefUpdate.Result r = u.update();
      switch (r) {
        case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
        case LOCK_FAILURE, REJECTED, REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON ->
            throw new PromotionConflictException(
                "branch '"
                    + branch
                    + "' moved while committing ("
                    + r
                    + "); the commit was not recorded. Re-plan on the new head and try again");
        default -> throw new IllegalStateException("unexpected ref update result " + r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void push(String branch, String ref, ObjectId commitId, ObjectId expected) {
    String r = remote.orElseThrow();
    String tracking = Constants.R_REMOTES + r + "/" + branch;
    RemoteRefUpdate.Status status;
    String detail;
    try (Transport t = Transport.open(repo, r)) {
      Transports.configure((int) options.timeout().toSeconds(), ssh).configure(t);
      t.setCredentialsProvider(credentials());
      RemoteRefUpdate u = new RemoteRefUpdate(repo, null, commitId, ref, true, null, expected);
      PushResult result = t.push(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE, List.of(u));
      RemoteRefUpdate done = result.getRemoteUpdate(ref);
      status = done.getStatus();
      detail = done.getMessage();
    } catch (IOException e) {
      throw Transports.unavailable("pushing to", remoteHost(), e);
    } catch (java.net.URISyntaxException e) {
      throw new InvalidInputException(
          "remote '" + r + "' has an invalid address: " + e.getMessage());
    }
    switch (status) {
      case OK, UP_TO_DATE -> recordPushed(tracking, ref, commitId);
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_NODELETE -> {
        refreshAfterRejection();
        throw new PromotionConflictException(
            "the remote branch '"
                + branch
                + "' is no longer at "
                + describe(expected)
                + " ("
                + status
                + "); nothing was pushed. Fetch, re-plan on the new head and try again");
      }
      case REJECTED_OTHER_REASON -> {
        String why = detail == null ? "" : detail;
        if (why.toLowerCase(java.util.Locale.ROOT).contains("lock")) {
          refreshAfterRejection();
          throw new PromotionConflictException(
              "the remote branch '"
                  + branch
                  + "' was being updated by someone else ("
                  + why
                  + "); nothing was pushed. Fetch, re-plan and try again");
        }
        throw new RemoteUnavailableException(
            remoteHost(),
            -1,
            false,
            "the remote refused the push to '"
                + branch
                + "': "
                + why
                + " (a server hook or branch protection?)",
            null);
      }
      default ->
          throw new RemoteUnavailableException(
              remoteHost(),
              -1,
              true,
              "the push to '" + branch + "' did not complete (" + status + "); try again",
              null);
    }
  }

  // The push landed, so the promotion is done whatever happens here: if a local ref stays locked,
  // a fetch brings the local view up to date, and a stale view costs the next push one round.
  private void recordPushed(String tracking, String ref, ObjectId commitId) {
    try {
      forceRef(tracking, commitId);
      if (repo.isBare()) {
        forceRef(ref, commitId);
      }
    } catch (IOException e) {
      refreshAfterRejection();
    }
  }

  private void refreshAfterRejection() {
    try {
      fetch();
    } catch (RemoteUnavailableException ignored) {
      // the conflict is the news; the caller fetches again before re-planning
    }
  }

  // JGit's automatic gc after a fetch runs in a detached thread and packs refs, holding each ref's
  // lock for a moment: a locked ref is tried again for up to about a second before giving up.
  private void forceRef(String name, ObjectId id) throws IOException {
    for (int attempt = 1; ; attempt++) {
      RefUpdate u = repo.updateRef(name);
      u.setNewObjectId(id);
      u.setForceUpdate(true);
      u.setRefLogMessage("promotion: pushed", false);
      RefUpdate.Result res = u.update();
      if (res == RefUpdate.Result.LOCK_FAILURE && attempt < 50) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the lock of " + name, e);
        }
        continue;
      }
      if (res == RefUpdate.Result.LOCK_FAILURE || res == RefUpdate.Result.IO_FAILURE) {
        java.io.File lock = new java.io.File(repo.getDirectory(), name + ".lock");
        throw new IOException(
            "cannot update "
                + name
                + ": "
                + res
                + (lock.exists() ? " (" + lock + " exists: another writer holds the ref)" : ""));
      }
      return;
    }
  }

  private void mirrorTrackingRefs(String r) throws IOException {
    String prefix = Constants.R_REMOTES + r + "/";
    for (Ref t : repo.getRefDatabase().getRefsByPrefix(prefix)) {
      if (t.getObjectId() == null || t.isSymbolic()) {
        continue;
      }
      String local = Constants.R_HEADS + t.getName().substring(prefix.length());
      Ref l = repo.exactRef(local);
      if (l == null || !t.getObjectId().equals(l.getObjectId())) {
        forceRef(local, t.getObjectId());
      }
    }
  }

  private CredentialsProvider credentials() {
    return options
        .tokenSource()
        .map(t -> Transports.credentials(t.username(), t::token))
        .orElse(null);
  }

  private String remoteHost() {
    try {
      RemoteConfig rc = new RemoteConfig(repo.getConfig(), remote.orElse("origin"));
      return rc.getURIs().isEmpty()
          ? remote.orElse("origin")
          : Transports.safeHost(rc.getURIs().get(0));
    } catch (java.net.URISyntaxException e) {
      return remote.orElse("origin");
    }
  }

  /** Fetch refspecs of a clone. */
  static final class StoredConfigs {
    private StoredConfigs() {}

    static void setFetchSpecs(Repository repo, String remote, List<String> branches)
        throws GitAPIException {
      try {
        var cfg = repo.getConfig();
        List<String> specs = new ArrayList<>();
        if (branches.isEmpty()) {
          specs.add("+refs/heads/*:refs/remotes/" + remote + "/*");
        } else {
          for (String b : branches) {
            specs.add(
                new RefSpec("+refs/heads/" + b + ":refs/remotes/" + remote + "/" + b).toString());
          }
          specs.add("+refs/heads/promote/*:refs/remotes/" + remote + "/promote/*");
        }
        cfg.setStringList("remote", remote, "fetch", specs);
        cfg.save();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
