package dev.gitops.promotion.schedule;

import dev.gitops.promotion.schedule.internal.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * The one algorithm behind every {@link Schedule}: each single window kind answers "the
 * earliest-starting occurrence that ends after x" (its occurrences are ordered by start and by end
 * alike), and the merge follows overlapping and touching occurrences of all members from there.
 */
final class Occurrences {
  /**
   * Most occurrences one merge looks at per member, so that a dense cron window stays cheap (a
   * window every minute is still followed for about two weeks, whatever else the schedule holds).
   */
  static final int MAX_STEPS = 20_000;

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");

  private Occurrences() {}

  static boolean contains(Schedule schedule, Instant t) {
    check(t);
    for (Schedule m : members(schedule)) {
      Interval o = first(m, t, t);
      if (o != null && !o.start().isAfter(t)) {
        return true;
      }
    }
    return false;
  }

  static Optional<Interval> currentOrNext(Schedule schedule, Instant t) {
    check(t);
    List<Schedule> members = members(schedule);
    Interval best = null;
    for (Schedule m : members) {
      Interval o = first(m, t, null);
      if (o != null
          && (best == null
              || o.start().isBefore(best.start())
              || (o.start().equals(best.start()) && o.end().isAfter(best.end())))) {
        best = o;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int[] steps = {0};
    Instant end = forward(members, best.end(), t.plus(Schedule.MERGE_HORIZON), steps);
    Instant start = best.start();
    if (!start.isAfter(t)) {
      steps[0] = 0;
      start = backward(members, start, t.minus(Schedule.MERGE_HORIZON), steps);
    }
    return Optional.of(new Interval(start, end));
  }

  static Optional<Instant> nextStart(Schedule schedule, Instant t) {
    Optional<Interval> current = currentOrNext(schedule, t);
    if (current.isEmpty() || !current.get().start().isBefore(t)) {
      return current.map(Interval::start);
    }
    Instant end = current.get().end();
    if (end.isAfter(LATEST) || contains(schedule, end)) {
      return Optional.empty(); // open past the merge horizon: no opening found within it
    }
    return currentOrNext(schedule, end).map(Interval::start);
  }

  private static Instant forward(List<Schedule> members, Instant end, Instant limit, int[] steps) {
    boolean grew = true;
    while (grew && !end.isAfter(limit) && steps[0] < MAX_STEPS * members.size()) {
      grew = false;
      for (Schedule m : members) {
        steps[0]++;
        Interval o = first(m, end, end);
        if (o != null && !o.start().isAfter(end)) {
          end = o.end();
          grew = true;
        }
      }
    }
    return end;
  }

  private static Instant backward(
      List<Schedule> members, Instant start, Instant limit, int[] steps) {
    boolean grew = true;
    while (grew && !start.isBefore(limit) && steps[0] < MAX_STEPS * members.size()) {
      grew = false;
      for (Schedule m : members) {
        steps[0]++;
        Interval o = first(m, start.minusNanos(1), start); // ends at or after start
        if (o != null && o.start().isBefore(start)) {
          start = o.start();
          grew = true;
        }
      }
    }
    return start;
  }

  private static List<Schedule> members(Schedule schedule) {
    return schedule instanceof AnyOf any ? any.members() : List.of(schedule);
  }

  private static void check(Instant t) {
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      throw new IllegalArgumentException(
          "schedules work with instants in the years 1 to 9000: " + t);
    }
  }

  /**
   * The earliest-starting occurrence of a single window that ends after {@code x}, or null. With
   * {@code latestStart}, the caller only cares for one that starts at or before it, and a window
   * may answer null (or any later occurrence) without looking further.
   */
  static Interval first(Schedule window, Instant x, Instant latestStart) {
    if (window instanceof WeeklyWindow w) {
      return weekly(w, x);
    }
    if (window instanceof DailyWindow d) {
      return daily(d, x);
    }
    if (window instanceof DateRange r) {
      return r.until().isAfter(x) ? new Interval(r.from(), r.until()) : null;
    }
    if (window instanceof CronWindow c) {
      Instant firing = nextFiring(c, x.minus(c.duration()).plusNanos(1), latestStart);
      return firing == null ? null : new Interval(firing, firing.plus(c.duration()));
    }
    throw new IllegalStateException("not a single window: " + window.getClass());
  }

  private static Interval weekly(WeeklyWindow w, Instant x) {
    ZoneId zone = w.zone();
    LocalDate from = WallClock.local(x, zone).toLocalDate().minusDays(8);
    LocalDate anchor = from.with(TemporalAdjusters.nextOrSame(w.start().day()));
    for (int i = 0; i < 6; i++, anchor = anchor.plusWeeks(1)) {
      LocalDateTime opens = anchor.atTime(w.start().time());
      Interval o = occurrence(opens, opens.plusMinutes(w.lengthMinutes()), zone);
      if (o != null && o.end().isAfter(x)) {
        return o;
      }
    }
    throw new IllegalStateException("no occurrence of " + w + " after " + x);
  }

  private static Interval daily(DailyWindow d, Instant x) {
    ZoneId zone = d.zone();
    LocalDate day = WallClock.local(x, zone).toLocalDate().minusDays(2);
    for (int i = 0; i < 24; i++, day = day.plusDays(1)) {
      if (!d.days().contains(day.getDayOfWeek())) {
        continue;
      }
      LocalDateTime opens = day.atTime(d.opens());
      Interval o = occurrence(opens, opens.plusMinutes(d.lengthMinutes()), zone);
      if (o != null && o.end().isAfter(x)) {
        return o;
      }
    }
    throw new IllegalStateException("no occurrence of " + d + " after " + x);
  }

  /** The occurrence between two wall-clock times, or null when it falls wholly in a gap. */
  private static Interval occurrence(LocalDateTime opens, LocalDateTime closes, ZoneId zone) {
    Instant start = WallClock.firstInstant(opens, zone);
    Instant end = WallClock.firstInstant(closes, zone);
    return end.isAfter(start) ? new Interval(start, end) : null;
  }

  /**
   * The first firing at or after {@code x}, with Vixie cron's daylight-saving rules (see {@link
   * CronWindow}), or null when there is none within the search bound (or, with {@code latest}, none
   * at or before {@code latest}).
   */
  static Instant nextFiring(CronWindow window, Instant x, Instant latest) {
    ZoneRules rules = window.zone().getRules();
    boolean wildcard = window.cron().wildcardTime();
    LocalDateTime from = WallClock.local(x, window.zone()).truncatedTo(ChronoUnit.MINUTES);
    // wall-clock minutes before x's own reading can still fire at or after x near a transition
    ZoneOffsetTransition next = rules.nextTransition(x);
    if (next != null && next.isOverlap()) {
      Duration shift = next.getDuration().abs();
      if (Duration.between(x, next.getInstant()).compareTo(shift) <= 0) {
        from = from.minus(shift);
      }
    }
    ZoneOffsetTransition previous = rules.previousTransition(x.plusNanos(1));
    if (previous != null && previous.isGap() && previous.getInstant().equals(x)) {
      LocalDateTime gapStart = previous.getDateTimeBefore();
      from = gapStart.isBefore(from) ? gapStart : from;
    }
    Instant best = null;
    LocalDate last =
        latest == null
            ? from.toLocalDate().plusYears(401)
            : WallClock.local(latest, window.zone()).toLocalDate().plusDays(2);
    for (LocalDateTime l = window.cron().nextMatch(from, last);
        l != null;
        l = window.cron().nextMatch(l.plusMinutes(1), last)) {
      List<ZoneOffset> offsets = rules.getValidOffsets(l);
      Instant earliest =
          offsets.isEmpty() ? rules.getTransition(l).getInstant() : l.toInstant(offsets.get(0));
      if ((best != null && !earliest.isBefore(best))
          || (latest != null && earliest.isAfter(latest))) {
        break; // later minutes fire no earlier; or past what the caller cares for
      }
      if (offsets.isEmpty()) {
        if (!wildcard && !earliest.isBefore(x)) {
          best = earliest; // a fixed time in a gap fires as the gap ends
        }
        continue;
      }
      if (!earliest.isBefore(x)) {
        best = earliest;
      }
      if (offsets.size() == 2 && wildcard) {
        Instant second = l.toInstant(offsets.get(1)); // wildcard jobs fire in both passes
        if (!second.isBefore(x) && (best == null || second.isBefore(best))) {
          best = second;
        }
      }
    }
    return best;
  }
}
