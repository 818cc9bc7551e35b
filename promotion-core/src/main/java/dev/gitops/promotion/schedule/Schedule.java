package dev.gitops.promotion.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of time windows: when a change freeze holds, or when promotions may land. Every kind is an
 * immutable value that prints as the text it parses from:
 *
 * <pre>{@code
 * Schedule weekend = Schedule.parse("Fri 15:00 to Mon 09:00 Europe/Berlin");   // WeeklyWindow
 * Schedule office  = Schedule.parse("Mon-Fri 09:00-17:00 Europe/Berlin");      // DailyWindow
 * Schedule yearEnd = Schedule.parse("2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin"); // DateRange
 * Schedule nightly = Schedule.parse("cron 0 22 * * mon-thu for 10h Europe/Berlin");    // CronWindow
 * Schedule freeze  = Schedule.parse("Fri 15:00 to Mon 09:00 Europe/Berlin; "
 *     + "2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin");                  // AnyOf
 *
 * weekend.contains(now);        // is now inside?
 * weekend.nextEnd(now);         // inside: when it closes (the earliest time worth looking again)
 * weekend.nextStart(now);       // when it next opens
 * }</pre>
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li><b>Half-open.</b> A window holds its start and not its end: at exactly 15:00 on Friday the
 *       weekend window above is open, at exactly 09:00 on Monday it is closed. Windows that touch
 *       (one ends when the next starts) form one unbroken stretch.
 *   <li><b>Merged.</b> {@link #intervalAt}, {@link #nextEnd} and {@link #nextStart} see the union
 *       of all windows: overlapping or touching windows count as one stretch, and its end is the
 *       end that matters to a gate.
 *   <li><b>Wall clock.</b> Weekly, daily and local date windows open when the zone's clocks show
 *       the start time and close when they show the end time, so a window across a daylight-saving
 *       change is as long as the clocks say (an hour shorter in absolute time over a spring-forward
 *       night). A boundary stands for the first instant at which the clock shows that time or a
 *       later one: a time that happens twice (fall back) means its first occurrence, for starts and
 *       ends alike, so a window always closes the first time the clock reaches its end; a time that
 *       does not happen (spring forward) means the instant the gap ends. Said differently, a window
 *       is open when the latest reading the zone's clock has shown so far lies inside it.
 *   <li><b>Precision.</b> Boundaries are whole minutes (cron windows: a firing minute plus a
 *       duration); instants are compared to the nanosecond, so {@code end - 1ns} is still inside.
 *   <li><b>Bounded search.</b> Every answer comes from a bounded scan, so every method returns. A
 *       stretch is followed at most {@link #MERGE_HORIZON} past (and before) the instant asked
 *       about, or 20 000 windows of each member; a schedule that is still open there reports that
 *       point as the end, which is still a correct time to look again (and {@code contains(end)}
 *       tells it apart). A cron expression is searched at most 400 years ahead.
 * </ul>
 *
 * <p>Instants must lie between the years 1 and 9000.
 */
public sealed interface Schedule permits WeeklyWindow, DailyWindow, DateRange, CronWindow, AnyOf {

  /** How far an unbroken stretch is followed before and after the instant asked about. */
  Duration MERGE_HORIZON = Duration.ofDays(400);

  /** The zone the schedule is written in, used to show its times; UTC for a mixed composite. */
  ZoneId zone();

  /** Whether {@code t} is inside a window. */
  default boolean contains(Instant t) {
    return Occurrences.contains(this, t);
  }

  /**
   * The unbroken stretch (overlapping and touching windows merged) that holds {@code t}, or empty
   * when {@code t} is outside every window.
   */
  default Optional<Interval> intervalAt(Instant t) {
    return currentOrNext(t).filter(i -> i.contains(t));
  }

  /**
   * The unbroken stretch that holds {@code t}, or else the first one after {@code t}; empty when no
   * window is open at or after {@code t}.
   */
  default Optional<Interval> currentOrNext(Instant t) {
    return Occurrences.currentOrNext(this, t);
  }

  /**
   * When the schedule next opens: the start of the first unbroken stretch that starts at or after
   * {@code t} ({@code t} itself when a stretch starts exactly then). When {@code t} is inside, that
   * is the opening after the current stretch. Empty when none is found (also when the stretch
   * holding {@code t} goes on past the search bound).
   */
  default Optional<Instant> nextStart(Instant t) {
    return Occurrences.nextStart(this, t);
  }

  /**
   * When the schedule next closes, strictly after {@code t}: the end of the stretch that holds
   * {@code t}, or else of the next stretch. Inside a freeze, this is when a gate should look again.
   */
  default Optional<Instant> nextEnd(Instant t) {
    return currentOrNext(t).map(Interval::end);
  }

  /**
   * Parses one window, or several separated by {@code ;} (any of them), with zone ids defaulting to
   * UTC. The kind is told by the text:
   *
   * <ul>
   *   <li>{@code cron <5 fields> for <duration> [zone]} ({@code cron} may be left out): {@link
   *       CronWindow};
   *   <li>{@code <date-time> to <date-time> [zone]}: {@link DateRange};
   *   <li>{@code <day> <HH:MM> to <day> <HH:MM> [zone]}: {@link WeeklyWindow};
   *   <li>{@code <days> <HH:MM>-<HH:MM> [zone]}: {@link DailyWindow}.
   * </ul>
   *
   * @throws dev.gitops.promotion.InvalidInputException saying what is wrong and showing the input
   */
  static Schedule parse(String text) {
    return parse(text, ZoneOffset.UTC);
  }

  /** Like {@link #parse(String)}, with windows that name no zone in {@code defaultZone}. */
  static Schedule parse(String text, ZoneId defaultZone) {
    return Grammar.parse(text, defaultZone);
  }

  /**
   * A schedule that is open whenever any of {@code schedules} is (nested any-ofs are flattened).
   */
  static Schedule anyOf(List<? extends Schedule> schedules) {
    Objects.requireNonNull(schedules, "schedules");
    return schedules.size() == 1 ? schedules.get(0) : new AnyOf(List.copyOf(schedules));
  }

  /** See {@link #anyOf(List)}. */
  static Schedule anyOf(Schedule... schedules) {
    return anyOf(List.of(schedules));
  }
}
