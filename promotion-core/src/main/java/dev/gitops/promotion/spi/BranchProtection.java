package dev.gitops.promotion.spi;

import java.util.List;
import org.immutables.value.Value;

/** What a host demands before it merges into a branch. */
@Value.Immutable
public abstract class BranchProtection {

  /** No protection at all. */
  public static final BranchProtection NONE = builder().build();

  /** Status checks that must be satisfied on the head commit. */
  public abstract List<String> requiredChecks();

  /** How many approving reviews are needed. */
  @Value.Default
  public int requiredApprovals() {
    return 0;
  }

  /** Whether an owner from CODEOWNERS must approve. */
  @Value.Default
  public boolean requireCodeOwnerReview() {
    return false;
  }

  /** Whether a new commit dismisses earlier approvals. */
  @Value.Default
  public boolean dismissStaleReviews() {
    return false;
  }

  /** Whether the head must be up to date with the target before merging (strict checks). */
  @Value.Default
  public boolean requireUpToDate() {
    return false;
  }

  /** Whether the most recent push must be approved by someone other than its pusher. */
  @Value.Default
  public boolean requireLastPushApproval() {
    return false;
  }

  @Value.Check
  void check() {
    if (requiredApprovals() < 0 || requiredApprovals() > 10) {
      throw new IllegalArgumentException(
          "requiredApprovals must be between 0 and 10, got " + requiredApprovals());
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BranchProtection}. */
  public static final class Builder extends ImmutableBranchProtection.Builder {
    Builder() {}
  }
}
