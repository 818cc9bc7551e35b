package dev.gitops.promotion;

/**
 * The state a plan was made against has moved: a branch head is no longer the expected revision,
 * the same value was changed to something else in between, or a change request already exists with
 * other content. Nothing was overwritten. Re-plan and try again.
 */
public final class PromotionConflictException extends PromotionException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what moved, where, and what to do
   */
  public PromotionConflictException(String message) {
    super(message, null);
  }

  /**
   * @param message what moved, where, and what to do
   * @param cause the underlying failure
   */
  public PromotionConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
