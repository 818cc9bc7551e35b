package dev.gitops.promotion.git.testing;

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
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare Git repository, the remote a simulated change-request host (GitHub, GitLab) serves
 * branches from: commits a file without a work tree, reads files at a branch or commit, and merges
 * in memory as a host's merge button would. Shared by the simulators of promotion-github and
 * promotion-gitlab and by the CLI tests that run against them (promotion-git's test jar).
 *
 * <p>Branch heads are re-read on every call, so pushes made through another {@link Repository} (the
 * CLI under test) are seen. Commits are authored by {@link #AUTHOR} at a fixed instant, so their
 * ids are the same on every run.
 */
public final class BareRepo implements AutoCloseable {
  /** Who the commits made through {@link #commitFile} are by, at a fixed instant. */
  public static final PersonIdent AUTHOR = at("Test", "test@example.com");

  private final Path dir;
  private final Repository repo;

  private BareRepo(Path dir, Repository repo) {
    this.dir = dir;
    this.repo = repo;
  }

  /** A new bare repository at {@code dir} with branch {@code main} holding {@code README.md}. */
  public static BareRepo create(Path dir) {
    try {
      Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call();
      BareRepo r = new BareRepo(dir, git.getRepository());
      r.commitFile("main", "README.md", "config repository\n", "initial commit");
      return r;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bare repository at {@code dir}, which exists (a CLI test's remote). */
  public static BareRepo open(Path dir) {
    try {
      return new BareRepo(dir, Git.open(dir.toFile()).getRepository());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An identity at the fixed instant the commits of this class carry (a merge button's). */
  public static PersonIdent at(String name, String email) {
    return new PersonIdent(
        name,
        email,
        Date.from(Instant.parse("2026-10-01T08:00:00Z")),
        TimeZone.getTimeZone(ZoneOffset.UTC));
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
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      return ref == null ? Optional.empty() : Optional.of(ref.getObjectId().name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates branch {@code name}, which does not exist yet, at the head of {@code from}. */
  public synchronized void createBranch(String name, String from) {
    move(name, ObjectId.fromString(head(from).orElseThrow()), null);
  }

  /** Deletes a branch (nothing when it does not exist). */
  public synchronized void deleteBranch(String name) {
    try {
      RefUpdate u = repo.updateRef(Constants.R_HEADS + name);
      u.setForceUpdate(true);
      u.delete();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commits {@code path} with {@code content} on top of {@code branch} (created when missing),
   * keeping every other file; the new head.
   */
  public synchronized String commitFile(
      String branch, String path, String content, String message) {
    try (ObjectInserter ins = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Optional<String> parent = head(branch);
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      if (parent.isPresent()) {
        builder.addTree(
            new byte[0], 0, reader, walk.parseCommit(ObjectId.fromString(parent.get())).getTree());
      }
      builder.finish();
      ObjectId blob = ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      DirCacheEditor editor = index.editor();
      editor.add(
          new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry e) {
              e.setFileMode(FileMode.REGULAR_FILE);
              e.setObjectId(blob);
            }
          });
      editor.finish();
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(index.writeTree(ins));
      parent.ifPresent(p -> c.setParentId(ObjectId.fromString(p)));
      c.setAuthor(AUTHOR);
      c.setCommitter(AUTHOR);
      c.setMessage(withNewline(message));
      ObjectId id = ins.insert(c);
      ins.flush();
      move(branch, id, parent.map(ObjectId::fromString).orElse(null));
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of file {@code path} at {@code refOrSha} (a branch or a full commit id). */
  public synchronized Optional<byte[]> read(String refOrSha, String path) {
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Optional<String> sha =
          refOrSha.matches("[0-9a-f]{40}") ? Optional.of(refOrSha) : head(refOrSha);
      if (sha.isEmpty()) {
        return Optional.empty();
      }
      RevCommit commit = walk.parseCommit(ObjectId.fromString(sha.get()));
      try (TreeWalk tw = TreeWalk.forPath(reader, path, commit.getTree())) {
        if (tw == null || (tw.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          return Optional.empty();
        }
        return Optional.of(reader.open(tw.getObjectId(0)).getBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text (UTF-8) of file {@code path} at {@code refOrSha}. */
  public Optional<String> readString(String refOrSha, String path) {
    return read(refOrSha, path).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * Merges commit {@code headSha} into commit {@code baseSha} in memory: the merged tree, or empty
   * on a conflict. Nothing is written to the branches.
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

  /** Whether branch {@code source} merges into branch {@code target} without conflicts. */
  public synchronized boolean mergesCleanly(String target, String source) {
    return mergeTree(head(target).orElseThrow(), head(source).orElseThrow()).isPresent();
  }

  /**
   * Merges branch {@code source} into branch {@code target} with a merge commit by {@code who}; the
   * new target head, or empty on a conflict (nothing written).
   */
  public synchronized Optional<String> merge(
      String target, String source, String message, PersonIdent who) {
    String targetSha = head(target).orElseThrow();
    String sourceSha = head(source).orElseThrow();
    return mergeTree(targetSha, sourceSha)
        .map(tree -> writeMerge(target, targetSha, sourceSha, tree, message, false, who));
  }

  /**
   * Writes the merge {@code tree} of {@code headSha} into branch {@code base} (a merge commit, or
   * one squashed commit) by {@code who}, and moves {@code base} from {@code baseSha}; the new
   * commit.
   */
  public synchronized String writeMerge(
      String base,
      String baseSha,
      String headSha,
      ObjectId tree,
      String message,
      boolean squash,
      PersonIdent who) {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(tree);
      if (squash) {
        c.setParentId(ObjectId.fromString(baseSha));
      } else {
        c.setParentIds(ObjectId.fromString(baseSha), ObjectId.fromString(headSha));
      }
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(withNewline(message));
      ObjectId id = ins.insert(c);
      ins.flush();
      move(base, id, ObjectId.fromString(baseSha));
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether commit {@code ancestor} is reachable from commit {@code sha}. */
  public synchronized boolean contains(String sha, String ancestor) {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.isMergedInto(
          walk.parseCommit(ObjectId.fromString(ancestor)),
          walk.parseCommit(ObjectId.fromString(sha)));
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

  /** The full message of a commit. */
  public synchronized String message(String sha) {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(ObjectId.fromString(sha)).getFullMessage();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withNewline(String message) {
    return message.endsWith("\n") ? message : message + "\n";
  }

  /** Moves {@code branch} to {@code to} if it is at {@code expected} (null: does not exist). */
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
