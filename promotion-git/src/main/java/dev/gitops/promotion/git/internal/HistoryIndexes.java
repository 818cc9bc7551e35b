package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The history indexes of one repository: the few most recently used in memory, the newest few
 * persisted under {@code <git dir>/promotion/history/<head>.idx} (when asked), and the threads that
 * build them.
 */
public final class HistoryIndexes {
  private static final int IN_MEMORY = 8;
  private static final int PERSISTED = 4;

  private final Repository repo;
  private final int threads;
  private final boolean persist;
  private final Object lock = new Object();
  private final LinkedHashMap<ObjectId, HistoryIndex> indexes =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, HistoryIndex> eldest) {
          return size() > IN_MEMORY;
        }
      };
  private ExecutorService pool;

  /**
   * The indexes of {@code repo}, built with up to {@code threads} threads and persisted when {@code
   * persist} holds.
   */
  public HistoryIndexes(Repository repo, int threads, boolean persist) {
    this.repo = repo;
    this.threads = threads;
    this.persist = persist;
  }

  /**
   * The index of the first-parent chain ending at {@code head}: known, or built by extending a
   * known one, or built from the history.
   *
   * @throws InvalidInputException when {@code head} is not in the repository
   */
  public HistoryIndex of(ObjectId head) {
    synchronized (lock) {
      try {
        HistoryIndex known = indexes.get(head);
        if (known != null) {
          return known;
        }
        if (indexes.isEmpty()) {
          loadPersisted(head);
        }
        HistoryIndex idx = HistoryIndex.build(repo, head, Map.copyOf(indexes), threads, pool());
        boolean built = !indexes.containsKey(idx.head());
        indexes.put(idx.head(), idx);
        if (built) {
          persist(idx);
        }
        return idx;
      } catch (MissingObjectException e) {
        throw new InvalidInputException("unknown revision " + head.name());
      } catch (IOException e) {
        throw StorageFailures.of(repo, "indexing the history of " + head.name(), e);
      }
    }
  }

  /**
   * A regular file's blob at a commit on an indexed first-parent chain: the entry of the newest
   * change at or before that commit. Empty for anything else (not indexed, absent, a link), which
   * is then left to a path walk through the tree.
   */
  public Optional<ObjectId> fileAt(ObjectReader reader, ObjectId commit, String path)
      throws IOException {
    List<HistoryIndex> candidates;
    synchronized (lock) {
      candidates = List.copyOf(indexes.values());
    }
    for (HistoryIndex idx : candidates) {
      int at = idx.positionOf(commit);
      if (at < 0) {
        continue;
      }
      HistoryIndex.Cursor c = idx.cursor(path, reader);
      while (c.next()) {
        if (c.position() <= at) {
          boolean file =
              c.id() != null
                  && (FileMode.REGULAR_FILE.equals(c.mode())
                      || FileMode.EXECUTABLE_FILE.equals(c.mode()));
          return file ? Optional.of(c.id()) : Optional.empty();
        }
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The threads that build indexes and read history in parallel, or null with one thread. */
  public ExecutorService pool() {
    synchronized (lock) {
      if (pool == null && threads > 1) {
        pool =
            Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "promotion-git-index");
                  t.setDaemon(true);
                  return t;
                });
      }
      return pool;
    }
  }

  /** Stops the indexing threads. */
  public void close() {
    synchronized (lock) {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private Path dir() {
    return repo.getDirectory().toPath().resolve("promotion").resolve("history");
  }

  private void loadPersisted(ObjectId head) {
    if (!persist) {
      return;
    }
    Path dir = dir();
    Path exact = dir.resolve(head.name() + ".idx");
    try (var files = Files.list(dir)) {
      List<Path> all =
          Files.exists(exact)
              ? List.of(exact)
              : files.filter(f -> f.toString().endsWith(".idx")).toList();
      for (Path f : all) {
        HistoryIndex idx = HistoryIndex.readFrom(f);
        if (idx != null && !idx.truncated()) {
          indexes.put(idx.head(), idx);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // no cache, or an unreadable one: the index is built from the history instead
    }
  }

  private void persist(HistoryIndex idx) {
    if (!persist || idx.truncated()) {
      return;
    }
    try {
      Path dir = dir();
      Files.createDirectories(dir);
      idx.writeTo(dir.resolve(idx.head().name() + ".idx"));
      try (var files = Files.list(dir)) {
        List<Path> old =
            files
                .filter(f -> f.toString().endsWith(".idx"))
                .sorted(Comparator.comparing((Path f) -> f.toFile().lastModified()).reversed())
                .skip(PERSISTED)
                .toList();
        for (Path f : old) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // a read-only repository: the index lives in memory only
    }
  }
}
