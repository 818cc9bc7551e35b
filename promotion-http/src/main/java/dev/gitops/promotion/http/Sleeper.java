package dev.gitops.promotion.http;

import java.time.Duration;

/**
 * How the client waits between attempts. Tests pass a recording sleeper that advances a fake clock,
 * so that an hour-long rate-limit wait takes no time.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits {@code duration}. An interrupted wait returns early with the thread's interrupt flag set;
   * the client then stops retrying.
   */
  void sleep(Duration duration);

  /** Waits with {@link Thread#sleep}. */
  static Sleeper system() {
    return duration -> {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
