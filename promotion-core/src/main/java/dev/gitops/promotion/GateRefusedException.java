package dev.gitops.promotion;

/**
 * A gate failed for a move that was asked to land now (a direct commit). Nothing was written. The
 * {@link #verdict()} carries every reason.
 */
public final class GateRefusedException extends PromotionException {
  private static final long serialVersionUID = 1L;

  private final transient Verdict verdict;

  /**
   * @param environment the environment whose gates refused
   * @param verdict the failing verdict
   */
  public GateRefusedException(String environment, Verdict verdict) {
    super(
        "gates of environment '"
            + environment
            + "' refused the promotion: "
            + String.join("; ", verdict.reasons()),
        null);
    this.verdict = verdict;
  }

  /** The aggregated verdict of the environment's gates. */
  public Verdict verdict() {
    return verdict;
  }
}
