package dev.gitops.promotion.gitlab;

import dev.gitops.promotion.spi.Check;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What GitLab says about one merge request's readiness, in GitLab's own terms: its {@code
 * detailed_merge_status}, its head pipeline, its approvals ({@code approvals_left}, {@code
 * approved_by}) and per-rule {@code approval_state} (code-owner rules and their sections included),
 * where the server's tier has them.
 *
 * <p>On a tier or server without the approvals API (GitLab Free answers 403 or 404), {@link
 * #approvals()} and {@link #rules()} are empty, {@link #approvalsFallback()} says why, and {@link
 * #approved()} falls back to {@code detailed_merge_status}: anything but {@code not_approved}
 * counts as approved, as GitLab itself decides there.
 *
 * @param iid the merge request's iid
 * @param headSha the source branch's head commit
 * @param detailedMergeStatus GitLab's {@code detailed_merge_status} ({@code mergeable}, {@code
 *     not_approved}, {@code ci_still_running}, ...; {@code unchecked} when absent)
 * @param headPipeline the head pipeline as a check named {@link GitLabHost#PIPELINE_CHECK}, when
 *     there is one for the current head commit
 * @param approvals the approvals summary, when the server has the approvals API
 * @param rules the approval rules and their state, when the server has {@code approval_state}
 * @param approvalsFallback why approvals or rules are missing, when they are
 */
public record MergeRequestEvidence(
    String iid,
    String headSha,
    String detailedMergeStatus,
    Optional<Check> headPipeline,
    Optional<Approvals> approvals,
    List<ApprovalRule> rules,
    Optional<String> approvalsFallback) {

  /** Checks the parts are present and copies the rules. */
  public MergeRequestEvidence {
    Objects.requireNonNull(iid, "iid");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(detailedMergeStatus, "detailedMergeStatus");
    Objects.requireNonNull(headPipeline, "headPipeline");
    Objects.requireNonNull(approvals, "approvals");
    rules = List.copyOf(rules);
    Objects.requireNonNull(approvalsFallback, "approvalsFallback");
  }

  /** Whether GitLab says the merge request can be merged now ({@code mergeable}). */
  public boolean mergeable() {
    return detailedMergeStatus.equals("mergeable");
  }

  /**
   * Whether the approvals are complete: {@code approvals_left == 0} and every rule that requires
   * approvals approved; without the approvals API, whether {@code detailed_merge_status} is other
   * than {@code not_approved}.
   */
  public boolean approved() {
    if (approvals.isEmpty()) {
      return !detailedMergeStatus.equals("not_approved");
    }
    return approvals.get().left() == 0
        && rules.stream().allMatch(r -> r.required() == 0 || r.approved());
  }

  /**
   * The approvals summary of {@code GET .../merge_requests/:iid/approvals}.
   *
   * @param required how many approvals the merge request needs
   * @param left how many are still missing
   * @param approvedBy the usernames that approved
   */
  public record Approvals(int required, int left, List<String> approvedBy) {
    /** Copies the approvers. */
    public Approvals {
      approvedBy = List.copyOf(approvedBy);
    }
  }

  /**
   * One rule of {@code GET .../merge_requests/:iid/approval_state}.
   *
   * @param name the rule's name (for a code-owner rule, the CODEOWNERS pattern)
   * @param type {@code regular}, {@code code_owner}, {@code report_approver} or {@code
   *     any_approver}
   * @param section the CODEOWNERS section of a code-owner rule ({@code codeowners} for the default
   *     section), when GitLab gives it
   * @param codeOwner whether it is a code-owner rule
   * @param required how many approvals it needs
   * @param approvedBy the usernames whose approvals count for it
   * @param approved whether it is satisfied
   */
  public record ApprovalRule(
      String name,
      String type,
      Optional<String> section,
      boolean codeOwner,
      int required,
      List<String> approvedBy,
      boolean approved) {
    /** Copies the approvers. */
    public ApprovalRule {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(section, "section");
      approvedBy = List.copyOf(approvedBy);
    }
  }
}
