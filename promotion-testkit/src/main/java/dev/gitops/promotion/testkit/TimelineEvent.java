package dev.gitops.promotion.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened in a simulation: when (simulated time), who did it, what kind of thing,
 * in which environment, a one-line description, and the reasons behind it (gate verdicts, refusal
 * messages).
 *
 * @param time when it happened
 * @param actor who or what acted: a person, {@code CI Bot}, {@code host}, {@code agent}, {@code
 *     promoter}, {@code clock}
 * @param kind what kind of event it is
 * @param environment the environment it concerns, when one
 * @param description what happened, one line
 * @param reasons why: gate verdict reasons, a refusal message; may be empty
 */
public record TimelineEvent(
    Instant time,
    String actor,
    Kind kind,
    Optional<String> environment,
    String description,
    List<String> reasons) {

  /** The kinds of events. */
  public enum Kind {
    /** A direct commit landed on an environment's branch. */
    COMMITTED,
    /** The plan was empty: the image is already in place. */
    NOTHING_TO_DO,
    /** The access policy, provenance, the digest rule or a gate refused a promotion. */
    REFUSED,
    /** A change request was opened. */
    CHANGE_REQUEST_OPENED,
    /** An existing change request was brought up to date. */
    CHANGE_REQUEST_UPDATED,
    /** An older change request was closed in favour of a newer one. */
    CHANGE_REQUEST_SUPERSEDED,
    /** A status check reported on a change request's head. */
    CHECK_REPORTED,
    /** Someone reviewed a change request. */
    REVIEWED,
    /** The gates said not yet. */
    WAITING,
    /** A gate failed; the change request stays open and unmerged. */
    BLOCKED,
    /** A change request was merged. */
    MERGED,
    /** The host refused a merge, or the branch moved. */
    CONFLICT,
    /** A host or agent did not answer (a scripted outage); the step did nothing. */
    UNAVAILABLE,
    /** The GitOps agent synced, rolled out, or an application changed health. */
    AGENT,
    /** The agent confirmed the promoted commit is synced and healthy. */
    VERIFIED,
    /** The agent reports the promoted commit synced but the application failing. */
    VERIFICATION_FAILED,
    /** A wait ran out before what it waited for happened. */
    TIMED_OUT,
    /** Simulated time passed. */
    CLOCK,
    /** A remark from the scenario, or a custom step. */
    NOTE
  }

  /** Validates and copies. */
  public TimelineEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(description, "description");
    reasons = List.copyOf(reasons);
  }

  /** Whether this event concerns {@code environment}. */
  public boolean isIn(String env) {
    return environment.map(env::equals).orElse(false);
  }
}
