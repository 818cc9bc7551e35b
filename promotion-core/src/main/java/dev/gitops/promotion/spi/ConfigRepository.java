package dev.gitops.promotion.spi;

import java.util.List;
import java.util.Optional;

/**
 * The config repository that holds every environment's desired state: read files at a revision,
 * write commits with compare-and-swap, and walk history.
 *
 * <p>Implementations: the JGit adapter in promotion-git and the in-memory one in promotion-testkit;
 * both run {@code ConfigRepositoryContract}.
 */
public interface ConfigRepository {

  /** Where {@code branch} points, or empty when there is no such branch. */
  Optional<Revision> head(String branch);

  /**
   * The content of {@code path} at {@code revision} (UTF-8), or empty when the file does not exist.
   *
   * @throws dev.gitops.promotion.InvalidInputException when the revision is unknown or the path
   *     leaves the repository
   */
  Optional<String> readFile(Revision revision, String path);

  /**
   * Writes a commit and moves the branch, atomically and only if the branch is where {@link
   * CommitRequest#expectedHead()} says.
   *
   * @return the new commit
   * @throws dev.gitops.promotion.PromotionConflictException when the branch moved; nothing is
   *     written
   */
  Revision commit(CommitRequest request);

  /**
   * Commits reachable from {@code from} that changed {@code path}, newest first, at most {@code
   * limit} of them (following first parents and merges as {@code git log -- path} does).
   */
  List<CommitInfo> log(Revision from, String path, int limit);

  /** What the repository knows about one commit. */
  CommitInfo commitInfo(Revision revision);

  /** Paths whose content differs between the two revisions, sorted. */
  List<String> changedPaths(Revision from, Revision to);

  /** Whether {@code ancestor} is {@code descendant} or one of its ancestors. */
  boolean isAncestor(Revision ancestor, Revision descendant);

  /**
   * The branches whose names start with {@code prefix} (for example {@code promote/}), sorted. A
   * promotion started by another process is found again through its branch.
   */
  List<String> branches(String prefix);

  /**
   * Deletes {@code branch} if it is still at {@code expectedHead}; a branch that is already gone is
   * not an error (a host may delete merged branches itself).
   *
   * @throws dev.gitops.promotion.PromotionConflictException when the branch moved; it stays
   */
  void deleteBranch(String branch, Revision expectedHead);

  /**
   * Brings the repository's view of its branches up to date with where they really are (a clone
   * fetches from its remote). The promoter calls it before re-planning after a lost race. A
   * repository that is always current does nothing.
   *
   * @throws dev.gitops.promotion.RemoteUnavailableException when the remote cannot be reached
   */
  default void refresh() {}

  /**
   * An optional capability of this repository, such as {@link PathHistory}, or empty when it has
   * none. The promoter uses a capability when it is present and the plain port methods otherwise,
   * with the same results.
   */
  default <T> Optional<T> capability(Class<T> type) {
    return Optional.empty();
  }
}
