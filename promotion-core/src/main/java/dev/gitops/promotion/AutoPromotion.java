package dev.gitops.promotion;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Promoter#autoPromote} did for one application of an environment.
 *
 * @param environment the environment
 * @param application the application
 * @param outcome what happened
 * @param tag the tag the policy picked, if any
 * @param image the image it resolved to ({@code repo:tag@digest}), if any
 * @param result the promotion's result, when one was made ({@link Outcome#PROMOTED} or {@link
 *     Outcome#WAITING})
 * @param message one line for people: why this outcome
 */
public record AutoPromotion(
    String environment,
    String application,
    Outcome outcome,
    Optional<String> tag,
    Optional<ImageReference> image,
    Optional<PromotionResult> result,
    String message) {

  /** The outcomes of an automatic promotion, per application. */
  public enum Outcome {
    /** A newer build was promoted (committed, or its change request opened or updated). */
    PROMOTED,
    /** The environment runs the newest eligible build already. */
    UP_TO_DATE,
    /** A person holds the application (or the environment): left alone. */
    HELD,
    /** No tag of the repository is eligible under the policy. */
    NO_CANDIDATE,
    /** A gate waits; the promotion was not delivered yet. */
    WAITING,
    /** The access policy, provenance or a gate refused the newest build. */
    REFUSED
  }

  /** Checks every part is present. */
  public AutoPromotion {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(message, "message");
  }
}
