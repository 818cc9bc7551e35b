package dev.gitops.promotion.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A status check on a change request's head commit: a commit status or a check run.
 *
 * @param name the context or check name, for example {@code smoke-tests}
 * @param state the check's state
 * @param detailsUrl where to read more, when the host gives it
 * @param description the one-line description a commit status carries, when the host gives it
 */
public record Check(
    String name, State state, Optional<String> detailsUrl, Optional<String> description) {

  /** The states a check can be in, normalized across GitHub statuses, check runs and GitLab. */
  public enum State {
    /** Queued or running. */
    PENDING,
    /** Finished and passed. */
    SUCCESS,
    /** Finished and failed (also errors, time-outs, cancellations). */
    FAILURE,
    /** Finished without a verdict; satisfies a required check as GitHub treats it. */
    NEUTRAL,
    /** Skipped; satisfies a required check as GitHub treats it. */
    SKIPPED
  }

  /** Checks the parts are present. */
  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detailsUrl, "detailsUrl");
    Objects.requireNonNull(description, "description");
  }

  /** A check without a description (a check run, or a host that gives none). */
  public Check(String name, State state, Optional<String> detailsUrl) {
    this(name, state, detailsUrl, Optional.empty());
  }

  /** A check without a details URL. */
  public static Check of(String name, State state) {
    return new Check(name, state, Optional.empty());
  }

  /** Whether the check counts as passed for branch protection. */
  public boolean isSatisfied() {
    return state == State.SUCCESS || state == State.NEUTRAL || state == State.SKIPPED;
  }
}
