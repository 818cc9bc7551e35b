package dev.gitops.promotion;

import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Revision;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A promotion found again from Git and the host ({@link Promoter#find}): its plan, rebuilt from the
 * head commit of its branch and that commit's trailers, its change request, and what its gates say
 * now. Nothing about it lives only in memory: any process can {@link Promoter#advance advance} or
 * {@link Promoter#abort abort} it.
 */
@Value.Immutable
public abstract class PendingPromotion {

  /** The promotion id. */
  public String id() {
    return plan().id();
  }

  /** The plan the branch holds. */
  public abstract PromotionPlan plan();

  /** The promotion's branch. */
  public String branch() {
    return plan().changeRequestBranch();
  }

  /** The head of the promotion's branch when it was found. */
  public abstract Revision branchHead();

  /** Its change request, when one is open (or was, and the host still has it). */
  public abstract Optional<ChangeRequest> changeRequest();

  /** The gates' verdict now, when a change request is open and the gates could be evaluated. */
  public abstract Optional<Verdict> verdict();

  /**
   * Problems that stop it from being merged as it is, for example commits on its branch that the
   * promotion did not make.
   */
  public abstract List<String> problems();

  /** Whether its change request is open. */
  public boolean isOpen() {
    return changeRequest().map(ChangeRequest::isOpen).orElse(false);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PendingPromotion}. */
  public static final class Builder extends ImmutablePendingPromotion.Builder {
    Builder() {}
  }
}
