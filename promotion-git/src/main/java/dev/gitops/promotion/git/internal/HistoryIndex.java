package dev.gitops.promotion.git.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The first-parent history of one head, indexed by path: for every file path, the commits along the
 * first-parent chain whose entry for it differs from their first parent's (exactly what {@code git
 * log --first-parent -- <path>} lists), with the entry's new id. Built once per head with {@link
 * TreeDiffer} over both cores, and extended, not rebuilt, when the head moves forward; a rewritten
 * history (the old head no longer on the chain) is indexed anew. Works on any history: it reads
 * trees, not commit messages, so commits made by other tools are indexed like ours.
 *
 * <p>Immutable once built; safe to share between threads.
 */
public final class HistoryIndex {

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

    Events append(List<long[]> more, List<ObjectId> moreIds) {
      int n = size + more.size();
      int[] p = Arrays.copyOf(positions, n);
      ObjectId[] i = Arrays.copyOf(ids, n);
      int[] m = Arrays.copyOf(modes, n);
      for (int k = 0; k < more.size(); k++) {
        p[size + k] = (int) more.get(k)[0];
        m[size + k] = (int) more.get(k)[1];
        i[size + k] = moreIds.get(k);
      }
      return new Events(p, i, m, n);
    }
  }

  private static final Events NONE = new Events(new int[0], new ObjectId[0], new int[0], 0);

  private final ObjectId head;
  private final ObjectId[] commits; // by position, 0 = oldest
  private final Map<String, Events> byPath;
  private final boolean truncated;

  private HistoryIndex(
      ObjectId head, ObjectId[] commits, Map<String, Events> byPath, boolean truncated) {
    this.head = head;
    this.commits = commits;
    this.byPath = byPath;
    this.truncated = truncated;
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

  /** The changes of {@code path}, newest first. */
  public Events events(String path) {
    return byPath.getOrDefault(path, NONE);
  }

  /** Every path that ever had a change on the chain. */
  public java.util.Set<String> paths() {
    return Collections.unmodifiableSet(byPath.keySet());
  }

  /** The chain position of {@code commit}, or -1 when it is not on the chain. */
  public int positionOf(ObjectId commit) {
    for (int p = commits.length - 1; p >= 0; p--) {
      if (commits[p].equals(commit)) {
        return p;
      }
    }
    return -1;
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
    // walk the first-parent chain back from head until the root or the previous head
    List<ObjectId> newest = new ArrayList<>();
    List<ObjectId> trees = new ArrayList<>();
    ObjectId stopTree = null;
    boolean truncated = false;
    boolean spliced = false;
    try (RevWalk rw = new RevWalk(repo)) {
      rw.setRetainBody(false);
      RevCommit c = rw.parseCommit(head);
      while (c != null) {
        previous = candidates.get(c);
        if (previous != null) {
          spliced = true;
          stopTree = c.getTree().copy();
          break;
        }
        newest.add(c.copy());
        trees.add(c.getTree().copy());
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
    int base = spliced ? previous.commits.length : 0;
    int k = newest.size();
    ObjectId[] commits = new ObjectId[base + k];
    if (spliced) {
      System.arraycopy(previous.commits, 0, commits, 0, base);
    }
    for (int i = 0; i < k; i++) {
      commits[base + k - 1 - i] = newest.get(i);
    }
    // pair i compares newest[i] with its first parent (newest[i+1], or the splice point, or none)
    ObjectId[] parentTrees = new ObjectId[k];
    for (int i = 0; i < k; i++) {
      parentTrees[i] = i + 1 < k ? trees.get(i + 1) : stopTree;
    }
    int n = Math.max(1, Math.min(threads, k / 64 + 1));
    List<Map<String, List<long[]>>> positions = new ArrayList<>();
    List<Map<String, List<ObjectId>>> ids = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    int chunk = (k + n - 1) / Math.max(1, n);
    for (int t = 0; t < n; t++) {
      Map<String, List<long[]>> pos = new HashMap<>();
      Map<String, List<ObjectId>> idl = new HashMap<>();
      positions.add(pos);
      ids.add(idl);
      int from = t * chunk;
      int to = Math.min(k, from + chunk);
      Runnable job = () -> diffRange(repo, trees, parentTrees, from, to, base, k, pos, idl);
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
    // merge: positions ascending per path; chunks cover newer commits first, so go oldest chunk
    // first
    Map<String, List<long[]>> allPos = new HashMap<>();
    Map<String, List<ObjectId>> allIds = new HashMap<>();
    for (int t = n - 1; t >= 0; t--) {
      for (Map.Entry<String, List<long[]>> e : positions.get(t).entrySet()) {
        List<long[]> p = e.getValue();
        List<ObjectId> i = ids.get(t).get(e.getKey());
        // within a chunk, events were recorded oldest first: already ascending
        allPos.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).addAll(p);
        allIds.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).addAll(i);
      }
    }
    Map<String, Events> byPath = new HashMap<>(spliced ? previous.byPath : Map.of());
    for (Map.Entry<String, List<long[]>> e : allPos.entrySet()) {
      Events old = byPath.getOrDefault(e.getKey(), NONE);
      byPath.put(e.getKey(), old.append(e.getValue(), allIds.get(e.getKey())));
    }
    return new HistoryIndex(
        head.copy(), commits, byPath, truncated || (spliced && previous.truncated));
  }

  private static void diffRange(
      Repository repo,
      List<ObjectId> trees,
      ObjectId[] parentTrees,
      int from,
      int to,
      int base,
      int k,
      Map<String, List<long[]>> pos,
      Map<String, List<ObjectId>> idl) {
    try (ObjectReader reader = repo.newObjectReader()) {
      TreeDiffer differ = new TreeDiffer(reader, 256);
      // oldest first: packs store older trees as deltas of newer ones, and resolving them in this
      // order hits the delta base cache (the other way round is ten times slower)
      for (int i = to - 1; i >= from; i--) {
        long position = base + k - 1 - i;
        differ.diff(
            trees.get(i),
            parentTrees[i],
            "",
            (path, mode, id) -> {
              pos.computeIfAbsent(path, x -> new ArrayList<>()).add(new long[] {position, mode});
              idl.computeIfAbsent(path, x -> new ArrayList<>()).add(id);
            });
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
