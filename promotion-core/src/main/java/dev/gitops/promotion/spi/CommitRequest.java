package dev.gitops.promotion.spi;

import dev.gitops.promotion.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A commit to write: the edits on top of {@link #parent()}, the message and author, and the
 * compare-and-swap condition on the branch.
 *
 * <p>The branch is moved from {@link #expectedHead()} to the new commit atomically. An empty
 * expected head means the branch must not exist yet. When the branch is not where expected, the
 * repository throws {@link dev.gitops.promotion.PromotionConflictException} and writes nothing.
 */
@Value.Immutable
public abstract class CommitRequest {

  /** The branch to move. */
  public abstract String branch();

  /** The commit the new one is made on (its tree plus the edits). */
  public abstract Revision parent();

  /** Where the branch must point now, or empty when it must not exist. */
  public abstract Optional<Revision> expectedHead();

  /** The files to write. */
  public abstract List<FileEdit> edits();

  /** The full commit message. */
  public abstract String message();

  /** The author (and committer) of the commit. */
  public abstract Actor author();

  /** The author and commit time. */
  public abstract Instant time();

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CommitRequest}. */
  public static final class Builder extends ImmutableCommitRequest.Builder {
    Builder() {}
  }
}
