package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.git.internal.Connection;
import dev.gitops.promotion.git.internal.TreeReader;
import dev.gitops.promotion.git.internal.TreeReader.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Read-only access to the committed state of a Git repository for the pipeline-file loader: branch
 * heads, and files read through promotion-git's one {@link TreeReader} and its symbolic-link
 * policy, plus the refusal of locations that go through a link (promotions edit locations, and
 * edits never follow links).
 */
public final class GitTree implements AutoCloseable {
  private final Repository repository;
  private final TreeReader trees;
  private final String where;
  private final boolean owned;
  private final String refPrefix;

  private GitTree(Repository repository, String where, boolean owned, String refPrefix) {
    this.repository = repository;
    this.trees = new TreeReader(repository);
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
    return new GitTree(Connection.open(dir), dir.toString(), true, Constants.R_HEADS);
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
    try (ObjectReader reader = repository.newObjectReader()) {
      return trees.entry(reader, rootOf(reader, commit), path);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** Every file, link and submodule under {@code folder} in {@code commit}, in tree order. */
  public List<Entry> list(ObjectId commit, String folder) {
    try (ObjectReader reader = repository.newObjectReader()) {
      return trees.list(reader, rootOf(reader, commit), folder);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The content of a blob, as UTF-8. */
  public String read(Entry entry) {
    try (ObjectReader reader = repository.newObjectReader()) {
      return trees.text(reader, entry.id());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * The content of the file at {@code path} in {@code commit}, following symbolic links that stay
   * inside the repository; empty when there is no such file.
   *
   * @throws InvalidInputException when the path goes through a link that leaves the repository
   */
  public Optional<String> readFile(ObjectId commit, String path) {
    try (ObjectReader reader = repository.newObjectReader()) {
      Optional<ObjectId> blob = trees.fileAt(reader, rootOf(reader, commit), path);
      return blob.isEmpty() ? Optional.empty() : Optional.of(trees.text(reader, blob.get()));
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * Refuses {@code path} when {@code entry}, one of its components, is a symbolic link or a
   * submodule: edits through a link would replace the link with a file, and a link may point
   * outside the repository. A link that stays inside is named with the real file to use instead.
   *
   * @throws InvalidInputException naming the path, the link and its target
   */
  public void refuseIfLink(Entry entry, String path, String what) {
    if (entry.isSymlink()) {
      String target = read(entry);
      String rest =
          path.length() > entry.path().length() ? path.substring(entry.path().length() + 1) : "";
      Optional<String> real = TreeReader.followLink(entry.path(), target, rest);
      if (real.isEmpty()) {
        throw TreeReader.leavesTheRepository(what, path, entry.path(), target);
      }
      throw new InvalidInputException(
          what
              + " '"
              + path
              + "' goes through the symbolic link '"
              + entry.path()
              + "' -> '"
              + target
              + "'; name the real file instead ("
              + real.get()
              + ")");
    }
    if (entry.isSubmodule()) {
      throw new InvalidInputException(
          what
              + " '"
              + path
              + "' goes into the submodule '"
              + entry.path()
              + "'; use the submodule's own repository");
    }
  }

  private static ObjectId rootOf(ObjectReader reader, ObjectId commit) throws IOException {
    try (RevWalk walk = new RevWalk(reader)) {
      return walk.parseCommit(commit).getTree().copy();
    }
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
