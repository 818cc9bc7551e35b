package dev.gitops.promotion;

import dev.gitops.promotion.spi.Revision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One entry of the promotion ledger: which image an application runs in an environment, since which
 * commit and when, promoted by whom, from where, approved by whom, with which gate verdicts. Read
 * back from Git history (commit trailers, or the commit itself for changes made by hand).
 *
 * <p>Trailers are claims: anyone who can push a commit can write {@code Promoted-By: Someone Else}.
 * So every record also carries the commit's real {@link #author()} and {@link #committer()}, and a
 * {@link #trust()} level with the {@link #evidence()} behind it: {@link Trust#VERIFIED} only where
 * the library could check the claims (a signature by a trusted key, a merge the host confirms with
 * its approvals, or a direct commit whose {@code Promoted-By} is its own author), {@link
 * Trust#CLAIMED} otherwise. See docs/provenance.md.
 *
 * <p>The {@link Promoter}'s ledger methods ask the host to confirm merges for at most 100 change
 * requests per call (answers are remembered by the promoter); records beyond that stay claimed and
 * their {@link #trustReason()} says so: ask for fewer records, such as one application's history.
 */
@Value.Immutable
public abstract class PromotionRecord {

  /** The environment. */
  public abstract String environment();

  /** The application. */
  public abstract String application();

  /** The image set by the commit. */
  public abstract ImageReference image();

  /** The commit that set it (a merge commit for change-request delivery). */
  public abstract Revision commit();

  /**
   * Who promoted it, as claimed: the {@code Promoted-By} trailer, or the commit author when there
   * is none. Compare with {@link #author()} and see {@link #trust()}.
   */
  public abstract String promotedBy();

  /** The commit's author as Git records it, {@code Name <email>}. */
  public abstract String author();

  /** The commit's committer as Git records it, {@code Name <email>}. */
  public abstract String committer();

  /** Whether the claims of the record (promoter, approvals) could be checked. */
  public abstract Trust trust();

  /** What the trust level rests on. */
  public abstract Evidence evidence();

  /** Why the record has its trust level, in one sentence (names a mismatch when there is one). */
  public abstract String trustReason();

  /**
   * Whether the claimed promoter is the commit author (same email, ignoring case); false for a
   * {@code Promoted-By} trailer that names someone else or is not an identity.
   */
  public abstract boolean promoterIsAuthor();

  /** How far a record's claims could be checked. */
  public enum Trust {
    /** The claims were checked: see {@link PromotionRecord#evidence()}. */
    VERIFIED,
    /** The claims are only what the commit says; nothing could check them. */
    CLAIMED
  }

  /** What a trust level rests on. */
  public enum Evidence {
    /** The commit is signed by a key the configuration trusts. */
    SIGNATURE,
    /** The host confirms the commit is the merge of a change request, with its approvals. */
    HOST_MERGE,
    /** A direct commit whose {@code Promoted-By} (if any) is its own author, without approvals. */
    COMMIT_AUTHOR,
    /** Nothing checks the claims. */
    NONE
  }

  /** When the commit was made. */
  public abstract Instant time();

  /** Where it came from ({@code env@commit}), when the commit says so. */
  public abstract Optional<String> promotedFrom();

  /** The promotion id, when the commit carries one. */
  public abstract Optional<String> promotionId();

  /** Who approved it, from {@code Approved-By} trailers. */
  public abstract List<String> approvals();

  /** Gate verdicts recorded on the commit, as {@code gate: STATUS} lines. */
  public abstract List<String> gateVerdicts();

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PromotionRecord}. */
  public static final class Builder extends ImmutablePromotionRecord.Builder {
    Builder() {}
  }
}
