package dev.gitops.promotion;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Promoter#promoteTrain} did: the waves in order and, per wave that was reached, its
 * delivery and the agent's confirmation. A train stops at the first wave that is not confirmed;
 * running it again resumes there (earlier waves are in place and only verified again).
 *
 * @param waves the order: application names per wave
 * @param delivered per wave reached, in order, what happened to it
 * @param outcome how far the train got
 * @param reason why it stopped, in one sentence
 */
public record TrainResult(
    List<List<String>> waves, List<Wave> delivered, Outcome outcome, String reason) {

  /** How far a train got. */
  public enum Outcome {
    /** Every wave was delivered and confirmed live and healthy. */
    DELIVERED,
    /**
     * A wave waits: its change request waits on gates or review, or its agent has not confirmed it
     * in time. Run the train again later to resume.
     */
    WAITING,
    /** A wave's change request is blocked by a failing gate. */
    BLOCKED,
    /** A wave was delivered and its agent reports it degraded or missing. */
    FAILED
  }

  /**
   * One wave of a train.
   *
   * @param index the wave's number, from 1
   * @param applications the applications moving in it
   * @param result the delivery, empty when every image was already in place
   * @param verifications the agent's confirmation per application, when asked
   */
  public record Wave(
      int index,
      List<String> applications,
      Optional<PromotionResult> result,
      List<Verification> verifications) {

    /** Copies the lists. */
    public Wave {
      applications = List.copyOf(applications);
      verifications = List.copyOf(verifications);
      Objects.requireNonNull(result, "result");
    }

    /** Whether every application of the wave is verified live and healthy. */
    public boolean isConfirmed() {
      return verifications.size() == applications.size()
          && verifications.stream().allMatch(Verification::isVerified);
    }
  }

  /** Copies the lists. */
  public TrainResult {
    waves = waves.stream().map(List::copyOf).toList();
    delivered = List.copyOf(delivered);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether every wave is delivered and confirmed. */
  public boolean isDelivered() {
    return outcome == Outcome.DELIVERED;
  }
}
