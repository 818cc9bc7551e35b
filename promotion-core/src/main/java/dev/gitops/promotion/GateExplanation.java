package dev.gitops.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One gate's line in an {@link Explanation}: its verdict with reasons, how long until a wait can
 * clear (a soak's remaining time, when a window opens), and who still has to approve.
 *
 * @param gate the gate's name
 * @param verdict what the gate says now
 * @param clearsIn for a wait with a known time: how long from the explanation's time until then
 * @param stillNeeded who still has to approve (owners, groups, "1 more reviewer"); empty when
 *     nobody or when the gate does not wait for people
 * @param enforced whether the gate decides the merge ({@code false} for the planner's rules, which
 *     are checked when the promotion is planned and are shown for completeness)
 */
public record GateExplanation(
    String gate,
    Verdict verdict,
    Optional<Duration> clearsIn,
    List<String> stillNeeded,
    boolean enforced) {

  /** Checks the parts and copies the list. */
  public GateExplanation {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(clearsIn, "clearsIn");
    stillNeeded = List.copyOf(stillNeeded);
  }

  /** When a wait can clear, if known. */
  public Optional<Instant> clearsAt() {
    return verdict.retryAt();
  }
}
