package dev.gitops.promotion.github.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare Git repository, the remote the simulated GitHub serves branches from: commits without
 * a work tree, reads files at a branch, and merges in memory as GitHub's merge button would.
 */
public final class BareRepo implements AutoCloseable {
  private final Repository repo;
  private final Path dir;

  private BareRepo(Repository repo, Path dir) {
    this.repo = repo;
    this.dir = dir;
  }

  /** A new bare repository at {@code dir} with branch {@code main} holding {@code README.md}. */
  public static BareRepo create(Path dir) {
    try {
      Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call();
      BareRepo r = new BareRepo(git.getRepository(), dir);
      r.commit("main", "README.md", "config repository\n", "initial commit");
      return r;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bare repository at {@code dir}, which exists. */
  public static BareRepo open(Path dir) {
    try {
      return new BareRepo(Git.open(dir.toFile()).getRepository(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where it is (a Git URL for JGit and git). */
  public Path dir() {
    return dir;
  }

  /** The JGit repository. */
  public Repository repository() {
    return repo;
  }

  /** The head of {@code branch}, if it exists. */
  public synchronized Optional<String> head(String branch) {
    try {
      repo.getRefDatabase().refresh();
      var ref = repo.exactRef(Constants.R_HEADS + branch);
      return ref == null ? Optional.empty() : Optional.of(ref.getObjectId().name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates {@code name} at the head of {@code from}. */
  public synchronized void branch(String name, String from) {
    move(name, ObjectId.fromString(head(from).orElseThrow()), null);
  }

  /** Deletes a branch. */
  public synchronized void delete(String name) {
    try {
      RefUpdate u = repo.updateRef(Constants.R_HEADS + name);
      u.setForceUpdate(true);
      u.delete();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits {@code path} with {@code content} on {@code branch} (created when missing). */
  public synchronized String commit(String branch, String path, String content, String message) {
    try (ObjectInserter ins = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Optional<String> parent = head(branch);
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      if (parent.isPresent()) {
        RevCommit p = walk.parseCommit(ObjectId.fromString(parent.get()));
        try (TreeWalk tw = new TreeWalk(reader)) {
          tw.addTree(p.getTree());
          tw.setRecursive(true);
          while (tw.next()) {
            if (!tw.getPathString().equals(path)) {
              DirCacheEntry e = new DirCacheEntry(tw.getPathString());
              e.setFileMode(tw.getFileMode(0));
              e.setObjectId(tw.getObjectId(0));
              builder.add(e);
            }
          }
        }
      }
      DirCacheEntry e = new DirCacheEntry(path);
      e.setFileMode(FileMode.REGULAR_FILE);
      e.setObjectId(ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
      builder.add(e);
      builder.finish();
      ObjectId tree = index.writeTree(ins);
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(tree);
      parent.ifPresent(p -> c.setParentId(ObjectId.fromString(p)));
      PersonIdent who = new PersonIdent("Test", "test@example.com");
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(message + "\n");
      ObjectId id = ins.insert(c);
      ins.flush();
      move(branch, id, parent.map(ObjectId::fromString).orElse(null));
      return id.name();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The content of {@code path} at {@code refOrSha}. */
  public synchronized Optional<byte[]> read(String refOrSha, String path) {
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      repo.getRefDatabase().refresh();
      ObjectId id =
          refOrSha.matches("[0-9a-f]{40}")
              ? ObjectId.fromString(refOrSha)
              : repo.resolve(Constants.R_HEADS + refOrSha);
      if (id == null) {
        return Optional.empty();
      }
      RevCommit commit = walk.parseCommit(id);
      try (TreeWalk tw = TreeWalk.forPath(reader, path, commit.getTree())) {
        if (tw == null || tw.getFileMode(0) != FileMode.REGULAR_FILE) {
          return Optional.empty();
        }
        return Optional.of(reader.open(tw.getObjectId(0)).getBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges {@code head} into {@code base} in memory: the merged tree, or empty on a conflict.
   * Nothing is written to the branches.
   */
  public synchronized Optional<ObjectId> mergeTree(String baseSha, String headSha) {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      ResolveMerger merger =
          (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(ins, repo.getConfig());
      boolean clean = merger.merge(ObjectId.fromString(baseSha), ObjectId.fromString(headSha));
      ins.flush();
      return clean ? Optional.of(merger.getResultTreeId()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code ancestor} is reachable from {@code sha}. */
  public synchronized boolean contains(String sha, String ancestor) {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.isMergedInto(
          walk.parseCommit(ObjectId.fromString(ancestor)),
          walk.parseCommit(ObjectId.fromString(sha)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the merge of {@code headSha} into {@code base} (a merge commit, or one squashed commit)
   * and moves {@code base} from {@code baseSha}; the new commit.
   */
  public synchronized String writeMerge(
      String base, String baseSha, String headSha, ObjectId tree, String message, boolean squash) {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(tree);
      if (squash) {
        c.setParentId(ObjectId.fromString(baseSha));
      } else {
        c.setParentIds(ObjectId.fromString(baseSha), ObjectId.fromString(headSha));
      }
      PersonIdent who = new PersonIdent("GitHub", "noreply@github.com");
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(message.endsWith("\n") ? message : message + "\n");
      ObjectId id = ins.insert(c);
      ins.flush();
      move(base, id, ObjectId.fromString(baseSha));
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether two commits have the same tree (nothing between them). */
  public synchronized boolean sameTree(String a, String b) {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(ObjectId.fromString(a))
          .getTree()
          .equals(walk.parseCommit(ObjectId.fromString(b)).getTree());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The message of a commit. */
  public synchronized String message(String sha) {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(ObjectId.fromString(sha)).getFullMessage();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void move(String branch, ObjectId to, ObjectId expected) {
    try {
      RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
      u.setNewObjectId(to);
      u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
      RefUpdate.Result r = u.update();
      if (r != RefUpdate.Result.NEW
          && r != RefUpdate.Result.FAST_FORWARD
          && r != RefUpdate.Result.FORCED) {
        throw new IllegalStateException("cannot move " + branch + ": " + r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    repo.close();
  }
}
