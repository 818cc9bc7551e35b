package dev.gitops.promotion.spi;

import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.MembershipLookup;
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

  /**
   * Who the host says its credentials belong to, when it can tell; the promoter binds actors to it.
   * Empty by default.
   *
   * @throws dev.gitops.promotion.RemoteUnavailableException when the host cannot be asked
   */
  default Optional<HostIdentity> identity() {
    return Optional.empty();
  }

  /**
   * The CODEOWNERS file that governs merges into {@code branch}, in the host's dialect, found where
   * the host looks for it; empty when there is none or the host has no such feature.
   */
  default Optional<CodeOwners> codeOwnersFor(String branch) {
    return Optional.empty();
  }

  /**
   * Who belongs to the teams and groups that CODEOWNERS files and approval gates name; knows no one
   * by default.
   */
  default MembershipLookup membership() {
    return MembershipLookup.NONE;
  }

  /**
   * The context of the promotion's own commit status: the promoter publishes it on a change
   * request's head whenever it evaluates the gates, so that branch protection can require it and a
   * merge by hand cannot skip them. The required-checks gate never waits for it.
   */
  String GATES_STATUS = "promotion/gates";

  /**
   * Publishes the promotion's own commit status on {@code commit} ({@link #GATES_STATUS}: success
   * when every gate passes, pending while one waits, failure with the reason), so that branch
   * protection can require it. A no-op by default.
   *
   * @param commit the head commit of the change request
   * @param status the status's context ({@link Check#name()}), state and details link
   * @param description one line for people, trimmed to what the host accepts
   */
  default void publishStatus(Revision commit, Check status, String description) {}
}
