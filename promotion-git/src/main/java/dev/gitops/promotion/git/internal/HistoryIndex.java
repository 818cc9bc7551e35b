package dev.gitops.promotion.git.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The first-parent history of one head, indexed by path: for every path, the commits along the
 * first-parent chain whose entry for it differs from their first parent's (exactly what {@code git
 * log --first-parent -- <path>} lists), with the entry's new id.
 *
 * <p>Built once per head with {@link TreeDiffer} over all cores, oldest commit first (packs store
 * older trees as deltas of newer ones, so this order hits the delta base cache), and extended, not
 * rebuilt, when the head moves forward; a rewritten history is indexed anew. Inside large
 * directories (a thousand applications under {@code apps/}) the walk records only which
 * subdirectories changed, with their old and new tree ids, and what changed inside them is resolved
 * on demand, newest first, stopping as soon as the caller has what it needs. It reads trees, not
 * commit messages, so commits made by hand or by other tools are indexed like ours.
 *
 * <p>Immutable once built (apart from memoized lookups); safe to share between threads.
 */
public final class HistoryIndex {
  /**
   * Directories with at least this many entries have their changed subdirectories resolved lazily.
   */
  public static final int LAZY_THRESHOLD = 64;

  private static final int TREE_CACHE_LIMIT = 200_000;

  /** One path's changes, positions counted from the root of the chain (0 = oldest commit). */
  public static final class Events {
    final int[] positions; // ascending
    final ObjectId[] ids; // null when the path is gone at that commit
    final int[] modes;
    final int size;

    Events(int[] positions, ObjectId[] ids, int[] modes, int size) {
      this.positions = positions;
      this.ids = ids;
      this.modes = modes;
      this.size = size;
    }

    /** How many commits changed the path. */
    public int size() {
      return size;
    }

    /** The chain position of the {@code k}-th newest change (k = 0 is the newest). */
    public int position(int k) {
      return positions[size - 1 - k];
    }

    /** The entry id after the {@code k}-th newest change, or null when the path was removed. */
    public ObjectId id(int k) {
      return ids[size - 1 - k];
    }

    /** The entry mode after the {@code k}-th newest change, 0 when removed. */
    public int mode(int k) {
      return modes[size - 1 - k];
    }
  }

  // changed subdirectories of a large directory: old and new tree ids per position
  private static final class Subtrees {
    final int[] positions; // ascending
    final ObjectId[] newer;
    final ObjectId[] older;
    final int size;

    Subtrees(int[] positions, ObjectId[] newer, ObjectId[] older, int size) {
      this.positions = positions;
      this.newer = newer;
      this.older = older;
      this.size = size;
    }
  }

  /** A walk over one path's changes, newest first, resolving lazily recorded ones as it goes. */
  public final class Cursor {
    private final Events direct;
    private int directNext;
    private final List<Subtrees> lazy = new ArrayList<>();
    private final List<String> rel = new ArrayList<>();
    private final int[] lazyNext;
    private final ObjectReader reader;
    private int position;
    private ObjectId id;
    private int mode;

    Cursor(String path, ObjectReader reader) {
      this.reader = reader;
      this.direct = byPath.getOrDefault(path, NONE);
      this.directNext = direct.size - 1;
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        Subtrees s = byDir.get(path.substring(0, slash));
        if (s != null) {
          lazy.add(s);
          rel.add(path.substring(slash + 1));
        }
      }
      this.lazyNext = new int[lazy.size()];
      for (int i = 0; i < lazy.size(); i++) {
        lazyNext[i] = lazy.get(i).size - 1;
      }
    }

    /** Moves to the next older change; false when there is none. */
    public boolean next() throws IOException {
      while (true) {
        int best = -1; // -2: direct
        int bestPos = -1;
        if (directNext >= 0) {
          best = -2;
          bestPos = direct.positions[directNext];
        }
        for (int i = 0; i < lazy.size(); i++) {
          if (lazyNext[i] >= 0 && lazy.get(i).positions[lazyNext[i]] > bestPos) {
            best = i;
            bestPos = lazy.get(i).positions[lazyNext[i]];
          }
        }
        if (best == -1) {
          return false;
        }
        if (best == -2) {
          position = bestPos;
          id = direct.ids[directNext];
          mode = direct.modes[directNext];
          directNext--;
          return true;
        }
        Subtrees s = lazy.get(best);
        int k = lazyNext[best]--;
        Entry now = lookup(reader, s.newer[k], rel.get(best));
        Entry before = lookup(reader, s.older[k], rel.get(best));
        if (!Objects.equals(now, before)) {
          position = bestPos;
          id = now == null ? null : now.id();
          mode = now == null ? 0 : now.mode();
          return true;
        }
      }
    }

    /** The chain position of the current change. */
    public int position() {
      return position;
    }

    /** The entry id after the current change, or null when the path was removed. */
    public ObjectId id() {
      return id;
    }

    /** The entry mode after the current change, 0 when removed. */
    public int mode() {
      return mode;
    }
  }

  private record Entry(int mode, ObjectId id) {}

  private static final Events NONE = new Events(new int[0], new ObjectId[0], new int[0], 0);

  private final ObjectId head;
  private final ObjectId[] commits; // by position, 0 = oldest
  private final Map<String, Events> byPath;
  private final Map<String, Subtrees> byDir;
  private final boolean truncated;
  private final Map<ObjectId, RawTree> trees;
  private final Map<String, Events> resolved = new ConcurrentHashMap<>();
  private volatile Map<ObjectId, Integer> positions;

  private HistoryIndex(
      ObjectId head,
      ObjectId[] commits,
      Map<String, Events> byPath,
      Map<String, Subtrees> byDir,
      boolean truncated,
      Map<ObjectId, RawTree> trees) {
    this.head = head;
    this.commits = commits;
    this.byPath = byPath;
    this.byDir = byDir;
    this.truncated = truncated;
    this.trees = trees;
  }

  /** The head this index describes. */
  public ObjectId head() {
    return head;
  }

  /** How many commits the first-parent chain has (as far as the repository has them). */
  public int length() {
    return commits.length;
  }

  /** Whether the chain ends at a commit whose parent is missing (a shallow clone). */
  public boolean truncated() {
    return truncated;
  }

  /** The commit at chain position {@code position}. */
  public ObjectId commit(int position) {
    return commits[position];
  }

  /** The chain position of {@code commit}, or -1 when it is not on the chain. */
  public int positionOf(ObjectId commit) {
    Map<ObjectId, Integer> m = positions;
    if (m == null) {
      m = new HashMap<>(commits.length * 2);
      for (int p = 0; p < commits.length; p++) {
        m.put(commits[p], p);
      }
      positions = m;
    }
    Integer p = m.get(commit);
    return p == null ? -1 : p;
  }

  /** A cursor over the changes of {@code path}, newest first. */
  public Cursor cursor(String path, ObjectReader reader) {
    return new Cursor(path, reader);
  }

  /** Every change of {@code path}, newest first (resolved once, then remembered). */
  public Events events(String path, ObjectReader reader) throws IOException {
    Events e = resolved.get(path);
    if (e != null) {
      return e;
    }
    List<int[]> pm = new ArrayList<>();
    List<ObjectId> ids = new ArrayList<>();
    Cursor c = cursor(path, reader);
    while (c.next()) {
      pm.add(new int[] {c.position(), c.mode()});
      ids.add(c.id());
    }
    int n = pm.size();
    int[] positions = new int[n];
    int[] modes = new int[n];
    ObjectId[] idArr = new ObjectId[n];
    for (int i = 0; i < n; i++) { // ascending
      positions[i] = pm.get(n - 1 - i)[0];
      modes[i] = pm.get(n - 1 - i)[1];
      idArr[i] = ids.get(n - 1 - i);
    }
    e = new Events(positions, idArr, modes, n);
    resolved.put(path, e);
    return e;
  }

  /** The positions of the commits that changed anything under directory {@code dir}, ascending. */
  public TreeSet<Integer> positionsUnder(String dir, ObjectReader reader) throws IOException {
    String prefix = dir + "/";
    TreeSet<Integer> out = new TreeSet<>();
    for (Map.Entry<String, Events> e : byPath.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        for (int i = 0; i < e.getValue().size; i++) {
          out.add(e.getValue().positions[i]);
        }
      }
    }
    for (Map.Entry<String, Subtrees> e : byDir.entrySet()) {
      String d = e.getKey();
      Subtrees s = e.getValue();
      if (d.equals(dir) || d.startsWith(prefix)) {
        for (int i = 0; i < s.size; i++) {
          out.add(s.positions[i]);
        }
      } else if (dir.startsWith(d + "/")) {
        String rel = dir.substring(d.length() + 1);
        for (int i = 0; i < s.size; i++) {
          if (!Objects.equals(lookup(reader, s.newer[i], rel), lookup(reader, s.older[i], rel))) {
            out.add(s.positions[i]);
          }
        }
      }
    }
    return out;
  }

  private Entry lookup(ObjectReader reader, ObjectId tree, String rel) throws IOException {
    if (tree == null) {
      return null;
    }
    ObjectId cur = tree;
    int from = 0;
    while (true) {
      int slash = rel.indexOf('/', from);
      String name = slash < 0 ? rel.substring(from) : rel.substring(from, slash);
      RawTree t = tree(reader, cur);
      int i = t.find(name);
      if (i < 0) {
        return null;
      }
      if (slash < 0) {
        return new Entry(t.mode(i), t.entryId(i));
      }
      if (!t.isTree(i)) {
        return null;
      }
      cur = t.entryId(i);
      from = slash + 1;
    }
  }

  private RawTree tree(ObjectReader reader, ObjectId id) throws IOException {
    RawTree t = trees.get(id);
    if (t == null) {
      t = new RawTree(id, reader.open(id, Constants.OBJ_TREE).getCachedBytes());
      if (trees.size() > TREE_CACHE_LIMIT) {
        trees.clear();
      }
      trees.put(id, t);
    }
    return t;
  }

  /**
   * Indexes the first-parent chain of {@code head}, extending the candidate index whose head is the
   * first one met on the chain (candidates are keyed by their head).
   *
   * @param threads how many threads diff trees (the caller's thread is one of them)
   * @param pool where the other threads run
   */
  public static HistoryIndex build(
      Repository repo,
      ObjectId head,
      Map<ObjectId, HistoryIndex> candidates,
      int threads,
      ExecutorService pool)
      throws IOException {
    HistoryIndex same = candidates.get(head);
    if (same != null) {
      return same;
    }
    HistoryIndex previous = null;
    List<ObjectId> newest = new ArrayList<>();
    List<ObjectId> treeIds = new ArrayList<>();
    ObjectId stopTree = null;
    boolean truncated = false;
    try (RevWalk rw = new RevWalk(repo)) {
      rw.setRetainBody(false);
      RevCommit c = rw.parseCommit(head);
      while (c != null) {
        previous = candidates.get(c);
        if (previous != null) {
          stopTree = c.getTree().copy();
          break;
        }
        newest.add(c.copy());
        treeIds.add(c.getTree().copy());
        if (c.getParentCount() == 0) {
          break;
        }
        try {
          c = rw.parseCommit(c.getParent(0));
        } catch (MissingObjectException shallowEnd) {
          truncated = true;
          c = null;
        }
      }
    }
    boolean spliced = previous != null;
    int base = spliced ? previous.commits.length : 0;
    int k = newest.size();
    ObjectId[] commits = new ObjectId[base + k];
    if (spliced) {
      System.arraycopy(previous.commits, 0, commits, 0, base);
    }
    for (int i = 0; i < k; i++) {
      commits[base + k - 1 - i] = newest.get(i);
    }
    ObjectId[] parentTrees = new ObjectId[k];
    for (int i = 0; i < k; i++) {
      parentTrees[i] = i + 1 < k ? treeIds.get(i + 1) : stopTree;
    }
    int n = Math.max(1, Math.min(threads, k / 64 + 1));
    int chunk = (k + n - 1) / n;
    List<Collector> collectors = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      Collector col = new Collector();
      collectors.add(col);
      int from = t * chunk;
      int to = Math.min(k, from + chunk);
      Runnable job = () -> diffRange(repo, treeIds, parentTrees, from, to, base, k, col);
      if (t == n - 1 || pool == null) {
        job.run();
      } else {
        futures.add(pool.submit(job));
      }
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while indexing history", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        throw new IOException("indexing history failed", e.getCause());
      }
    }
    // chunk t covers newer commits than chunk t+1, and records oldest first: append oldest chunk
    // first to keep positions ascending
    Map<String, Events> byPath = new HashMap<>(spliced ? previous.byPath : Map.of());
    Map<String, Subtrees> byDir = new HashMap<>(spliced ? previous.byDir : Map.of());
    Map<String, List<long[]>> files = new HashMap<>();
    Map<String, List<ObjectId>> fileIds = new HashMap<>();
    Map<String, List<Integer>> dirs = new HashMap<>();
    Map<String, List<ObjectId[]>> dirIds = new HashMap<>();
    for (int t = n - 1; t >= 0; t--) {
      Collector col = collectors.get(t);
      col.files.forEach((p, l) -> files.computeIfAbsent(p, x -> new ArrayList<>()).addAll(l));
      col.fileIds.forEach((p, l) -> fileIds.computeIfAbsent(p, x -> new ArrayList<>()).addAll(l));
      col.dirs.forEach((p, l) -> dirs.computeIfAbsent(p, x -> new ArrayList<>()).addAll(l));
      col.dirIds.forEach((p, l) -> dirIds.computeIfAbsent(p, x -> new ArrayList<>()).addAll(l));
    }
    for (Map.Entry<String, List<long[]>> e : files.entrySet()) {
      Events old = byPath.getOrDefault(e.getKey(), NONE);
      List<long[]> more = e.getValue();
      List<ObjectId> moreIds = fileIds.get(e.getKey());
      int total = old.size + more.size();
      int[] p = Arrays.copyOf(old.positions, total);
      ObjectId[] ids = Arrays.copyOf(old.ids, total);
      int[] m = Arrays.copyOf(old.modes, total);
      for (int i = 0; i < more.size(); i++) {
        p[old.size + i] = (int) more.get(i)[0];
        m[old.size + i] = (int) more.get(i)[1];
        ids[old.size + i] = moreIds.get(i);
      }
      byPath.put(e.getKey(), new Events(p, ids, m, total));
    }
    for (Map.Entry<String, List<Integer>> e : dirs.entrySet()) {
      Subtrees old = byDir.get(e.getKey());
      int oldSize = old == null ? 0 : old.size;
      List<Integer> more = e.getValue();
      List<ObjectId[]> moreIds = dirIds.get(e.getKey());
      int total = oldSize + more.size();
      int[] p = old == null ? new int[total] : Arrays.copyOf(old.positions, total);
      ObjectId[] nw = old == null ? new ObjectId[total] : Arrays.copyOf(old.newer, total);
      ObjectId[] ol = old == null ? new ObjectId[total] : Arrays.copyOf(old.older, total);
      for (int i = 0; i < more.size(); i++) {
        p[oldSize + i] = more.get(i);
        nw[oldSize + i] = moreIds.get(i)[0];
        ol[oldSize + i] = moreIds.get(i)[1];
      }
      byDir.put(e.getKey(), new Subtrees(p, nw, ol, total));
    }
    Map<ObjectId, RawTree> trees =
        spliced ? previous.trees : new ConcurrentHashMap<ObjectId, RawTree>(1 << 15);
    return new HistoryIndex(
        head.copy(), commits, byPath, byDir, truncated || (spliced && previous.truncated), trees);
  }

  private static final int MAGIC = 0x50474849; // "PGHI"
  private static final int VERSION = 1;

  /**
   * Writes this index to {@code file} (atomically, through a temporary file beside it). The file
   * holds only commit and object ids, which name immutable content, so it stays right whoever adds
   * commits later: a reader extends it from its head, or ignores it when the head is not on the
   * chain any more.
   */
  public void writeTo(java.nio.file.Path file) throws IOException {
    java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (java.io.DataOutputStream out =
        new java.io.DataOutputStream(
            new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      writeId(out, head);
      out.writeBoolean(truncated);
      out.writeInt(commits.length);
      for (ObjectId c : commits) {
        writeId(out, c);
      }
      out.writeInt(byPath.size());
      for (Map.Entry<String, Events> e : byPath.entrySet()) {
        out.writeUTF(e.getKey());
        Events ev = e.getValue();
        out.writeInt(ev.size);
        for (int i = 0; i < ev.size; i++) {
          out.writeInt(ev.positions[i]);
          out.writeInt(ev.modes[i]);
          writeId(out, ev.ids[i]);
        }
      }
      out.writeInt(byDir.size());
      for (Map.Entry<String, Subtrees> e : byDir.entrySet()) {
        out.writeUTF(e.getKey());
        Subtrees st = e.getValue();
        out.writeInt(st.size);
        for (int i = 0; i < st.size; i++) {
          out.writeInt(st.positions[i]);
          writeId(out, st.newer[i]);
          writeId(out, st.older[i]);
        }
      }
    }
    java.nio.file.Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads an index written by {@link #writeTo}; null when the file is not one. */
  public static HistoryIndex readFrom(java.nio.file.Path file) throws IOException {
    try (java.io.DataInputStream in =
        new java.io.DataInputStream(
            new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        return null;
      }
      ObjectId head = readId(in);
      boolean truncated = in.readBoolean();
      ObjectId[] commits = new ObjectId[in.readInt()];
      for (int i = 0; i < commits.length; i++) {
        commits[i] = readId(in);
      }
      int paths = in.readInt();
      Map<String, Events> byPath = new HashMap<>(paths * 2);
      for (int p = 0; p < paths; p++) {
        String path = in.readUTF();
        int n = in.readInt();
        int[] pos = new int[n];
        int[] modes = new int[n];
        ObjectId[] ids = new ObjectId[n];
        for (int i = 0; i < n; i++) {
          pos[i] = in.readInt();
          modes[i] = in.readInt();
          ids[i] = readId(in);
        }
        byPath.put(path, new Events(pos, ids, modes, n));
      }
      int dirs = in.readInt();
      Map<String, Subtrees> byDir = new HashMap<>(dirs * 2);
      for (int d = 0; d < dirs; d++) {
        String dir = in.readUTF();
        int n = in.readInt();
        int[] pos = new int[n];
        ObjectId[] newer = new ObjectId[n];
        ObjectId[] older = new ObjectId[n];
        for (int i = 0; i < n; i++) {
          pos[i] = in.readInt();
          newer[i] = readId(in);
          older[i] = readId(in);
        }
        byDir.put(dir, new Subtrees(pos, newer, older, n));
      }
      return new HistoryIndex(
          head,
          commits,
          byPath,
          byDir,
          truncated,
          new ConcurrentHashMap<ObjectId, RawTree>(1 << 15));
    } catch (java.io.EOFException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void writeId(java.io.DataOutputStream out, ObjectId id) throws IOException {
    if (id == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
      id.copyRawTo(raw, 0);
      out.write(raw);
    }
  }

  private static ObjectId readId(java.io.DataInputStream in) throws IOException {
    if (in.readByte() == 0) {
      return null;
    }
    byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
    in.readFully(raw);
    return ObjectId.fromRaw(raw);
  }

  private static final class Collector {
    final Map<String, List<long[]>> files = new HashMap<>();
    final Map<String, List<ObjectId>> fileIds = new HashMap<>();
    final Map<String, List<Integer>> dirs = new HashMap<>();
    final Map<String, List<ObjectId[]>> dirIds = new HashMap<>();
  }

  private static void diffRange(
      Repository repo,
      List<ObjectId> treeIds,
      ObjectId[] parentTrees,
      int from,
      int to,
      int base,
      int k,
      Collector col) {
    try (ObjectReader reader = repo.newObjectReader()) {
      TreeDiffer differ = new TreeDiffer(reader, 256, LAZY_THRESHOLD);
      // oldest first: packs store older trees as deltas of newer ones, and resolving them in this
      // order hits the delta base cache (the other way round is ten times slower)
      for (int i = to - 1; i >= from; i--) {
        int position = base + k - 1 - i;
        differ.diff(
            treeIds.get(i),
            parentTrees[i],
            "",
            new TreeDiffer.Sink() {
              @Override
              public void changed(String path, int mode, ObjectId id) {
                col.files
                    .computeIfAbsent(path, x -> new ArrayList<>())
                    .add(new long[] {position, mode});
                col.fileIds.computeIfAbsent(path, x -> new ArrayList<>()).add(id);
              }

              @Override
              public void subtree(String path, ObjectId newer, ObjectId older) {
                col.dirs.computeIfAbsent(path, x -> new ArrayList<>()).add(position);
                col.dirIds
                    .computeIfAbsent(path, x -> new ArrayList<>())
                    .add(new ObjectId[] {newer, older});
              }
            });
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
