package dev.gitops.promotion.git;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * How a {@link JGitConfigRepository} reaches its remote and writes commits.
 *
 * <pre>{@code
 * GitOptions options = GitOptions.builder()
 *     .tokenSource(TokenSource.environment("CONFIG_REPO_TOKEN"))
 *     .depth(50)                                  // shallow clone of huge config repositories
 *     .addBranches("main")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class GitOptions {

  /** The defaults: local mode (no remote), no credentials, no signing. */
  public static GitOptions defaults() {
    return builder().build();
  }

  /**
   * The remote that holds the truth: branch heads are read from its tracking refs and commits are
   * pushed to it with compare-and-swap. Empty means the repository itself is the truth (local
   * mode). {@link JGitConfigRepository#cloneOf} sets {@code origin}.
   */
  public abstract Optional<String> remote();

  /** The token for HTTPS remotes. */
  public abstract Optional<TokenSource> tokenSource();

  /** The SSH set-up for SSH remotes; JGit's defaults (~/.ssh) when empty. */
  public abstract Optional<SshOptions> ssh();

  /** Commit depth for shallow clones and fetches; full history when empty. */
  public abstract OptionalInt depth();

  /** Branches to clone and fetch; all branches when empty. */
  public abstract List<String> branches();

  /** How commits are signed; unsigned when empty. */
  public abstract Optional<CommitSigning> signing();

  /**
   * Files of ASCII-armored OpenPGP public keys whose commit signatures the ledger trusts: a record
   * whose commit is signed by one of them is {@code VERIFIED} by signature (see
   * docs/provenance.md). Keep them outside the config repository, or on a branch only reviewed
   * changes reach. Needs Bouncy Castle ({@code org.eclipse.jgit.gpg.bc}) when not empty.
   */
  public abstract List<java.nio.file.Path> trustedKeys();

  /** Network timeout of one fetch or push. */
  @Value.Default
  public Duration timeout() {
    return Duration.ofSeconds(60);
  }

  /** Threads used to index history; the number of processors unless set. */
  @Value.Default
  public int threads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * From how many new objects one commit writes a single pack file instead of loose objects (bulk
   * promotions of hundreds of applications).
   */
  @Value.Default
  public int packThreshold() {
    return 200;
  }

  /**
   * Whether the first-parent history index is kept under {@code <git dir>/promotion/history} so
   * that the next process extends it instead of reading the whole history again. It holds commit
   * and object ids only, so commits added by other tools are indexed when they are first seen, and
   * a rewritten history is simply indexed anew. True unless set.
   */
  @Value.Default
  public boolean persistHistoryIndex() {
    return true;
  }

  @Value.Check
  void check() {
    if (threads() < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads());
    }
    if (depth().isPresent() && depth().getAsInt() < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth().getAsInt());
    }
  }

  /**
   * The options for logs and messages: a remote given as a URL shows without its user-info, the
   * token source and signing passphrase are never shown.
   */
  @Override
  public String toString() {
    return "GitOptions{remote="
        + remote().map(dev.gitops.promotion.SafeText::forDisplay).orElse("(local)")
        + ", token="
        + (tokenSource().isPresent() ? "***" : "none")
        + ", ssh="
        + ssh().isPresent()
        + ", depth="
        + (depth().isPresent() ? String.valueOf(depth().getAsInt()) : "full")
        + ", branches="
        + branches()
        + ", signing="
        + signing().map(CommitSigning::format).map(String::valueOf).orElse("none")
        + ", trustedKeys="
        + trustedKeys().size()
        + "}";
  }

  /** A builder with every attribute of this one. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.from(this);
    return b;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link GitOptions}. */
  public static final class Builder extends ImmutableGitOptions.Builder {
    Builder() {}
  }
}
