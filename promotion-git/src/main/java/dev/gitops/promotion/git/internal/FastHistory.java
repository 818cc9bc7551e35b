package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.PathHistory;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The JGit repository's {@link PathHistory} capability: the versions of a path come from the
 * first-parent history index (built once per head, extended as it moves), content keys are blob
 * ids, and work is spread over the index threads.
 */
public final class FastHistory implements PathHistory {
  private final Repository repo;
  private final HistoryIndexes indexes;
  private final TreeReader trees;
  private final int threads;
  // reads a path at a commit as the repository's readFile does (links and submodules)
  private final BiFunction<Revision, String, Optional<String>> readFile;

  /** The capability over these parts. */
  public FastHistory(
      Repository repo,
      HistoryIndexes indexes,
      TreeReader trees,
      int threads,
      BiFunction<Revision, String, Optional<String>> readFile) {
    this.repo = repo;
    this.indexes = indexes;
    this.trees = trees;
    this.threads = Math.max(1, threads);
    this.readFile = readFile;
  }

  @Override
  public Versions versions(Revision head, String path) {
    HistoryIndex index = indexes.of(trees.id(head));
    ObjectReader reader = repo.newObjectReader();
    return new IndexedVersions(index, index.cursor(path, reader), reader, path);
  }

  @Override
  public void prepare(Revision head) {
    indexes.of(trees.id(head));
  }

  @Override
  public <T, R> List<R> parallelMap(List<T> items, Function<T, R> function) {
    ExecutorService pool = indexes.pool();
    int n = pool == null ? 1 : Math.max(1, Math.min(threads, items.size() / 32 + 1));
    if (n == 1) {
      return items.stream().map(function).toList();
    }
    int chunk = (items.size() + n - 1) / n;
    @SuppressWarnings("unchecked")
    R[] out = (R[]) new Object[items.size()];
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int from = t * chunk;
      int to = Math.min(items.size(), from + chunk);
      Runnable job =
          () -> {
            for (int i = from; i < to; i++) {
              out[i] = function.apply(items.get(i));
            }
          };
      if (t == n - 1) {
        job.run(); // the calling thread takes the last share
      } else {
        futures.add(pool.submit(job));
      }
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteUnavailableException(
            repo.getDirectory().toString(), -1, true, "interrupted while reading history", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new RemoteUnavailableException(
            repo.getDirectory().toString(),
            -1,
            false,
            "reading history failed: " + e.getCause(),
            e.getCause());
      }
    }
    return java.util.Arrays.asList(out);
  }

  private final class IndexedVersions implements Versions {
    private final HistoryIndex index;
    private final HistoryIndex.Cursor cursor;
    private final ObjectReader reader;
    private final String path;
    private Optional<String> content;

    IndexedVersions(
        HistoryIndex index, HistoryIndex.Cursor cursor, ObjectReader reader, String path) {
      this.index = index;
      this.cursor = cursor;
      this.reader = reader;
      this.path = path;
    }

    @Override
    public boolean next() {
      content = null;
      try {
        return cursor.next();
      } catch (IOException e) {
        throw unreadable(e);
      }
    }

    @Override
    public Revision commit() {
      return Revision.of(index.commit(cursor.position()).name());
    }

    @Override
    public Optional<String> contentKey() {
      ObjectId id = cursor.id();
      if (id == null) {
        return Optional.empty();
      }
      return isFile()
          ? Optional.of(id.name())
          : content().map(c -> "commit:" + commit().id()); // a link: read as readFile does
    }

    @Override
    public Optional<String> content() {
      if (content == null) {
        ObjectId id = cursor.id();
        if (id == null) {
          content = Optional.empty();
        } else if (isFile()) {
          try {
            content = Optional.of(trees.text(reader, id));
          } catch (IOException e) {
            throw unreadable(e);
          }
        } else {
          content = readFile.apply(commit(), path);
        }
      }
      return content;
    }

    private boolean isFile() {
      int mode = cursor.mode();
      return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  private RuntimeException unreadable(IOException e) {
    if (e instanceof org.eclipse.jgit.errors.MissingObjectException missing) {
      return new InvalidInputException(
          "the repository at "
              + repo.getDirectory()
              + " lacks object "
              + missing.getObjectId().name()
              + " (a shallow clone? fetch more history)");
    }
    return new RemoteUnavailableException(
        repo.getDirectory().toString(),
        -1,
        false,
        "reading the repository at " + repo.getDirectory() + " failed: " + e.getMessage(),
        e);
  }
}
