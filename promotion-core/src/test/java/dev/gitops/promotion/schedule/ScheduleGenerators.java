package dev.gitops.promotion.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Small generators for schedule properties, so the properties do not depend on jqwik details. */
final class ScheduleGenerators {
  static final List<ZoneId> ZONES =
      List.of(
          ZoneOffset.UTC,
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Australia/Lord_Howe"), // half-hour daylight saving
          ZoneId.of("America/Sao_Paulo")); // changed clocks at midnight until 2019

  private static final Instant FROM = Instant.parse("2016-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2030-01-01T00:00:00Z");
  private static final List<Instant> TRANSITIONS = transitions();

  private ScheduleGenerators() {}

  static Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZONES);
  }

  /** Instants from 2016 to 2030, half of them within two days of a clock change. */
  static Arbitrary<Instant> instants() {
    Arbitrary<Instant> anywhere =
        Arbitraries.longs()
            .between(FROM.getEpochSecond() / 60, UNTIL.getEpochSecond() / 60)
            .map(m -> Instant.ofEpochSecond(m * 60));
    Arbitrary<Instant> nearChange =
        Combinators.combine(
                Arbitraries.of(TRANSITIONS), Arbitraries.integers().between(-2880, 2880))
            .as((t, minutes) -> t.plusSeconds(60L * minutes));
    Arbitrary<Instant> whole =
        Arbitraries.frequencyOf(Tuple.of(1, anywhere), Tuple.of(1, nearChange));
    Arbitrary<Long> nanos = Arbitraries.of(0L, 0L, 0L, 1L, 59_999_999_999L, -1L);
    return Combinators.combine(whole, nanos).as(Instant::plusNanos);
  }

  /** Instants within three hours of a clock change, to the minute or just before one. */
  static Arbitrary<Instant> instantsNearChanges() {
    return Combinators.combine(
            Arbitraries.of(TRANSITIONS),
            Arbitraries.integers().between(-180, 180),
            Arbitraries.of(0L, 0L, -1L, 30_000_000_000L))
        .as((t, minutes, nanos) -> t.plusSeconds(60L * minutes).plusNanos(nanos));
  }

  /** Cron windows that fire every day, at the hours where clocks change. */
  static Arbitrary<CronWindow> dailyCronWindows() {
    Arbitrary<CronExpression> crons =
        Combinators.combine(
                Arbitraries.of("0", "30", "*/15", "0,45", "*", "10-20/5", "*/7"),
                Arbitraries.of("2", "*", "1-3", "0-2", "3", "1", "*/2"))
            .as((mi, h) -> CronExpression.parse(mi + " " + h + " * * *"));
    return Combinators.combine(crons, cronDurations(), zones()).as(CronWindow::new);
  }

  /** Minutes of the day, often at the hours where clocks change. */
  static Arbitrary<Integer> minutesOfDay() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, 24 * 12 - 1).map(i -> i * 5)),
        Tuple.of(2, Arbitraries.of(0, 60, 90, 120, 150, 165, 180, 210, 1410)));
  }

  static Arbitrary<WeekTime> weekTimes() {
    return Combinators.combine(Arbitraries.of(DayOfWeek.class), minutesOfDay())
        .as((d, m) -> new WeekTime(d, LocalTime.of(m / 60, m % 60)));
  }

  static Arbitrary<WeeklyWindow> weekly() {
    return Combinators.combine(weekTimes(), weekTimes(), zones())
        .filter((s, e, z) -> s.minuteOfWeek() != e.minuteOfWeek())
        .as(WeeklyWindow::new);
  }

  static Arbitrary<DailyWindow> daily() {
    Arbitrary<Set<DayOfWeek>> days =
        Arbitraries.of(DayOfWeek.class).set().ofMinSize(1).ofMaxSize(7).map(EnumSet::copyOf);
    return Combinators.combine(days, minutesOfDay(), minutesOfDay(), zones())
        .as(
            (d, o, c, z) ->
                new DailyWindow(d, LocalTime.of(o / 60, o % 60), LocalTime.of(c / 60, c % 60), z));
  }

  /** Local ranges of up to four days that often start or end where clocks change. */
  static Arbitrary<DateRange> dateRanges() {
    Arbitrary<LocalDateTime> starts =
        Combinators.combine(instants(), zones(), minutesOfDay())
            .as((t, z, m) -> LocalDateTime.ofInstant(t, z).toLocalDate().atTime(m / 60, m % 60));
    return Combinators.combine(starts, Arbitraries.integers().between(1, 4 * 24 * 12), zones())
        .as((s, fifths, z) -> rangeOrNull(s, s.plusMinutes(5L * fifths), z))
        .filter(r -> r != null);
  }

  private static DateRange rangeOrNull(LocalDateTime from, LocalDateTime until, ZoneId zone) {
    DateRange probe = null;
    try {
      probe = DateRange.of(from, until, zone);
    } catch (RuntimeException e) {
      // both ends in one gap: no range
    }
    return probe;
  }

  static Arbitrary<CronExpression> crons() {
    return Combinators.combine(
            Arbitraries.of("0", "30", "*/15", "0,45", "*", "10-20/5"),
            Arbitraries.of("2", "*", "1-3", "*/6", "22", "0"),
            Arbitraries.of("*", "1", "29", "*/10", "15-31"),
            Arbitraries.of("*", "3", "10,11", "feb"),
            Arbitraries.of("*", "sun", "mon-fri", "0,6"))
        .as((mi, h, dom, mo, dow) -> CronExpression.parse(String.join(" ", mi, h, dom, mo, dow)));
  }

  static Arbitrary<Duration> cronDurations() {
    return Arbitraries.of(1, 10, 30, 60, 90).map(Duration::ofMinutes);
  }

  static Arbitrary<CronWindow> cronWindows() {
    return Combinators.combine(crons(), cronDurations(), zones()).as(CronWindow::new);
  }

  /** Any single window. */
  static Arbitrary<Schedule> windows() {
    return Arbitraries.oneOf(weekly(), daily(), dateRanges(), cronWindows());
  }

  /** One to three windows of any kinds, as any-of when more than one. */
  static Arbitrary<Schedule> schedules() {
    return windows().list().ofMinSize(1).ofMaxSize(3).map(Schedule::anyOf);
  }

  private static List<Instant> transitions() {
    List<Instant> all = new ArrayList<>();
    for (ZoneId z : ZONES) {
      Instant t = FROM;
      ZoneOffsetTransition next;
      while ((next = z.getRules().nextTransition(t)) != null && next.getInstant().isBefore(UNTIL)) {
        all.add(next.getInstant());
        t = next.getInstant();
      }
    }
    return all;
  }
}
