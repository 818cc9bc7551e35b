package dev.gitops.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Gate} says about a promotion: pass, wait (with the earliest time worth looking
 * again), or fail. Every verdict carries human-readable reasons, so a timeline or a change-request
 * comment can say why.
 *
 * @param status pass, wait or fail
 * @param reasons why, one sentence each, never empty
 * @param retryAt for {@link Status#WAIT}: the earliest time the verdict may change, when known
 */
public record Verdict(Status status, List<String> reasons, Optional<Instant> retryAt) {

  /** The three outcomes of a gate. */
  public enum Status {
    /** The gate is satisfied. */
    PASS,
    /** Not yet: look again later (a check is pending, a window is closed, a soak is running). */
    WAIT,
    /** No: the promotion must not land as asked (a check failed, changes were requested). */
    FAIL
  }

  /** Validates that there is a reason and that only a wait carries a retry time. */
  public Verdict {
    Objects.requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(retryAt, "retryAt");
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a verdict needs at least one reason");
    }
    if (status != Status.WAIT && retryAt.isPresent()) {
      throw new IllegalArgumentException("only a WAIT verdict has a retry time, not " + status);
    }
  }

  /** A passing verdict. */
  public static Verdict pass(String reason) {
    return new Verdict(Status.PASS, List.of(reason), Optional.empty());
  }

  /** A failing verdict. */
  public static Verdict fail(String reason) {
    return new Verdict(Status.FAIL, List.of(reason), Optional.empty());
  }

  /** Wait, with no known time at which things change (for example a pending status check). */
  public static Verdict waiting(String reason) {
    return new Verdict(Status.WAIT, List.of(reason), Optional.empty());
  }

  /** Wait until {@code retryAt} at the earliest (for example the end of a freeze window). */
  public static Verdict waitUntil(Instant retryAt, String reason) {
    return new Verdict(Status.WAIT, List.of(reason), Optional.of(retryAt));
  }

  /** Whether the gate is satisfied. */
  public boolean passed() {
    return status == Status.PASS;
  }

  /** Whether the gate says not yet. */
  public boolean isWaiting() {
    return status == Status.WAIT;
  }

  /** Whether the gate refuses. */
  public boolean failed() {
    return status == Status.FAIL;
  }

  /** This verdict with every reason prefixed by {@code "<gate>: "}, for aggregated reports. */
  public Verdict attributedTo(String gateName) {
    return new Verdict(status, reasons.stream().map(r -> gateName + ": " + r).toList(), retryAt);
  }

  @Override
  public String toString() {
    return status
        + retryAt.map(t -> " until " + t).orElse("")
        + " ("
        + String.join("; ", reasons)
        + ")";
  }
}
