package dev.gitops.promotion.git.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A Git tree object kept as its raw bytes, with the entry layout (where each entry's mode, name and
 * id start) parsed lazily and shareable between two versions of a tree whose entries differ only in
 * their ids: the common case of neighbouring commits, where re-parsing a directory of a thousand
 * entries per commit is what makes a naive history walk slow.
 */
public final class RawTree {
  /** The empty tree. */
  public static final RawTree EMPTY = new RawTree(ObjectId.zeroId(), new byte[0]);

  private static final int ID_LENGTH = 20;

  private final ObjectId id;
  private final byte[] raw;
  private Layout layout;

  /** Where each entry lies in the raw bytes; immutable, shared between same-shaped versions. */
  static final class Layout {
    final int count;
    final int[] nameStart;
    final int[] idStart; // the name ends at idStart - 1 (the NUL)
    final int[] modes;

    Layout(int count, int[] nameStart, int[] idStart, int[] modes) {
      this.count = count;
      this.nameStart = nameStart;
      this.idStart = idStart;
      this.modes = modes;
    }
  }

  /** A tree with this id and raw content. */
  public RawTree(ObjectId id, byte[] raw) {
    this.id = id;
    this.raw = raw;
  }

  /** The tree's id. */
  public ObjectId id() {
    return id;
  }

  byte[] raw() {
    return raw;
  }

  boolean hasLayout() {
    return layout != null;
  }

  Layout layout() {
    if (layout == null) {
      layout = parse(raw);
    }
    return layout;
  }

  void adopt(Layout shared) {
    this.layout = shared;
  }

  /** The number of entries. */
  public int size() {
    return layout().count;
  }

  /** The name of entry {@code i}. */
  public String name(int i) {
    Layout l = layout();
    return new String(
        raw, l.nameStart[i], l.idStart[i] - 1 - l.nameStart[i], StandardCharsets.UTF_8);
  }

  /** The raw mode bits of entry {@code i}. */
  public int mode(int i) {
    return layout().modes[i];
  }

  /** Whether entry {@code i} is a tree. */
  public boolean isTree(int i) {
    return FileMode.TREE.equals(mode(i));
  }

  /** The object id of entry {@code i}. */
  public ObjectId entryId(int i) {
    return ObjectId.fromRaw(raw, layout().idStart[i]);
  }

  /** The index of the entry with this name, or -1 (a byte comparison, no allocation per entry). */
  public int find(String name) {
    byte[] q = name.getBytes(StandardCharsets.UTF_8);
    Layout l = layout();
    for (int i = 0; i < l.count; i++) {
      int start = l.nameStart[i];
      int len = l.idStart[i] - 1 - start;
      if (len == q.length && Arrays.equals(raw, start, start + len, q, 0, len)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Tries to find the entries in which {@code this} and {@code other} differ, assuming both have
   * the same entries in the same order and only ids differ. Returns the indexes of the differing
   * entries, or null when the assumption does not hold (then the caller compares entry by entry).
   * On success both trees share one layout from then on.
   */
  int[] idOnlyChanges(RawTree other) {
    if (raw.length != other.raw.length) {
      return null;
    }
    Layout l = other.hasLayout() ? other.layout : layout();
    int len = raw.length;
    int[] found = new int[4];
    int n = 0;
    int pos = 0;
    while (pos < len) {
      int m = Arrays.mismatch(raw, pos, len, other.raw, pos, len);
      if (m < 0) {
        break;
      }
      int k = pos + m;
      int e = entryAt(l, k);
      if (e < 0 || k < l.idStart[e]) {
        return null;
      }
      if (n == found.length) {
        found = Arrays.copyOf(found, n * 2);
      }
      found[n++] = e;
      pos = l.idStart[e] + ID_LENGTH;
    }
    this.layout = l;
    other.layout = l;
    return Arrays.copyOf(found, n);
  }

  // the entry whose id region contains offset k, or whose name or mode does (then k < idStart)
  private static int entryAt(Layout l, int k) {
    int lo = 0;
    int hi = l.count - 1;
    int ans = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      // an entry spans [start, idStart+20); start is after the previous id
      if (l.idStart[mid] + ID_LENGTH > k) {
        ans = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return ans;
  }

  private static Layout parse(byte[] raw) {
    int cap = Math.max(4, raw.length / 32);
    int[] nameStart = new int[cap];
    int[] idStart = new int[cap];
    int[] modes = new int[cap];
    int n = 0;
    int p = 0;
    while (p < raw.length) {
      int mode = 0;
      byte c;
      while ((c = raw[p++]) != ' ') {
        mode = (mode << 3) + (c - '0');
      }
      int ns = p;
      while (raw[p] != 0) {
        p++;
      }
      p++; // NUL
      if (n == nameStart.length) {
        nameStart = Arrays.copyOf(nameStart, n * 2);
        idStart = Arrays.copyOf(idStart, n * 2);
        modes = Arrays.copyOf(modes, n * 2);
      }
      nameStart[n] = ns;
      idStart[n] = p;
      modes[n] = mode;
      n++;
      p += ID_LENGTH;
    }
    return new Layout(n, nameStart, idStart, modes);
  }
}
