package dev.gitops.promotion.http;

import java.time.Duration;
import org.immutables.value.Value;

/**
 * How a {@link RestClient} retries one call: how many attempts, how the backoff grows, and the
 * budget of time one call may spend waiting. When the next wait would exceed the budget, the call
 * fails at once with a retryable {@link dev.gitops.promotion.RemoteUnavailableException} whose
 * {@code retryAt()} says when to try again, so that a promotion is never stuck in a sleep.
 *
 * <p>What is retried: connection failures and timeouts (before the request was sent, for every
 * method; after, only for idempotent requests), 502/503/504 (idempotent requests), 429 and
 * rate-limited 403 (every method: the host did not act on them).
 *
 * <pre>{@code
 * HttpRetryPolicy patient = HttpRetryPolicy.builder().maxAttempts(6).maxWait(Duration.ofMinutes(10)).build();
 * }</pre>
 */
@Value.Immutable
public abstract class HttpRetryPolicy {

  /**
   * The defaults: 4 attempts, backoff from 1 s doubling up to 30 s with jitter, secondary rate
   * limits waited for at least 60 s, at most 2 minutes of waiting per call.
   */
  public static HttpRetryPolicy defaults() {
    return builder().build();
  }

  /** One attempt, no waiting: every failure goes straight to the caller. */
  public static HttpRetryPolicy none() {
    return builder().maxAttempts(1).maxWait(Duration.ZERO).build();
  }

  /** Attempts per call, the first included; at least 1. */
  @Value.Default
  public int maxAttempts() {
    return 4;
  }

  /** The backoff before the first retry; each further retry doubles it. */
  @Value.Default
  public Duration initialBackoff() {
    return Duration.ofSeconds(1);
  }

  /** The longest backoff between two attempts (rate-limit waits are not capped by it). */
  @Value.Default
  public Duration maxBackoff() {
    return Duration.ofSeconds(30);
  }

  /**
   * The wait after a secondary rate limit that gives no hint (a 429 without {@code Retry-After}, a
   * 403 whose message speaks of a rate limit); doubled on each repeat within a call. GitHub asks
   * for at least a minute.
   */
  @Value.Default
  public Duration secondaryRateLimitWait() {
    return Duration.ofSeconds(60);
  }

  /** The most one call may spend waiting between its attempts, rate-limit waits included. */
  @Value.Default
  public Duration maxWait() {
    return Duration.ofMinutes(2);
  }

  @Value.Check
  void check() {
    if (maxAttempts() < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts());
    }
    for (Duration d :
        new Duration[] {initialBackoff(), maxBackoff(), secondaryRateLimitWait(), maxWait()}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("retry durations must not be negative, got " + d);
      }
    }
  }

  /** A builder with every attribute of this one. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.from(this);
    return b;
  }

  /** A new builder, with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link HttpRetryPolicy}. */
  public static final class Builder extends ImmutableHttpRetryPolicy.Builder {
    Builder() {}
  }
}
