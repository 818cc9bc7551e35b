package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The one reader of committed trees, files and commits in promotion-git, with a cache of raw trees
 * and of commit metadata shared by every reader of the repository ({@code JGitConfigRepository} and
 * the pipeline-file loader alike).
 *
 * <p><b>Symbolic links</b>, one policy for every path promotion-git reads or writes:
 *
 * <ul>
 *   <li><b>Reading follows links that stay inside the repository.</b> A link's target is resolved
 *       against the link's folder by {@link dev.gitops.promotion.OverlayLocation#resolve}; a target
 *       that is absolute, climbs above the repository root, or points into {@code .git} is refused
 *       with an {@link InvalidInputException} naming the path, the link and its target, and so is a
 *       chain of more than 40 links. ({@link #fileAt}, {@link #followLink}.)
 *   <li><b>Writing never goes through a link</b>: an edit through or onto a link or a submodule is
 *       refused ({@link TreeEditor}), because writing there would replace the link with a file. So
 *       a location that promotions edit must be a plain file: the pipeline-file loader refuses a
 *       location that goes through a link up front, naming the real file when the link stays inside
 *       the repository.
 * </ul>
 */
public final class TreeReader {
  private static final int TREE_CACHE_LIMIT = 50_000;
  private static final int COMMIT_CACHE_LIMIT = 50_000;

  private final Repository repo;
  private final Map<ObjectId, RawTree> trees = new ConcurrentHashMap<>();
  private final Map<ObjectId, CommitInfo> commits = new ConcurrentHashMap<>();

  /** A reader of {@code repo}'s objects. */
  public TreeReader(Repository repo) {
    this.repo = repo;
  }

  /**
   * The commit a revision names: a full id, or anything {@code git rev-parse} resolves to a commit.
   *
   * @throws InvalidInputException when it names no commit
   */
  public ObjectId id(Revision revision) {
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

  /**
   * The root tree of the commit {@code revision} names.
   *
   * @throws InvalidInputException when there is no such commit
   */
  public ObjectId treeOf(ObjectReader reader, Revision revision) throws IOException {
    try (RevWalk rw = new RevWalk(reader)) {
      return rw.parseCommit(id(revision)).getTree().copy();
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new InvalidInputException("unknown revision '" + revision.id() + "'");
    }
  }

  /** The tree {@code id}, from the cache or the object database. */
  public RawTree tree(ObjectReader reader, ObjectId id) throws IOException {
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

  /** The content of the blob {@code id}, as UTF-8. */
  public String text(ObjectReader reader, ObjectId id) throws IOException {
    return new String(reader.open(id, Constants.OBJ_BLOB).getCachedBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The blob of the file at {@code path} in {@code tree}, following symbolic links inside the
   * repository; empty when there is no such file (or the path names a folder or a submodule).
   *
   * @throws InvalidInputException when the path goes through a link that leaves the repository
   */
  public Optional<ObjectId> fileAt(ObjectReader reader, ObjectId tree, String path)
      throws IOException {
    return resolve(reader, tree, path, path, 0);
  }

  /** The metadata of the commit {@code id}, cached. */
  public CommitInfo commitInfo(ObjectId id) {
    CommitInfo info = commits.get(id);
    if (info != null) {
      return info;
    }
    try (RevWalk rw = new RevWalk(repo)) {
      info = toInfo(rw.parseCommit(id));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new InvalidInputException("unknown revision " + id.name());
    } catch (IOException e) {
      throw StorageFailures.of(repo, "reading commit " + id.name(), e);
    }
    if (commits.size() > COMMIT_CACHE_LIMIT) {
      commits.clear();
    }
    commits.put(id.copy(), info);
    return info;
  }

  /** The port's view of a parsed commit. */
  public static CommitInfo toInfo(RevCommit c) {
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

  /** The paths of the files that differ between two commits' trees, sorted. */
  public List<String> changedPaths(Revision from, Revision to) {
    try (ObjectReader reader = repo.newObjectReader()) {
      ObjectId a = treeOf(reader, from);
      ObjectId b = treeOf(reader, to);
      TreeSet<String> paths = new TreeSet<>();
      new TreeDiffer(reader, 64).diff(b, a, "", (p, mode, id) -> paths.add(p));
      return List.copyOf(paths);
    } catch (IOException e) {
      throw StorageFailures.of(repo, "comparing " + from + " with " + to, e);
    }
  }

  /** Whether {@code ancestor} is {@code descendant} or one of its ancestors. */
  public boolean isAncestor(Revision ancestor, Revision descendant) {
    try (RevWalk rw = new RevWalk(repo)) {
      return rw.isMergedInto(rw.parseCommit(id(ancestor)), rw.parseCommit(id(descendant)));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new InvalidInputException("unknown revision: " + e.getMessage());
    } catch (IOException e) {
      throw StorageFailures.of(repo, "walking history from " + descendant, e);
    }
  }

  /**
   * One entry of a tree, found without following links.
   *
   * @param path the path from the repository root
   * @param mode the Git file mode
   * @param id the blob, tree or commit id
   */
  public record Entry(String path, FileMode mode, ObjectId id) {
    /** Whether this is a symbolic link. */
    public boolean isSymlink() {
      return FileMode.SYMLINK.equals(mode);
    }

    /** Whether this is a regular (or executable) file. */
    public boolean isFile() {
      return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
    }

    /** Whether this is a submodule. */
    public boolean isSubmodule() {
      return FileMode.GITLINK.equals(mode);
    }
  }

  /**
   * The entry at {@code path} in {@code tree} (a file, a link, a folder or a submodule), without
   * following links; empty when there is none.
   */
  public Optional<Entry> entry(ObjectReader reader, ObjectId tree, String path) throws IOException {
    String[] parts = path.split("/");
    ObjectId cur = tree;
    for (int i = 0; i < parts.length; i++) {
      RawTree t = tree(reader, cur);
      int e = t.find(parts[i]);
      if (e < 0) {
        return Optional.empty();
      }
      if (i == parts.length - 1) {
        return Optional.of(new Entry(path, FileMode.fromBits(t.mode(e)), t.entryId(e).copy()));
      }
      if (!FileMode.TREE.equals(t.mode(e))) {
        return Optional.empty();
      }
      cur = t.entryId(e);
    }
    return Optional.empty();
  }

  /**
   * Every entry that is not a folder (files, links, submodules) under {@code folder} in {@code
   * tree}, at any depth, in Git's tree order; everything for {@code ""}.
   */
  public List<Entry> list(ObjectReader reader, ObjectId tree, String folder) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (folder.isEmpty()) {
      walk(reader, tree, "", out);
    } else {
      Optional<Entry> start = entry(reader, tree, folder);
      if (start.isPresent() && FileMode.TREE.equals(start.get().mode())) {
        walk(reader, start.get().id(), folder + "/", out);
      }
    }
    return out;
  }

  private void walk(ObjectReader reader, ObjectId treeId, String prefix, List<Entry> out)
      throws IOException {
    RawTree t = tree(reader, treeId);
    for (int i = 0; i < t.size(); i++) {
      String path = prefix + t.name(i);
      if (t.isTree(i)) {
        walk(reader, t.entryId(i), path + "/", out);
      } else {
        out.add(new Entry(path, FileMode.fromBits(t.mode(i)), t.entryId(i).copy()));
      }
    }
  }

  /**
   * The repository path that {@code link/rest} names once the symbolic link at {@code link} with
   * {@code target} is followed, by the policy above ({@code ""} for the repository root); empty
   * when the link leaves the repository or points into {@code .git}.
   *
   * @param rest what follows the link in the path asked for, {@code ""} when the link ends it
   */
  public static Optional<String> followLink(String link, String target, String rest) {
    int slash = link.lastIndexOf('/');
    return OverlayLocation.resolve(slash < 0 ? "" : link.substring(0, slash), target)
        .map(p -> p.isEmpty() || rest.isEmpty() ? p + rest : p + "/" + rest);
  }

  /**
   * The refusal of {@code path}, asked as {@code what}, because it goes through the link at {@code
   * link} to {@code target}, which leaves the repository.
   */
  public static InvalidInputException leavesTheRepository(
      String what, String path, String link, String target) {
    return new InvalidInputException(
        what
            + " '"
            + path
            + "' goes through the symbolic link '"
            + link
            + "' -> '"
            + target
            + "'"
            + (OverlayLocation.isAbsolute(target) ? ", an absolute path," : ",")
            + " which leaves the repository or points into .git; refusing to follow it");
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
        String target = text(reader, t.entryId(e));
        String link = String.join("/", Arrays.copyOfRange(parts, 0, i + 1));
        String rest = String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
        String next =
            followLink(link, target, rest)
                .orElseThrow(() -> leavesTheRepository("path", asked, link, target));
        return next.isEmpty()
            ? Optional.empty() // the repository root: a folder, not a file
            : resolve(reader, root, next, asked, hops + 1);
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
}
