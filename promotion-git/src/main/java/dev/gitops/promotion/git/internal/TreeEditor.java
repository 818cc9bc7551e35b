package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Writes a new tree from a base tree and whole-file edits, straight into the object database: only
 * the directories on the edited paths are rewritten, nothing touches a work tree. Refuses edits
 * through or onto symbolic links and submodules, and edits that would turn a directory into a file
 * or back.
 */
public final class TreeEditor {
  private TreeEditor() {}

  private static final class Dir {
    final TreeMap<String, Dir> dirs = new TreeMap<>();
    final TreeMap<String, ObjectId> files = new TreeMap<>();
  }

  private record Entry(byte[] name, int mode, ObjectId id) {}

  /**
   * The id of the new tree: {@code baseTree} with {@code blobs} (path to blob id) in place.
   *
   * @throws InvalidInputException when a path crosses a symbolic link, a submodule or a file
   */
  public static ObjectId apply(
      ObjectReader reader, ObjectInserter inserter, ObjectId baseTree, Map<String, ObjectId> blobs)
      throws IOException {
    Dir root = new Dir();
    for (Map.Entry<String, ObjectId> e : blobs.entrySet()) {
      String[] parts = e.getKey().split("/");
      Dir d = root;
      for (int i = 0; i < parts.length - 1; i++) {
        d = d.dirs.computeIfAbsent(parts[i], k -> new Dir());
      }
      d.files.put(parts[parts.length - 1], e.getValue());
    }
    return write(reader, inserter, baseTree, root, "");
  }

  private static ObjectId write(
      ObjectReader reader, ObjectInserter inserter, ObjectId treeId, Dir dir, String prefix)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> index = new TreeMap<>();
    if (treeId != null) {
      RawTree t = new RawTree(treeId, reader.open(treeId, Constants.OBJ_TREE).getCachedBytes());
      for (int i = 0; i < t.size(); i++) {
        index.put(t.name(i), entries.size());
        entries.add(new Entry(t.name(i).getBytes(StandardCharsets.UTF_8), t.mode(i), t.entryId(i)));
      }
    }
    for (Map.Entry<String, Dir> sub : dir.dirs.entrySet()) {
      String path = prefix + sub.getKey();
      Integer at = index.get(sub.getKey());
      ObjectId existing = null;
      if (at != null) {
        Entry e = entries.get(at);
        if (!FileMode.TREE.equals(e.mode())) {
          throw new InvalidInputException(
              "cannot write under '"
                  + path
                  + "': it is "
                  + kind(e.mode())
                  + ", not a directory"
                  + (FileMode.SYMLINK.equals(e.mode())
                      ? "; edits never follow symbolic links"
                      : ""));
        }
        existing = e.id();
      }
      ObjectId newId = write(reader, inserter, existing, sub.getValue(), path + "/");
      Entry ne =
          new Entry(sub.getKey().getBytes(StandardCharsets.UTF_8), FileMode.TREE.getBits(), newId);
      if (at == null) {
        index.put(sub.getKey(), entries.size());
        entries.add(ne);
      } else {
        entries.set(at, ne);
      }
    }
    for (Map.Entry<String, ObjectId> f : dir.files.entrySet()) {
      String path = prefix + f.getKey();
      Integer at = index.get(f.getKey());
      int mode = FileMode.REGULAR_FILE.getBits();
      if (at != null) {
        int old = entries.get(at).mode();
        if (FileMode.EXECUTABLE_FILE.equals(old)) {
          mode = old;
        } else if (!FileMode.REGULAR_FILE.equals(old)) {
          throw new InvalidInputException(
              "cannot write '" + path + "': it is " + kind(old) + ", not a regular file");
        }
      }
      Entry ne = new Entry(f.getKey().getBytes(StandardCharsets.UTF_8), mode, f.getValue());
      if (at == null) {
        entries.add(ne);
      } else {
        entries.set(at, ne);
      }
    }
    entries.sort(TreeEditor::gitOrder);
    TreeFormatter fmt = new TreeFormatter(entries.size() * 40);
    for (Entry e : entries) {
      fmt.append(e.name(), 0, e.name().length, FileMode.fromBits(e.mode()), e.id());
    }
    return inserter.insert(fmt);
  }

  private static String kind(int mode) {
    if (FileMode.SYMLINK.equals(mode)) {
      return "a symbolic link";
    }
    if (FileMode.GITLINK.equals(mode)) {
      return "a submodule";
    }
    if (FileMode.TREE.equals(mode)) {
      return "a directory";
    }
    return "a file";
  }

  // Git's tree order: names compared as bytes, directories as if they ended in '/'
  private static int gitOrder(Entry a, Entry b) {
    byte[] x = a.name();
    byte[] y = b.name();
    int n = Math.min(x.length, y.length);
    int m = Arrays.mismatch(x, 0, n, y, 0, n);
    if (m >= 0) {
      return Byte.toUnsignedInt(x[m]) - Byte.toUnsignedInt(y[m]);
    }
    int cx = x.length > n ? Byte.toUnsignedInt(x[n]) : (FileMode.TREE.equals(a.mode()) ? '/' : 0);
    int cy = y.length > n ? Byte.toUnsignedInt(y[n]) : (FileMode.TREE.equals(b.mode()) ? '/' : 0);
    return cx - cy;
  }
}
