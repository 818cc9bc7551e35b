package dev.gitops.promotion;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * A request to put an environment back on an image it ran before: by default the one before the
 * current one, or a given digest from the environment's ledger. A rollback is a promotion of its
 * own (its own commit or change request, the usual trailers, plus {@code Rollback-Of}); its
 * provenance is the environment's own ledger, so {@code Promoted-From} names the commit that set
 * that image there before.
 *
 * <pre>{@code
 * PromotionPlan plan = promoter.planRollback(RollbackRequest.builder()
 *     .environment("production").application("api-service")
 *     .actor(Actor.human("Ada", "ada@example.com"))
 *     .reason("5xx after deploy")
 *     .build());
 * }</pre>
 */
@Value.Immutable
public abstract class RollbackRequest {

  /** The environment to roll back. */
  public abstract String environment();

  /** The application to roll back. */
  public abstract String application();

  /** Who asks. */
  public abstract Actor actor();

  /** Why. */
  public abstract Optional<String> reason();

  /**
   * The digest to return to; it must be in the environment's ledger. The image before the current
   * one unless set.
   */
  public abstract Optional<ImageDigest> to();

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RollbackRequest}. */
  public static final class Builder extends ImmutableRollbackRequest.Builder {
    Builder() {}
  }
}
