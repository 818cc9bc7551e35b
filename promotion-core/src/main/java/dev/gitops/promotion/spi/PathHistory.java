package dev.gitops.promotion.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An optional capability of a {@link ConfigRepository} (see {@link
 * ConfigRepository#capability(Class)}): walks the versions of one file along a branch's history
 * faster than {@link ConfigRepository#log} and {@link ConfigRepository#readFile} can, and reads
 * many files in parallel. The ledger uses it when present; without it the ledger reads through the
 * port's plain methods and gives the same answers (promotion-git tests that they agree).
 */
public interface PathHistory {

  /**
   * The versions of {@code path} along the first-parent history of {@code head}, newest first: one
   * entry per commit that changed the file (added, modified or deleted it), as {@code git log
   * --first-parent -- path} lists them.
   */
  Versions versions(Revision head, String path);

  /**
   * Readies the history of {@code head} for reads from several threads; the promoter calls it
   * before {@link #parallelMap} over versions of that head (the JGit repository builds its history
   * index here, with its own threads, so that no reader waits for them). A no-op by default.
   */
  default void prepare(Revision head) {}

  /**
   * Applies {@code function} to every item and returns the results in order, spreading the work
   * over the repository's threads where it has them. {@code function} must be thread-safe.
   */
  <T, R> List<R> parallelMap(List<T> items, Function<T, R> function);

  /** A cursor over the versions of one file, newest first; not thread-safe. */
  interface Versions extends AutoCloseable {

    /** Moves to the next older version; false when there is none. */
    boolean next();

    /** The commit of the current version. */
    Revision commit();

    /**
     * A key equal for equal content (a blob id), or empty when the commit deleted the file; lets
     * the ledger read each distinct content once.
     */
    Optional<String> contentKey();

    /** The file's content in the current version, or empty when the commit deleted it. */
    Optional<String> content();

    /** Releases what the cursor holds. */
    @Override
    void close();
  }
}
