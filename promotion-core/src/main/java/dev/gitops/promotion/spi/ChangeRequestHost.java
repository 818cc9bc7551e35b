package dev.gitops.promotion.spi;

import java.util.List;
import java.util.Optional;

/**
 * A Git host's pull/merge requests, without the host's words: GitHub pull requests and GitLab merge
 * requests are both change requests here.
 *
 * <p>Implementations: promotion-github, promotion-gitlab, and the fake host in promotion-testkit;
 * all run {@code ChangeRequestHostContract}.
 */
public interface ChangeRequestHost {

  /**
   * Opens a change request.
   *
   * @throws dev.gitops.promotion.PromotionConflictException when one is already open for the source
   *     branch
   * @throws dev.gitops.promotion.InvalidInputException when the source branch does not exist
   */
  ChangeRequest open(ChangeRequestSpec spec);

  /** The open change requests into {@code targetBranch}, oldest first. */
  List<ChangeRequest> listOpen(String targetBranch);

  /**
   * The open change request from {@code sourceBranch} into {@code targetBranch}, if any. Hosts that
   * can filter by branch answer with one request; the default filters {@link #listOpen}.
   */
  default Optional<ChangeRequest> findOpen(String sourceBranch, String targetBranch) {
    return listOpen(targetBranch).stream()
        .filter(cr -> cr.sourceBranch().equals(sourceBranch))
        .findFirst();
  }

  /**
   * The change request with this id, freshly read (reviews and checks included).
   *
   * @throws dev.gitops.promotion.InvalidInputException when there is none
   */
  ChangeRequest get(String id);

  /** Sets title, body and labels of an open change request to those of {@code spec}. */
  ChangeRequest update(String id, ChangeRequestSpec spec);

  /** Closes it without merging, leaving {@code comment} on it. */
  ChangeRequest close(String id, String comment);

  /**
   * Merges it, only if its head is still {@code expectedHead}, with {@code commitMessage} as the
   * message of the merge (or squash) commit.
   *
   * @throws dev.gitops.promotion.PromotionConflictException when the head moved or the host refuses
   *     the merge (protection not satisfied, conflicts)
   */
  ChangeRequest merge(String id, Revision expectedHead, String commitMessage);

  /** What the host demands before merging into {@code branch}. */
  BranchProtection protection(String branch);
}
