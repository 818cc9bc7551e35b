package dev.gitops.promotion;

import dev.gitops.promotion.spi.SyncStatus;
import java.util.Objects;

/**
 * Whether a promoted commit is live: the agent applied it (or a later commit) and the application
 * is healthy.
 *
 * @param environment the environment
 * @param application the application
 * @param outcome verified, pending or failed
 * @param status what the agent reported
 * @param reason why, in one sentence
 */
public record Verification(
    String environment, String application, Outcome outcome, SyncStatus status, String reason) {

  /** The three outcomes. */
  public enum Outcome {
    /** Synced at or past the promoted commit, and healthy. */
    VERIFIED,
    /** Not there yet: the agent has not synced the commit, or the rollout is progressing. */
    PENDING,
    /** The agent synced it and the application is degraded or missing. */
    FAILED
  }

  /** Checks every part is present. */
  public Verification {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether the promotion is live and healthy. */
  public boolean isVerified() {
    return outcome == Outcome.VERIFIED;
  }
}
