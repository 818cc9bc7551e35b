package dev.gitops.promotion;

/**
 * The root of every exception this library throws on purpose. Unchecked: callers catch the subtype
 * they can act on.
 *
 * <ul>
 *   <li>{@link InvalidInputException}: the input is wrong; fix it and call again.
 *   <li>{@link NotPermittedException}: the access policy or a provenance rule refuses the move.
 *   <li>{@link GateRefusedException}: a gate failed; the move may not land as asked.
 *   <li>{@link PromotionConflictException}: the repository or host moved since the plan; re-plan.
 *   <li>{@link RemoteUnavailableException}: a Git remote or an HTTP host failed; maybe retry.
 * </ul>
 *
 * <p>Messages say what was wrong, where, and what to do; they never contain secrets.
 */
public abstract class PromotionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, where, and what to do
   * @param cause the underlying failure, or null
   */
  protected PromotionException(String message, Throwable cause) {
    super(message, cause);
  }
}
