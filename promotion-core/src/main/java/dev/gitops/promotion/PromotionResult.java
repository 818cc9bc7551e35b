package dev.gitops.promotion;

import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Revision;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** What {@link Promoter#execute} or {@link Promoter#advance} did. */
@Value.Immutable
public abstract class PromotionResult {

  /** The outcome of a delivery step. */
  public enum Outcome {
    /** The plan was empty: everything was already in place. Nothing was written. */
    NOTHING_TO_DO,
    /** A direct commit landed on the environment's branch. */
    COMMITTED,
    /** A change request was opened for the plan. */
    CHANGE_REQUEST_OPENED,
    /** The plan's change request already existed and was brought up to date. */
    CHANGE_REQUEST_UPDATED,
    /** Gates say not yet; nothing landed. Look again at the verdict's retry time. */
    WAITING,
    /** A gate failed; the change request stays open but will not be merged as it is. */
    BLOCKED,
    /** The change request was merged into the environment's branch. */
    MERGED,
    /** The change request was closed or merged by someone else in the meantime. */
    CLOSED,
    /** The promotion was aborted: its change request closed and its branch deleted. */
    ABORTED
  }

  /** The plan this result is about. */
  public abstract PromotionPlan plan();

  /** What happened. */
  public abstract Outcome outcome();

  /** The commit now on the environment's branch (direct commit or merge), when one landed. */
  public abstract Optional<Revision> commit();

  /** The change request, for change-request delivery. */
  public abstract Optional<ChangeRequest> changeRequest();

  /** The aggregated gate verdict, when gates were evaluated. */
  public abstract Optional<Verdict> verdict();

  /** Older open change requests that this one replaced (closed with a comment). */
  public abstract List<ChangeRequest> superseded();

  /** Whether the promotion landed on the environment's branch. */
  public boolean landed() {
    return outcome() == Outcome.COMMITTED || outcome() == Outcome.MERGED;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PromotionResult}. */
  public static final class Builder extends ImmutablePromotionResult.Builder {
    Builder() {}
  }
}
