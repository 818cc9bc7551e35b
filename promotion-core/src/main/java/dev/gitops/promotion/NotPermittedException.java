package dev.gitops.promotion;

/**
 * A move that the rules forbid. Nothing was written. {@link #rule()} says which rule refused it, so
 * a caller can tell an access refusal from a provenance one without parsing the message.
 */
public final class NotPermittedException extends PromotionException {
  private static final long serialVersionUID = 1L;

  /** The rule that refused a move. */
  public enum Rule {
    /** The {@link AccessPolicy} does not let this actor deliver this way to this environment. */
    ACCESS_POLICY,
    /** The digest is not what the upstream environment runs (or ran), so it would skip a stage. */
    PROVENANCE,
    /** The environment requires an image pinned by digest and got a mutable tag. */
    DIGEST_REQUIRED
  }

  /** The rule that refused the move. */
  private final Rule rule;

  /**
   * @param rule the rule that refused the move
   * @param message what was refused, why, and what to do instead
   */
  public NotPermittedException(Rule rule, String message) {
    super(message, null);
    this.rule = rule;
  }

  /** Which rule refused the move. */
  public Rule rule() {
    return rule;
  }
}
