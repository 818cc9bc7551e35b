package dev.gitops.promotion;

import java.time.Duration;

/**
 * Waits between attempts (a retry's backoff, a rate limit's reset). Injected so that tests and
 * simulations never really sleep.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Sleeps with {@link Thread#sleep}. When the thread is interrupted it returns early with the
   * interrupt flag set; callers stop retrying then and report their last failure.
   */
  Sleeper SYSTEM =
      delay -> {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  /** Waits for {@code delay}, or less when the thread is interrupted (leaving the flag set). */
  void sleep(Duration delay);
}
