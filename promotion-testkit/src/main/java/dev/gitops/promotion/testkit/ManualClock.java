package dev.gitops.promotion.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that only moves when told to: inject it into the {@link
 * dev.gitops.promotion.Promoter} and the fakes, then {@link #advance(Duration)} it to let soak
 * times pass, freeze windows close and agents sync. Time never goes backwards.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2025-11-14T09:00:00Z"));
 * clock.advance(Duration.ofHours(2));
 * }</pre>
 *
 * <p>Thread-safe. Two manual clocks are equal when they show the same instant in the same zone.
 */
public final class ManualClock extends Clock {
  private final ZoneId zone;
  private final Object lock;
  private Instant now;
  private final ManualClock root;

  private ManualClock(Instant start, ZoneId zone) {
    this.now = Objects.requireNonNull(start, "start");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.lock = new Object();
    this.root = this;
  }

  private ManualClock(ManualClock root, ZoneId zone) {
    this.root = root;
    this.zone = zone;
    this.lock = root.lock;
  }

  /** A clock showing {@code start}, in UTC. */
  public static ManualClock at(Instant start) {
    return new ManualClock(start, ZoneOffset.UTC);
  }

  /** A clock showing {@code start} (an ISO-8601 instant such as {@code 2025-11-14T09:00:00Z}). */
  public static ManualClock at(String start) {
    return at(Instant.parse(start));
  }

  @Override
  public Instant instant() {
    synchronized (lock) {
      return root.now;
    }
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same clock (advancing one advances both), seen in another zone. */
  @Override
  public ManualClock withZone(ZoneId newZone) {
    return new ManualClock(root, Objects.requireNonNull(newZone, "zone"));
  }

  /**
   * Moves the clock forward.
   *
   * @throws IllegalArgumentException when {@code duration} is negative
   * @return the new instant
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a manual clock only moves forward, not by " + duration);
    }
    synchronized (lock) {
      root.now = root.now.plus(duration);
      return root.now;
    }
  }

  /**
   * Sets the clock to {@code instant}, which must not be earlier than now.
   *
   * @throws IllegalArgumentException when {@code instant} is in the past
   */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    synchronized (lock) {
      if (instant.isBefore(root.now)) {
        throw new IllegalArgumentException(
            "a manual clock only moves forward: it shows " + root.now + ", asked for " + instant);
      }
      root.now = instant;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ManualClock other
        && other.instant().equals(instant())
        && other.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return instant().hashCode() * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + ", " + zone + "]";
  }
}
