package dev.gitops.promotion.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of time {@code [start, end)}: the start is inside, the end is not (half-open, so two
 * windows that touch neither overlap nor leave a gap between them).
 *
 * @param start the first instant inside
 * @param end the first instant after it, strictly after {@code start}
 */
public record Interval(Instant start, Instant end) {

  /** Checks that the interval is not empty. */
  public Interval {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("an interval ends after it starts: " + start + ", " + end);
    }
  }

  /** Whether {@code t} is inside: {@code start <= t < end}. */
  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  /** How long it lasts. */
  public Duration duration() {
    return Duration.between(start, end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
