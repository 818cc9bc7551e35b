package dev.gitops.promotion.git.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Compares two trees top-down, descending only into subtrees whose ids differ, and reports every
 * file path whose entry differs. Large directories whose versions differ only in entry ids (one
 * application changed among a thousand) are compared with a vectorized byte mismatch over a layout
 * parsed once and shared along the history, instead of being parsed entry by entry per commit.
 *
 * <p>Not thread-safe: one per thread, each with its own {@link ObjectReader}.
 */
public final class TreeDiffer {

  /** Receives the paths that differ. */
  public interface Sink {
    /**
     * A file path whose entry differs: in the newer tree it has {@code mode} and {@code id}, or
     * mode 0 and a null id when it is gone there.
     */
    void changed(String path, int mode, ObjectId id);

    /**
     * A subdirectory of a large directory whose tree differs: {@code newer} and {@code older} are
     * its tree ids (null when absent); what changed inside it is left to the reader. Only called
     * when the differ was made with a lazy threshold.
     */
    default void subtree(String path, ObjectId newer, ObjectId older) {
      throw new UnsupportedOperationException("subtree events not expected");
    }
  }

  private final ObjectReader reader;
  private final Map<ObjectId, RawTree> recent;
  private final int lazyThreshold;

  /** A differ reading through {@code reader}, remembering the last {@code cacheSize} trees. */
  public TreeDiffer(ObjectReader reader, int cacheSize) {
    this(reader, cacheSize, 0);
  }

  /**
   * A differ that does not descend into the changed subdirectories of directories with at least
   * {@code lazyThreshold} entries but reports them with {@link Sink#subtree} (0: always descend).
   */
  public TreeDiffer(ObjectReader reader, int cacheSize, int lazyThreshold) {
    this.lazyThreshold = lazyThreshold;
    this.reader = reader;
    this.recent =
        new LinkedHashMap<>(cacheSize * 2, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ObjectId, RawTree> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** Loads a tree (from the small cache of recent trees when it is there). */
  public RawTree load(AnyObjectId id) throws IOException {
    if (id == null) {
      return RawTree.EMPTY;
    }
    RawTree t = recent.get(id);
    if (t == null) {
      ObjectId copy = id.copy();
      t = new RawTree(copy, reader.open(copy, Constants.OBJ_TREE).getCachedBytes());
      recent.put(copy, t);
    }
    return t;
  }

  /**
   * Reports every path under {@code prefix} whose entry in {@code newer} differs from {@code
   * older}. Either tree id may be null for an absent tree.
   */
  public void diff(ObjectId newer, ObjectId older, String prefix, Sink sink) throws IOException {
    if (Objects.equals(newer, older)) {
      return;
    }
    RawTree a = load(newer);
    RawTree b = load(older);
    // same length and more than a handful of entries: try the shared-layout comparison first, so
    // that neither version is parsed when the other already is (the common case along a chain)
    if (a.raw().length > 256 && b.raw().length == a.raw().length) {
      int[] changed = a.idOnlyChanges(b);
      if (changed != null) {
        boolean lazy = lazyThreshold > 0 && a.size() >= lazyThreshold;
        for (int i : changed) {
          entryChanged(
              prefix + a.name(i), a.mode(i), a.entryId(i), b.mode(i), b.entryId(i), lazy, sink);
        }
        return;
      }
    }
    boolean lazy = lazyThreshold > 0 && Math.max(a.size(), b.size()) >= lazyThreshold;
    Map<String, Integer> inB = new LinkedHashMap<>(b.size() * 2);
    for (int j = 0; j < b.size(); j++) {
      inB.put(b.name(j), j);
    }
    for (int i = 0; i < a.size(); i++) {
      String name = a.name(i);
      Integer j = inB.remove(name);
      if (j == null) {
        entryChanged(prefix + name, a.mode(i), a.entryId(i), 0, null, lazy, sink);
      } else if (a.mode(i) != b.mode(j) || !a.entryId(i).equals(b.entryId(j))) {
        entryChanged(prefix + name, a.mode(i), a.entryId(i), b.mode(j), b.entryId(j), lazy, sink);
      }
    }
    for (Map.Entry<String, Integer> gone : inB.entrySet()) {
      int j = gone.getValue();
      entryChanged(prefix + gone.getKey(), 0, null, b.mode(j), b.entryId(j), lazy, sink);
    }
  }

  private void entryChanged(
      String path, int modeA, ObjectId idA, int modeB, ObjectId idB, boolean lazy, Sink sink)
      throws IOException {
    boolean treeA = idA != null && FileMode.TREE.equals(modeA);
    boolean treeB = idB != null && FileMode.TREE.equals(modeB);
    if (lazy && (treeA || idA == null) && (treeB || idB == null)) {
      sink.subtree(path, idA, idB);
      return;
    }
    if (treeA && treeB) {
      diff(idA, idB, path + "/", sink);
      return;
    }
    if (treeB) {
      diff(null, idB, path + "/", sink); // a directory became a file, or went away
    }
    if (treeA) {
      diff(idA, null, path + "/", sink);
    }
    if (idA != null && !treeA) {
      sink.changed(path, modeA, idA);
    } else if (idB != null && !treeB) {
      sink.changed(path, 0, null);
    }
  }
}
