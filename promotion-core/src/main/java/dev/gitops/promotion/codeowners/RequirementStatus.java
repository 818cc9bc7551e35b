package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.SafeText;
import java.util.List;
import org.immutables.value.Value;

/** How far the approvals go towards one {@link Requirement}. */
@Value.Immutable
public abstract class RequirementStatus {

  /** The requirement. */
  public abstract Requirement requirement();

  /** The approvers that count for it (each matches at least one of its owners), in given order. */
  public abstract List<String> approvedBy();

  /** How many more approvals from its owners are needed; 0 when satisfied. */
  public int missingApprovals() {
    return Math.max(0, requirement().approvalsRequired() - approvedBy().size());
  }

  /** Whether enough owners approved. */
  public boolean satisfied() {
    return missingApprovals() == 0;
  }

  /** Whether it stops a merge: not satisfied and not optional. */
  public boolean blocking() {
    return !satisfied() && !requirement().optional();
  }

  /**
   * One sentence for a gate's reasons, for example "needs 1 more approval from
   * &#64;org/oncall-approvers for apps/api/overlays/production/image.yaml (line 12:
   * /apps/&#42;/overlays/production/)", or "approved by alice for ...".
   */
  public String reason() {
    Requirement r = requirement();
    StringBuilder sb = new StringBuilder(Texts.sectionPrefix(r));
    if (satisfied()) {
      sb.append("approved by ");
      for (int i = 0; i < approvedBy().size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(SafeText.escapeControls(approvedBy().get(i)));
      }
    } else {
      int missing = missingApprovals();
      sb.append("needs ")
          .append(missing)
          .append(approvedBy().isEmpty() ? "" : " more")
          .append(missing == 1 ? " approval" : " approvals")
          .append(" from ")
          .append(Texts.owners(r.owners()));
    }
    return sb.append(" for ")
        .append(Texts.paths(r.paths()))
        .append(' ')
        .append(Texts.origin(r.rule()))
        .toString();
  }

  @Override
  public String toString() {
    return reason();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RequirementStatus}. */
  public static final class Builder extends ImmutableRequirementStatus.Builder {
    Builder() {}
  }
}
