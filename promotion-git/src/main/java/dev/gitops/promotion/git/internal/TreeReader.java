package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
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
 * Reads committed trees, files and commits of one repository, with a cache of raw trees and of
 * commit metadata shared by every reader of the repository.
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
      throw new UncheckedIOException(e);
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
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code ancestor} is {@code descendant} or one of its ancestors. */
  public boolean isAncestor(Revision ancestor, Revision descendant) {
    try (RevWalk rw = new RevWalk(repo)) {
      return rw.isMergedInto(rw.parseCommit(id(ancestor)), rw.parseCommit(id(descendant)));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new InvalidInputException("unknown revision: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
        String target = text(reader, t.entryId(e));
        String link = String.join("/", Arrays.copyOfRange(parts, 0, i + 1));
        String rest =
            last ? "" : "/" + String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
        String dir = i == 0 ? "" : String.join("/", Arrays.copyOfRange(parts, 0, i));
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
}
