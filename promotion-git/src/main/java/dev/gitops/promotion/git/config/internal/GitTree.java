package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.FS;

/**
 * Read-only access to the committed trees of a Git repository: branch heads, file listings with
 * their modes, file contents, and the symlink checks that keep overlay paths inside the tree.
 */
public final class GitTree implements AutoCloseable {

  /**
   * One file in a tree.
   *
   * @param path the path from the repository root
   * @param mode the Git file mode
   * @param blob the blob id
   */
  public record Entry(String path, FileMode mode, ObjectId blob) {
    /** Whether this is a symbolic link. */
    public boolean isSymlink() {
      return FileMode.SYMLINK.equals(mode);
    }

    /** Whether this is a regular (or executable) file. */
    public boolean isFile() {
      return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
    }
  }

  private final Repository repository;
  private final String where;
  private final boolean owned;
  private final String refPrefix;

  private GitTree(Repository repository, String where, boolean owned, String refPrefix) {
    this.repository = repository;
    this.where = where;
    this.owned = owned;
    this.refPrefix = refPrefix;
  }

  /**
   * Opens the repository at {@code dir}: a work tree, its {@code .git} folder or a bare repository.
   *
   * @throws InvalidInputException when {@code dir} is not a Git repository
   */
  public static GitTree open(Path dir) {
    File resolved = RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED);
    if (resolved == null || !Files.isDirectory(dir)) {
      throw new InvalidInputException(
          dir + " is not a Git repository (no .git folder, and not a bare repository)");
    }
    try {
      Repository repo = new FileRepositoryBuilder().setGitDir(resolved).setMustExist(true).build();
      return new GitTree(repo, dir.toString(), true, Constants.R_HEADS);
    } catch (IOException e) {
      throw new InvalidInputException("cannot open the Git repository at " + dir, null, e);
    }
  }

  /**
   * Wraps an open repository, reading branches under {@code refPrefix} ({@code refs/heads/}, or
   * {@code refs/remotes/origin/} for the remote's branches); closing this does not close it.
   */
  public static GitTree of(Repository repository, String refPrefix) {
    return new GitTree(repository, String.valueOf(repository.getDirectory()), false, refPrefix);
  }

  /** Where the repository is, for messages. */
  public String where() {
    return where;
  }

  /**
   * The branch HEAD names if it exists and is not an environment branch ({@code env/...}), else
   * {@code main}, else {@code master}, if any.
   */
  public Optional<String> defaultBranch() {
    try {
      String headName =
          refPrefix.equals(Constants.R_HEADS) ? Constants.HEAD : refPrefix + Constants.HEAD;
      Ref head = repository.exactRef(headName);
      if (head != null && head.isSymbolic()) {
        String target = head.getTarget().getName();
        if (target.startsWith(refPrefix)
            && !target.startsWith(refPrefix + "env/")
            && repository.exactRef(target) != null
            && repository.exactRef(target).getObjectId() != null) {
          return Optional.of(target.substring(refPrefix.length()));
        }
      }
      for (String b : List.of("main", "master")) {
        if (head(b).isPresent()) {
          return Optional.of(b);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The commit {@code branch} points at, if the branch exists. */
  public Optional<ObjectId> head(String branch) {
    try {
      Ref ref = repository.exactRef(refPrefix + branch);
      return ref == null ? Optional.empty() : Optional.ofNullable(ref.getObjectId());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * The names of the branches starting with {@code prefix}, sorted, without {@code refs/heads/}.
   */
  public List<String> branches(String prefix) {
    try {
      List<String> out = new ArrayList<>();
      for (Ref r : repository.getRefDatabase().getRefsByPrefix(refPrefix + prefix)) {
        out.add(r.getName().substring(refPrefix.length()));
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The entry at {@code path} in {@code commit}'s tree, if there is one (files, links, trees). */
  public Optional<Entry> entry(ObjectId commit, String path) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tw = TreeWalk.forPath(repository, path, c.getTree())) {
        return tw == null
            ? Optional.empty()
            : Optional.of(new Entry(path, tw.getFileMode(0), tw.getObjectId(0)));
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** Every file (not folder) under {@code folder} in {@code commit}, in tree order. */
  public List<Entry> list(ObjectId commit, String folder) {
    List<Entry> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tw = new TreeWalk(repository)) {
      tw.addTree(walk.parseCommit(commit).getTree());
      tw.setRecursive(true);
      if (!folder.isEmpty()) {
        tw.setFilter(PathFilter.create(folder));
      }
      while (tw.next()) {
        out.add(new Entry(tw.getPathString(), tw.getFileMode(0), tw.getObjectId(0)));
      }
      return out;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The content of a blob, as UTF-8. */
  public String read(Entry entry) {
    try (ObjectReader reader = repository.newObjectReader()) {
      return new String(reader.open(entry.blob()).getBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * Refuses a path that passes through a symbolic link or a submodule in {@code commit}'s tree:
   * edits through a link would replace the link with a file, and a link may point outside the
   * repository. A path that does not exist (yet) passes.
   *
   * @throws InvalidInputException naming the path, the link and its target
   */
  public void checkInsideTree(ObjectId commit, String path, String what) {
    String[] parts = path.split("/");
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      if (prefix.length() > 0) {
        prefix.append('/');
      }
      prefix.append(part);
      Optional<Entry> e = entry(commit, prefix.toString());
      if (e.isEmpty()) {
        return;
      }
      refuseIfLink(e.get(), path, what);
    }
  }

  /**
   * Refuses {@code path} when {@code entry}, one of its components, is a symbolic link or a
   * submodule; see {@link #checkInsideTree}.
   */
  public void refuseIfLink(Entry entry, String path, String what) {
    if (entry.isSymlink()) {
      String target = read(entry).strip();
      String resolved = resolve(entry.path(), target);
      throw new InvalidInputException(
          what
              + " '"
              + path
              + "' goes through the symbolic link '"
              + entry.path()
              + "' -> '"
              + target
              + "'"
              + (resolved == null
                  ? ", which leaves the repository; refusing to follow it"
                  : "; name the real file instead ("
                      + resolved
                      + path.substring(entry.path().length())
                      + ")"));
    }
    if (FileMode.GITLINK.equals(entry.mode())) {
      throw new InvalidInputException(
          what
              + " '"
              + path
              + "' goes into the submodule '"
              + entry.path()
              + "'; use the submodule's own repository");
    }
  }

  // The repository path a link at `link` with `target` points to, or null when it leaves the tree.
  private static String resolve(String link, String target) {
    if (target.startsWith("/") || target.matches("^[A-Za-z]:.*")) {
      return null;
    }
    Deque<String> parts = new ArrayDeque<>();
    int slash = link.lastIndexOf('/');
    if (slash > 0) {
      for (String p : link.substring(0, slash).split("/")) {
        parts.addLast(p);
      }
    }
    for (String p : target.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }

  private RemoteUnavailableException unreadable(IOException e) {
    return new RemoteUnavailableException(
        where, -1, false, "cannot read the Git repository at " + where + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (owned) {
      repository.close();
    }
  }
}
