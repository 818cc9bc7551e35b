package dev.gitops.promotion;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How often the promoter tries a delivery that lost a race (the branch moved, the change request's
 * head moved) before it gives up, and how long it waits in between: the n-th pause is {@code
 * baseDelay * 2^(n-1)}, at most {@code maxDelay}, times a random factor between 0.5 and 1.5 (so
 * that competing promoters do not retry in lockstep). One policy for every backend.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param baseDelay the first pause before the jitter
 * @param maxDelay the longest pause before the jitter
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  /** Five attempts, 200 ms doubling up to 5 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));

  /** One attempt: a lost race is reported at once. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  /** Validates the bounds. */
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 1000) {
      throw new InvalidInputException("maxAttempts must be between 1 and 1000, got " + maxAttempts);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (baseDelay.isNegative() || maxDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new InvalidInputException(
          "retry delays must be >= 0 with maxDelay >= baseDelay, got "
              + baseDelay
              + " and "
              + maxDelay);
    }
  }

  /** The pause after failed attempt {@code attempt} (1-based), with jitter from {@code random}. */
  public Duration pause(int attempt, Random random) {
    long base = baseDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 16);
    long capped = Math.min(maxDelay.toMillis(), base);
    double factor;
    synchronized (random) {
      factor = 0.5 + random.nextDouble();
    }
    return Duration.ofMillis((long) (capped * factor));
  }
}
