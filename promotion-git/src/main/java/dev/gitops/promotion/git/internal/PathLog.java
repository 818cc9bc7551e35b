package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.spi.CommitInfo;
import java.io.IOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The commits that changed one path, newest first ({@code git log --first-parent -- <path>}), read
 * from a history index.
 */
public final class PathLog {
  private PathLog() {}

  /**
   * The commits that changed {@code path} (a file or a folder) on {@code index}'s chain, newest
   * first, at most {@code limit}. A file's log is found and read as the caller iterates: the
   * generic ledger stops at the first image change, so most of a long history is never resolved.
   */
  public static List<CommitInfo> of(
      Repository repo,
      HistoryIndex index,
      String path,
      int limit,
      Function<ObjectId, CommitInfo> commits) {
    if (limit <= 0) {
      return List.of();
    }
    try (ObjectReader reader = repo.newObjectReader()) {
      if (!index.cursor(path, reader).next()) {
        TreeSet<Integer> positions = index.positionsUnder(path, reader);
        int[] newestFirst =
            positions.descendingSet().stream().limit(limit).mapToInt(Integer::intValue).toArray();
        List<CommitInfo> out = new ArrayList<>();
        for (int p : newestFirst) {
          out.add(commits.apply(index.commit(p)));
        }
        return out;
      }
    } catch (IOException e) {
      throw StorageFailures.of(repo, "reading the history of " + path, e);
    }
    return new Lazy(repo, index, path, limit, commits);
  }

  /** A file's log, resolved as far as read; {@link #size()} resolves everything. */
  private static final class Lazy extends AbstractList<CommitInfo> {
    private final Repository repo;
    private final HistoryIndex index;
    private final String path;
    private final int limit;
    private final Function<ObjectId, CommitInfo> commits;
    private final List<Integer> found = new ArrayList<>();
    private boolean done;

    Lazy(
        Repository repo,
        HistoryIndex index,
        String path,
        int limit,
        Function<ObjectId, CommitInfo> commits) {
      this.repo = repo;
      this.index = index;
      this.path = path;
      this.limit = limit;
      this.commits = commits;
    }

    // resolves at least up to index upTo, in doubling batches (each batch re-walks the resolved
    // prefix through cached trees, so the total work stays linear)
    private synchronized boolean resolve(int upTo) {
      if (!done && found.size() <= upTo) {
        long target = Math.max((long) upTo + 1, found.size() * 2L + 4);
        try (ObjectReader reader = repo.newObjectReader()) {
          HistoryIndex.Cursor c = index.cursor(path, reader);
          for (int i = 0; i < found.size(); i++) {
            c.next();
          }
          while (found.size() < target) {
            if (found.size() >= limit || !c.next()) {
              done = true;
              break;
            }
            found.add(c.position());
          }
        } catch (IOException e) {
          throw StorageFailures.of(repo, "reading the history of " + path, e);
        }
      }
      return upTo < found.size();
    }

    @Override
    public CommitInfo get(int i) {
      if (i < 0 || !resolve(i)) {
        throw new IndexOutOfBoundsException(i);
      }
      return commits.apply(index.commit(found.get(i)));
    }

    @Override
    public int size() {
      resolve(Integer.MAX_VALUE - 1);
      return found.size();
    }

    @Override
    public Iterator<CommitInfo> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return resolve(next);
        }

        @Override
        public CommitInfo next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return get(next++);
        }
      };
    }
  }
}
