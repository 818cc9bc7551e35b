package dev.gitops.promotion.spi;

import dev.gitops.promotion.CommitMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

  /** The committer's name; the author's when the repository does not tell them apart. */
  @Value.Default
  public String committerName() {
    return authorName();
  }

  /** The committer's email; the author's when the repository does not tell them apart. */
  @Value.Default
  public String committerEmail() {
    return authorEmail();
  }

  /** Whether the commit carries a signature (OpenPGP or SSH), verified or not. */
  @Value.Default
  public boolean signed() {
    return false;
  }

  /**
   * The key that signed the commit, when the repository verified the signature against a key its
   * configuration trusts (for example {@code OpenPGP 0123ABCD... (Ada <ada@example.com>)}); empty
   * when the commit is unsigned, the signature does not verify, or the key is not trusted.
   */
  public abstract Optional<String> verifiedSigner();

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
