package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The checked-out work tree of a local config repository whose current branch a promotion moves.
 * Promotions commit without a work tree; when they move the branch that is checked out, the edited
 * files are brought up to date in the index and the work tree, so that {@code git status} stays
 * clean. A file with uncommitted changes is never overwritten: the promotion is refused first.
 */
final class WorkTree {
  private final Repository repo;

  private WorkTree(Repository repo) {
    this.repo = repo;
  }

  /**
   * The work tree when {@code repository} is local (no remote mode), not bare, and has {@code
   * branch} checked out.
   */
  static Optional<WorkTree> of(JGitConfigRepository repository, String branch) {
    Repository r = repository.repository();
    try {
      if (repository.isRemoteMode() || r.isBare() || !branch.equals(r.getBranch())) {
        return Optional.empty();
      }
      return Optional.of(new WorkTree(r));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A hint when a push moved {@code remote}'s {@code branch} while the same branch is checked out
   * in {@code repository}'s work tree, which still shows the old commit.
   */
  static Optional<String> behindRemote(
      JGitConfigRepository repository, String branch, String remote) {
    Repository r = repository.repository();
    try {
      if (r.isBare() || !branch.equals(r.getBranch())) {
        return Optional.empty();
      }
      ObjectId local = r.resolve("refs/heads/" + branch);
      ObjectId pushed = r.resolve("refs/remotes/" + remote + "/" + branch);
      if (local == null || pushed == null || local.equals(pushed)) {
        return Optional.empty();
      }
      boolean fastForward;
      try (RevWalk walk = new RevWalk(r)) {
        fastForward = walk.isMergedInto(walk.parseCommit(local), walk.parseCommit(pushed));
      }
      return !fastForward
          ? Optional.of(
              "note: your checkout of "
                  + branch
                  + " and "
                  + remote
                  + "/"
                  + branch
                  + " have diverged (local commits the remote does not have); a fast-forward"
                  + " cannot bring them together: reconcile them with git rebase or merge")
          : Optional.of(
              "note: your checkout of "
                  + branch
                  + " is behind "
                  + remote
                  + "/"
                  + branch
                  + " now; run git pull --ff-only to see the promotion in the work tree");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refuses when any of {@code paths} differs, in the index or the work tree, from {@code base}.
   *
   * @throws InvalidInputException naming the file with uncommitted changes
   */
  void checkClean(Revision base, List<String> paths) {
    checkIndexUnlocked();
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      var tree = walk.parseCommit(ObjectId.fromString(base.id())).getTree();
      DirCache index = repo.readDirCache();
      for (String path : paths) {
        ObjectId committed;
        try (TreeWalk tw = TreeWalk.forPath(reader, path, tree)) {
          committed = tw == null ? null : tw.getObjectId(0);
        }
        DirCacheEntry entry = index.getEntry(path);
        ObjectId staged = entry == null ? null : entry.getObjectId();
        Path file = repo.getWorkTree().toPath().resolve(path);
        byte[] onDisk = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        byte[] expected = committed == null ? null : reader.open(committed).getBytes();
        boolean clean =
            java.util.Objects.equals(staged, committed) && Arrays.equals(onDisk, expected);
        if (!clean) {
          throw new InvalidInputException(
              path
                  + " has uncommitted changes in "
                  + repo.getWorkTree()
                  + "; commit or stash them first (the promotion would move the checked-out"
                  + " branch under them). Nothing was written");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code paths} as they are in {@code commit} to the index and the work tree. The commit
   * has landed whatever happens here, so a failure is not thrown: it comes back as a warning that
   * says what landed and how to bring the work tree up to date.
   */
  Optional<String> update(Revision commit, List<String> paths) {
    try {
      if (!commit.id().equals(repo.resolve("HEAD").name())) {
        return Optional.empty(); // the checked-out branch did not move to this commit
      }
      var checkout = Git.wrap(repo).checkout().setStartPoint(commit.id());
      paths.forEach(checkout::addPath);
      checkout.call();
      return Optional.empty();
    } catch (IOException | GitAPIException | RuntimeException e) {
      return Optional.of(
          "warning: the promotion landed as "
              + commit.abbreviated()
              + ", but the index and work tree could not be brought up to date ("
              + e.getMessage()
              + "); they still show the previous version of "
              + String.join(", ", paths)
              + ". Run git checkout HEAD -- "
              + String.join(" ", paths)
              + " once no other git process holds the index");
    }
  }

  /**
   * Refuses when another git process holds the index lock: the promotion would move the checked-out
   * branch and then fail to update the index under it.
   *
   * @throws RemoteUnavailableException naming the lock file; nothing was written
   */
  void checkIndexUnlocked() {
    Path lock = repo.getDirectory().toPath().resolve("index.lock");
    if (Files.exists(lock)) {
      throw new RemoteUnavailableException(
          repo.getDirectory().toString(),
          -1,
          false,
          lock
              + " exists: another git process is using the index (or one crashed and left a"
              + " stale lock). The promotion moves the checked-out branch and must update the"
              + " index with it, so nothing was written; try again when no git process is"
              + " running, or delete the stale lock file",
          null);
    }
  }
}
