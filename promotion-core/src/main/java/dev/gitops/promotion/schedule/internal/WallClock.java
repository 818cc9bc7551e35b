package dev.gitops.promotion.schedule.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Maps wall-clock times to instants with one rule for every boundary: a local date-time stands for
 * the first instant at which the zone's clock shows that time or a later one.
 *
 * <ul>
 *   <li>a time that happens once maps to that instant;
 *   <li>a time that happens twice (a fall-back overlap) maps to its first occurrence, the one with
 *       the earlier (summer) offset;
 *   <li>a time that does not happen (a spring-forward gap) maps to the instant the gap ends, which
 *       is the first instant whose clock reading is past it. For 02:00 in a 02:00-03:00 gap that is
 *       what {@code ZonedDateTime.of} gives too; for 02:30 {@code ZonedDateTime.of} would move the
 *       time by the length of the gap (to 03:30), which would leave a window that starts at 02:30
 *       closed at 03:00 although every clock shows a later time; the gap's end keeps windows equal
 *       to what a wall clock says.
 * </ul>
 *
 * <p>The mapping never decreases: a later local time never maps to an earlier instant.
 */
public final class WallClock {
  private WallClock() {}

  /** The first instant at which the clock in {@code zone} shows {@code local} or later. */
  public static Instant firstInstant(LocalDateTime local, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      return rules.getTransition(local).getInstant();
    }
    // one offset, or an overlap: the offset before the transition gives the earlier instant
    return local.toInstant(offsets.get(0));
  }

  /** The clock reading at {@code instant} in {@code zone}. */
  public static LocalDateTime local(Instant instant, ZoneId zone) {
    return LocalDateTime.ofInstant(instant, zone);
  }

  /** The transition whose gap holds {@code local}, when {@code local} does not happen. */
  public static ZoneOffsetTransition gapAt(LocalDateTime local, ZoneId zone) {
    ZoneOffsetTransition t = zone.getRules().getTransition(local);
    return t != null && t.isGap() ? t : null;
  }
}
