package dev.gitops.promotion.spi;

import dev.gitops.promotion.CommitMessage;
import java.time.Instant;
import java.util.List;
import org.immutables.value.Value;

/** What a config repository tells about one commit. */
@Value.Immutable
public abstract class CommitInfo {

  /** The commit's id. */
  public abstract Revision revision();

  /** Its parents, first parent first. */
  public abstract List<Revision> parents();

  /** The author's name. */
  public abstract String authorName();

  /** The author's email. */
  public abstract String authorEmail();

  /** When it was authored. */
  public abstract Instant time();

  /** The full message. */
  public abstract String message();

  /** The message split into subject, body and trailers. */
  @Value.Lazy
  public CommitMessage parsedMessage() {
    return CommitMessage.parse(message());
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CommitInfo}. */
  public static final class Builder extends ImmutableCommitInfo.Builder {
    Builder() {}
  }
}
