package dev.gitops.promotion;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Promoter#verify(String, String, dev.gitops.promotion.spi.Revision, VerificationWait)}
 * waits for a promotion to be live: at most {@code timeout}, asking the agent first after {@code
 * firstPoll} and then at doubling intervals up to {@code maxPoll}, through the promoter's {@link
 * Sleeper} and clock (never a busy loop). With {@code requestSync}, the agent is first asked to
 * reconcile now (an Argo CD sync, a Flux reconcile request) rather than at its next interval.
 *
 * @param timeout the longest wait; zero asks once
 * @param firstPoll the first interval
 * @param maxPoll the longest interval
 * @param requestSync whether to ask the agent to reconcile first
 */
public record VerificationWait(
    Duration timeout, Duration firstPoll, Duration maxPoll, boolean requestSync) {

  /** Checks the durations: none negative, polls above zero, the first no longer than the max. */
  public VerificationWait {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(firstPoll, "firstPoll");
    Objects.requireNonNull(maxPoll, "maxPoll");
    if (timeout.isNegative()) {
      throw new InvalidInputException("the verification timeout must not be negative: " + timeout);
    }
    if (firstPoll.isNegative() || firstPoll.isZero() || maxPoll.compareTo(firstPoll) < 0) {
      throw new InvalidInputException(
          "poll intervals must be above zero, the first no longer than the longest: "
              + firstPoll
              + ", "
              + maxPoll);
    }
  }

  /** Ask once, do not wait. */
  public static VerificationWait none() {
    return new VerificationWait(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(5), false);
  }

  /**
   * Wait at most {@code timeout}, polling from 5 s, doubling up to 1 min, without a sync request.
   */
  public static VerificationWait upTo(Duration timeout) {
    return new VerificationWait(timeout, Duration.ofSeconds(5), Duration.ofMinutes(1), false);
  }

  /** This wait with other poll intervals. */
  public VerificationWait polling(Duration first, Duration max) {
    return new VerificationWait(timeout, first, max, requestSync);
  }

  /** This wait, asking the agent to reconcile first. */
  public VerificationWait withSyncRequest() {
    return new VerificationWait(timeout, firstPoll, maxPoll, true);
  }
}
