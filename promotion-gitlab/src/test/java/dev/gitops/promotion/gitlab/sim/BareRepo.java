package dev.gitops.promotion.gitlab.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
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

/** A real bare Git repository that the GitLab simulator keeps its branches in. */
public final class BareRepo implements AutoCloseable {
  private static final PersonIdent WHO =
      new PersonIdent(
          "Promoter Bot",
          "promoter-bot@example.com",
          Date.from(Instant.parse("2026-10-01T08:00:00Z")),
          TimeZone.getTimeZone(ZoneOffset.UTC));

  public final Path dir;
  public final Repository repo;

  private BareRepo(Path dir, Repository repo) {
    this.dir = dir;
    this.repo = repo;
  }

  /** A bare repository at {@code dir} with {@code main} holding one file. */
  public static BareRepo init(Path dir) {
    try {
      Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call();
      BareRepo r = new BareRepo(dir, git.getRepository());
      r.commitFile("main", "README.md", "config repository\n", "initial");
      return r;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An existing bare repository (a CLI test's remote). */
  public static BareRepo open(Path dir) {
    try {
      return new BareRepo(dir, Git.open(dir.toFile()).getRepository());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized Optional<String> head(String branch) {
    try {
      ObjectId id = repo.resolve(Constants.R_HEADS + branch);
      return Optional.ofNullable(id).map(ObjectId::name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void createBranch(String name, String from) {
    setRef(name, ObjectId.fromString(head(from).orElseThrow()), null);
  }

  public synchronized void deleteBranch(String name) {
    try {
      RefUpdate u = repo.updateRef(Constants.R_HEADS + name);
      u.setForceUpdate(true);
      u.delete();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits {@code path} = {@code content} on top of {@code branch}; returns the new head. */
  public synchronized String commitFile(
      String branch, String path, String content, String message) {
    try (ObjectInserter ins = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Optional<String> parent = head(branch);
      DirCache dc = DirCache.newInCore();
      DirCacheBuilder b = dc.builder();
      if (parent.isPresent()) {
        b.addTree(
            new byte[0], 0, reader, walk.parseCommit(ObjectId.fromString(parent.get())).getTree());
      }
      b.finish();
      ObjectId blob = ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      DirCacheEditor ed = dc.editor();
      ed.add(
          new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry ent) {
              ent.setFileMode(FileMode.REGULAR_FILE);
              ent.setObjectId(blob);
            }
          });
      ed.finish();
      ObjectId tree = dc.writeTree(ins);
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(tree);
      parent.ifPresent(p -> c.setParentId(ObjectId.fromString(p)));
      c.setAuthor(WHO);
      c.setCommitter(WHO);
      c.setMessage(message);
      ObjectId id = ins.insert(c);
      ins.flush();
      setRef(branch, id, parent.map(ObjectId::fromString).orElse(null));
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized Optional<String> read(String branch, String path) {
    try (RevWalk walk = new RevWalk(repo)) {
      Optional<String> head = head(branch);
      if (head.isEmpty()) {
        return Optional.empty();
      }
      RevCommit c = walk.parseCommit(ObjectId.fromString(head.get()));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
        if (tw == null) {
          return Optional.empty();
        }
        return Optional.of(
            new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code source} merges into {@code target} without conflicts. */
  public synchronized boolean mergesCleanly(String target, String source) {
    return merge(target, source, null, false).isPresent();
  }

  /**
   * Merges {@code source} into {@code target} with a merge commit; the new target head, or empty on
   * a conflict (nothing written).
   */
  public synchronized Optional<String> merge(String target, String source, String message) {
    return merge(target, source, message, true);
  }

  private Optional<String> merge(String target, String source, String message, boolean write) {
    try (ObjectInserter ins = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId t = ObjectId.fromString(head(target).orElseThrow());
      ObjectId s = ObjectId.fromString(head(source).orElseThrow());
      ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
      if (!merger.merge(t, s)) {
        return Optional.empty();
      }
      if (!write) {
        return Optional.of("");
      }
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(merger.getResultTreeId());
      c.setParentIds(t, s);
      c.setAuthor(WHO);
      c.setCommitter(WHO);
      c.setMessage(message);
      ObjectId id = ins.insert(c);
      ins.flush();
      setRef(target, id, t);
      return Optional.of(id.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void setRef(String branch, ObjectId id, ObjectId expected) {
    try {
      RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
      u.setNewObjectId(id);
      u.setForceUpdate(true);
      if (expected != null) {
        u.setExpectedOldObjectId(expected);
      }
      RefUpdate.Result r = u.update();
      if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.REJECTED) {
        throw new IllegalStateException("ref update of " + branch + " failed: " + r);
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
