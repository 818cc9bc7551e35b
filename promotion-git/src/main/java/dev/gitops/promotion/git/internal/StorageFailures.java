package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.RemoteUnavailableException;
import java.io.IOException;
import org.eclipse.jgit.lib.Repository;

/**
 * Turns a failed local read or write of a Git repository (a corrupt object, a full disk, a file
 * that cannot be opened) into the library's typed failure, naming the repository and the operation;
 * never retryable, since the same call will meet the same files.
 */
public final class StorageFailures {
  private StorageFailures() {}

  /**
   * @param repo the repository that failed
   * @param doing what was being done, like {@code "reading branch main"}
   * @param e the failure
   */
  public static RemoteUnavailableException of(Repository repo, String doing, IOException e) {
    String where = where(repo);
    return new RemoteUnavailableException(
        where,
        -1,
        false,
        "local Git storage failed while " + doing + " in " + where + ": " + e.getMessage(),
        e);
  }

  /** The repository's work tree, or its Git directory when it is bare. */
  static String where(Repository repo) {
    return String.valueOf(repo.isBare() ? repo.getDirectory() : repo.getWorkTree());
  }
}
