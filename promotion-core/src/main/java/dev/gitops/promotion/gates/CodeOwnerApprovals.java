package dev.gitops.promotion.gates;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.codeowners.ApprovalEvaluation;
import dev.gitops.promotion.codeowners.Approver;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Owner;
import dev.gitops.promotion.codeowners.Requirement;
import dev.gitops.promotion.codeowners.RequirementStatus;
import dev.gitops.promotion.spi.ChangeRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Code owners of the changed paths approve, as the target branch's CODEOWNERS file says (GitHub or
 * GitLab dialect, {@link CodeOwners}): per owning rule, enough approvals from its users or members
 * of its teams and groups (membership as the host reports it). Approvals are counted as {@link
 * Approvals} counts them: latest review per person, stale ones dropped with {@code headOnly}, and
 * never the change's author, the promoted commit's author or bots. Without a CODEOWNERS file, or
 * when nobody owns the changed paths, the gate passes and says so.
 */
public final class CodeOwnerApprovals implements ApprovalGate {
  private final Optional<Boolean> headOnly;

  private CodeOwnerApprovals(Optional<Boolean> headOnly) {
    this.headOnly = headOnly;
  }

  /** The gate, with stale approvals dropped when branch protection dismisses stale reviews. */
  public static CodeOwnerApprovals create() {
    return new CodeOwnerApprovals(Optional.empty());
  }

  /** Whether only approvals of the head commit count; branch protection decides unless set. */
  public CodeOwnerApprovals headOnly(boolean headOnly) {
    return new CodeOwnerApprovals(Optional.of(headOnly));
  }

  @Override
  public String name() {
    return "code-owners";
  }

  @Override
  public Verdict evaluate(GateContext context) {
    Optional<CodeOwners> file = context.codeOwners();
    if (file.isEmpty() || file.get().isEmpty()) {
      return Verdict.pass(
          "no CODEOWNERS file governs " + SafeText.forDisplay(context.environment().branch()));
    }
    List<Requirement> requirements = file.get().requirements(context.changedPaths());
    if (requirements.stream().allMatch(Requirement::optional)) {
      return Verdict.pass("no code owner must approve the changed paths");
    }
    Optional<ChangeRequest> cr = context.changeRequest();
    if (cr.isEmpty()) {
      if (context.plan().delivery() == Delivery.DIRECT_COMMIT) {
        return Verdict.fail(
            "code owners approve on a change request, but environment '"
                + context.environment().name()
                + "' takes direct commits; use change-request delivery or drop the gate");
      }
      List<String> reasons = new ArrayList<>();
      reasons.add("no change request yet; it will need code owners:");
      requirements.stream().filter(r -> !r.optional()).forEach(r -> reasons.add(r.toString()));
      return new Verdict(Verdict.Status.WAIT, reasons, Optional.empty());
    }
    Reviewers reviewers = Reviewers.of(context, cr.get(), headOnly(context));
    ApprovalEvaluation evaluation = evaluation(context, requirements, reviewers);
    if (evaluation.satisfied()) {
      List<String> reasons = new ArrayList<>();
      evaluation.statuses().stream()
          .filter(RequirementStatus::satisfied)
          .forEach(s -> reasons.add(s.reason()));
      if (reasons.isEmpty()) {
        reasons.add("no code owner must approve the changed paths");
      }
      return new Verdict(Verdict.Status.PASS, reasons, Optional.empty());
    }
    List<String> reasons = new ArrayList<>(evaluation.reasons());
    if (!reviewers.notCounted().isEmpty()) {
      reasons.add(reviewers.notCountedText().substring(2));
    }
    return new Verdict(Verdict.Status.WAIT, reasons, Optional.empty());
  }

  @Override
  public List<String> stillNeeded(GateContext context) {
    Optional<CodeOwners> file = context.codeOwners();
    if (file.isEmpty()) {
      return List.of();
    }
    List<Requirement> requirements = file.get().requirements(context.changedPaths());
    LinkedHashSet<String> needs = new LinkedHashSet<>();
    if (context.changeRequest().isEmpty()) {
      requirements.stream()
          .filter(r -> !r.optional())
          .forEach(r -> r.owners().forEach(o -> needs.add(o.toString())));
      return List.copyOf(needs);
    }
    Reviewers reviewers = Reviewers.of(context, context.changeRequest().get(), headOnly(context));
    for (RequirementStatus s : evaluation(context, requirements, reviewers).blocking()) {
      String owners =
          String.join(" or ", s.requirement().owners().stream().map(Owner::toString).toList());
      needs.add(
          (s.missingApprovals() > 1 ? s.missingApprovals() + " of " : "")
              + owners
              + " for "
              + String.join(", ", s.requirement().paths()));
    }
    return List.copyOf(needs);
  }

  private static ApprovalEvaluation evaluation(
      GateContext context, List<Requirement> requirements, Reviewers reviewers) {
    List<Approver> approvers = reviewers.counted().stream().map(Approver::of).toList();
    return ApprovalEvaluation.of(requirements, approvers, context.membership());
  }

  private boolean headOnly(GateContext context) {
    return headOnly.orElse(context.protection().dismissStaleReviews());
  }

  @Override
  public String toString() {
    return name();
  }
}
