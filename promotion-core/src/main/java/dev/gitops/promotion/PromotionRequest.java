package dev.gitops.promotion;

import dev.gitops.promotion.spi.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.immutables.value.Value;

/**
 * A request to move images into an environment: one application or several (a release train), each
 * with the image it should run, who asks and why.
 *
 * <pre>{@code
 * PromotionRequest request = PromotionRequest.builder()
 *     .putImages("api-service", ImageReference.parse("ghcr.io/myorg/api-service@sha256:..."))
 *     .targetEnvironment("staging")
 *     .actor(Actor.human("Ada", "ada@example.com"))
 *     .reason("smoke tests green in dev")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class PromotionRequest {

  /** Per application name: the image to run, normally pinned by digest. Never empty. */
  public abstract Map<String, ImageReference> images();

  /** The environment to promote into. */
  public abstract String targetEnvironment();

  /** Who asks. */
  public abstract Actor actor();

  /** Why, for the commit body and the change request. */
  public abstract Optional<String> reason();

  /**
   * For a rollback: the commit that set the image being rolled back ({@code Rollback-Of} trailer).
   * A rollback's images must have run in the target environment before; they need not be what the
   * upstream environments run. Made by {@link Promoter#planRollback}.
   */
  public abstract Optional<Revision> rollbackOf();

  /**
   * More trailers for the promotion commit, after the standard ones: {@code Image-Tag} (the tag an
   * image was resolved from), {@code Tag-Drift}, {@code Auto-Promoted}. Not part of {@link
   * #promotionId()}.
   */
  public abstract List<CommitMessage.Trailer> trailers();

  /**
   * Emergency overrides of gates (freeze and change windows) that come with this request; recorded
   * as {@code Gate-Override} trailers.
   */
  public abstract List<GateOverride> overrides();

  /** Whether this request rolls an environment back to an image it ran before. */
  public boolean isRollback() {
    return rollbackOf().isPresent();
  }

  /**
   * A stable id for this promotion: the same target and images give the same id, so retries and
   * re-plans are recognisable in Git history ({@code Promotion-Id} trailer).
   */
  @Value.Derived
  @Value.Auxiliary
  public String promotionId() {
    StringBuilder key = new StringBuilder(targetEnvironment());
    new TreeMap<>(images())
        .forEach((app, image) -> key.append('\n').append(app).append('=').append(image));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(key.toString().getBytes(StandardCharsets.UTF_8));
      return "prm-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Value.Check
  void check() {
    if (images().isEmpty()) {
      throw new InvalidInputException("a promotion request names no application");
    }
    images().keySet().forEach(app -> Names.check("application", app));
    reason().ifPresent(r -> SafeText.refuseControls("the reason", r));
  }

  /** A request for one application. */
  public static PromotionRequest of(
      String application, ImageReference image, String targetEnvironment, Actor actor) {
    return builder()
        .putImages(application, image)
        .targetEnvironment(targetEnvironment)
        .actor(actor)
        .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PromotionRequest}. */
  public static final class Builder extends ImmutablePromotionRequest.Builder {
    Builder() {}
  }
}
