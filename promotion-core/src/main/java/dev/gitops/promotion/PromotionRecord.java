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

  /** Who promoted it: the {@code Promoted-By} trailer, or the commit author. */
  public abstract String promotedBy();

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
