package dev.gitops.promotion.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of every schedule against naive references that read the wall clock minute by minute,
 * and the invariants a gate relies on.
 */
class ScheduleProperties {
  /** Where a stretch may be cut by the bounded search (steps or horizon): never sooner. */
  private static final Duration CUT_AT_LEAST = Duration.ofDays(10);

  @Provide
  Arbitrary<WeeklyWindow> weekly() {
    return ScheduleGenerators.weekly();
  }

  @Provide
  Arbitrary<DailyWindow> daily() {
    return ScheduleGenerators.daily();
  }

  @Provide
  Arbitrary<CronWindow> crons() {
    return ScheduleGenerators.cronWindows();
  }

  @Provide
  Arbitrary<CronWindow> dailyCrons() {
    return ScheduleGenerators.dailyCronWindows();
  }

  @Provide
  Arbitrary<Instant> nearChanges() {
    return ScheduleGenerators.instantsNearChanges();
  }

  @Provide
  Arbitrary<Schedule> schedules() {
    return ScheduleGenerators.schedules();
  }

  @Provide
  Arbitrary<List<Schedule>> members() {
    return ScheduleGenerators.windows().list().ofMinSize(2).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return ScheduleGenerators.instants();
  }

  /**
   * The latest wall-clock reading the zone's clock has shown up to {@code t}, to the minute, found
   * by reading the clock every minute over the three hours before (clocks here go back at most an
   * hour).
   */
  static LocalDateTime latestReading(Instant t, ZoneId zone) {
    LocalDateTime latest = LocalDateTime.MIN;
    for (int k = 0; k <= 180; k++) {
      LocalDateTime reading = LocalDateTime.ofInstant(t.minusSeconds(60L * k), zone);
      if (reading.isAfter(latest)) {
        latest = reading;
      }
    }
    return latest.truncatedTo(ChronoUnit.MINUTES);
  }

  @Property(tries = 1500)
  void weeklyWindowsAgreeWithTheWallClock(
      @ForAll("weekly") WeeklyWindow w, @ForAll("instants") Instant t) {
    LocalDateTime reading = latestReading(t, w.zone());
    int minuteOfWeek =
        (reading.getDayOfWeek().getValue() - 1) * 1440
            + reading.getHour() * 60
            + reading.getMinute();
    boolean expected =
        Math.floorMod(minuteOfWeek - w.start().minuteOfWeek(), WeekTime.WEEK_MINUTES)
            < w.lengthMinutes();
    assertThat(w.contains(t)).as("%s at %s (clock %s)", w, t, reading).isEqualTo(expected);
  }

  @Property(tries = 1500)
  void dailyWindowsAgreeWithTheWallClock(
      @ForAll("daily") DailyWindow d, @ForAll("instants") Instant t) {
    LocalDateTime reading = latestReading(t, d.zone());
    boolean expected = false;
    for (LocalDate day = reading.toLocalDate().minusDays(1);
        !day.isAfter(reading.toLocalDate());
        day = day.plusDays(1)) {
      LocalDateTime opens = day.atTime(d.opens());
      if (d.days().contains(day.getDayOfWeek())
          && !reading.isBefore(opens)
          && reading.isBefore(opens.plusMinutes(d.lengthMinutes()))) {
        expected = true;
      }
    }
    assertThat(d.contains(t)).as("%s at %s (clock %s)", d, t, reading).isEqualTo(expected);
  }

  /**
   * Whether the cron window fires at the whole minute {@code s}, by Vixie cron's rules read off the
   * clock at {@code s}: a matching reading fires the first time the clock shows it (and again in
   * the repeated hour for wildcard expressions); a fixed-time expression also fires as a gap ends
   * when a skipped minute matches.
   */
  static boolean firesAt(CronWindow c, Instant s) {
    LocalDateTime reading = LocalDateTime.ofInstant(s, c.zone());
    boolean shownBefore = false;
    for (int k = 1; k <= 61; k++) {
      if (LocalDateTime.ofInstant(s.minusSeconds(60L * k), c.zone()).equals(reading)) {
        shownBefore = true;
      }
    }
    if (c.cron().matches(reading) && (!shownBefore || c.cron().wildcardTime())) {
      return true;
    }
    ZoneOffsetTransition change = c.zone().getRules().previousTransition(s.plusNanos(1));
    if (!c.cron().wildcardTime()
        && change != null
        && change.isGap()
        && change.getInstant().equals(s)) {
      for (LocalDateTime skipped = change.getDateTimeBefore();
          skipped.isBefore(change.getDateTimeAfter());
          skipped = skipped.plusMinutes(1)) {
        if (c.cron().matches(skipped)) {
          return true;
        }
      }
    }
    return false;
  }

  @Property(tries = 300)
  void cronWindowsAgreeWithAMinuteByMinuteWalk(
      @ForAll("crons") CronWindow c, @ForAll("instants") Instant t) {
    assertThat(c.contains(t)).as("%s at %s", c, t).isEqualTo(firesWithin(c, t));
  }

  @Property(tries = 400)
  void cronWindowsAgreeWithAMinuteByMinuteWalkAroundClockChanges(
      @ForAll("dailyCrons") CronWindow c, @ForAll("nearChanges") Instant t) {
    assertThat(c.contains(t)).as("%s at %s", c, t).isEqualTo(firesWithin(c, t));
  }

  /** Whether a firing at a whole minute in {@code (t - duration, t]} holds {@code t}. */
  static boolean firesWithin(CronWindow c, Instant t) {
    boolean expected = false;
    Instant minute = t.truncatedTo(ChronoUnit.MINUTES);
    for (Instant s = minute; s.plus(c.duration()).isAfter(t); s = s.minusSeconds(60)) {
      if (firesAt(c, s)) {
        expected = true;
        break;
      }
    }
    return expected;
  }

  @Property(tries = 400)
  void anyOfIsInsideWheneverAMemberIs(
      @ForAll("members") List<Schedule> members, @ForAll("instants") Instant t) {
    Schedule any = Schedule.anyOf(members);
    boolean inAMember = members.stream().anyMatch(m -> m.contains(t));
    assertThat(any.contains(t)).isEqualTo(inAMember);
    if (!inAMember) {
      return;
    }
    Interval stretch = any.intervalAt(t).orElseThrow();
    for (Schedule m : members) {
      Optional<Interval> own = m.intervalAt(t);
      if (own.isEmpty()) {
        continue;
      }
      // a stretch cut by the bounded search is compared on its other side only
      if (!any.contains(stretch.end()) && !m.contains(own.get().end())) {
        assertThat(stretch.end()).isAfterOrEqualTo(own.get().end());
      }
      if (!any.contains(stretch.start().minusNanos(1))
          && !m.contains(own.get().start().minusNanos(1))) {
        assertThat(stretch.start()).isBeforeOrEqualTo(own.get().start());
      }
    }
  }

  @Property(tries = 600)
  void nextStartIsAnOpeningAtOrAfterT(
      @ForAll("schedules") Schedule s, @ForAll("instants") Instant t) {
    Optional<Instant> next = s.nextStart(t);
    if (next.isEmpty()) {
      return;
    }
    Instant n = next.get();
    assertThat(n).isAfterOrEqualTo(t);
    assertThat(s.contains(n)).as("%s opens at %s", s, n).isTrue();
    assertThat(s.contains(n.minusNanos(1))).as("%s just before %s", s, n).isFalse();
    if (!s.contains(t)) {
      assertThat(s.currentOrNext(t).orElseThrow().start()).isEqualTo(n);
      Instant middle = t.plus(Duration.between(t, n).dividedBy(2));
      assertThat(s.contains(middle)).as("%s between %s and %s", s, t, n).isFalse();
    }
  }

  @Property(tries = 600)
  void insideAStretchItEndsLaterAndHoldsUntilItsLastNanosecond(
      @ForAll("schedules") Schedule s, @ForAll("instants") Instant t) {
    Optional<Interval> at = s.intervalAt(t);
    assertThat(at.isPresent()).isEqualTo(s.contains(t));
    if (at.isEmpty()) {
      return;
    }
    Interval i = at.get();
    assertThat(i.start()).isBeforeOrEqualTo(t);
    assertThat(i.end()).isAfter(t);
    assertThat(s.nextEnd(t)).contains(i.end());
    assertThat(s.contains(i.start())).isTrue();
    assertThat(s.contains(i.end().minusNanos(1))).isTrue();
    if (s.contains(i.end())) { // cut by the bounded search: only far away
      assertThat(Duration.between(t, i.end())).isGreaterThanOrEqualTo(CUT_AT_LEAST);
    }
    if (s.contains(i.start().minusNanos(1))) {
      assertThat(Duration.between(i.start(), t)).isGreaterThanOrEqualTo(CUT_AT_LEAST);
    }
  }

  @Property(tries = 600)
  void aFreezeNeverPassesInsideAndAChangeWindowNeverPassesOutside(
      @ForAll("schedules") Schedule s, @ForAll("instants") Instant t) {
    Verdict freeze = WindowVerdicts.freeze("f", s, t);
    Verdict window = WindowVerdicts.changeWindow("w", s, t);
    if (s.contains(t)) {
      assertThat(freeze.isWaiting()).isTrue();
      assertThat(freeze.retryAt().orElseThrow()).isAfter(t);
      assertThat(window.passed()).isTrue();
    } else {
      assertThat(freeze.passed()).isTrue();
      assertThat(window.passed()).isFalse();
      window.retryAt().ifPresent(r -> assertThat(s.contains(r)).isTrue());
    }
  }

  @Property(tries = 600)
  void everyScheduleReadsBackFromItsText(@ForAll("schedules") Schedule s) {
    assertThat(Schedule.parse(s.toString())).isEqualTo(s);
  }
}
