package dev.gitops.promotion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grammar: what each kind reads, how it prints, and what it says about bad input. */
class ScheduleParseTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Fri 15:00 to Mon 09:00 Europe/Berlin | Fri 15:00 to Mon 09:00 Europe/Berlin | WeeklyWindow
      friday 15:00   TO  monday 09:00 europe/berlin | Fri 15:00 to Mon 09:00 Europe/Berlin | WeeklyWindow
      sun 22:00 to sun 24:00 | Sun 22:00 to Mon 00:00 UTC | WeeklyWindow
      Sat 00:00 to Sat 23:00 Etc/UTC | Sat 00:00 to Sat 23:00 UTC | WeeklyWindow
      mon-fri 09:00-17:00 Europe/Berlin | Mon-Fri 09:00-17:00 Europe/Berlin | DailyWindow
      Mon - Fri 09:00 - 17:00 | Mon-Fri 09:00-17:00 UTC | DailyWindow
      fri-mon 22:00-06:00 America/New_York | Mon,Fri-Sun 22:00-06:00 America/New_York | DailyWindow
      mon,wed,fri 00:00-24:00 Asia/Kolkata | Mon,Wed,Fri 00:00-24:00 Asia/Kolkata | DailyWindow
      daily 12:00-13:00 +05:30 | Mon-Sun 12:00-13:00 +05:30 | DailyWindow
      sat, sun 10:00-12:00 | Sat,Sun 10:00-12:00 UTC | DailyWindow
      2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin | 2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin | DateRange
      2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z | 2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z | DateRange
      2026-12-20T01:00+01:00 to 2027-01-04T09:00+01:00 | 2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z | DateRange
      2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z Europe/Berlin | 2026-12-20T01:00 to 2027-01-04T09:00 Europe/Berlin | DateRange
      2026-03-29T02:30 to 2026-03-29T04:00 Europe/Berlin | 2026-03-29T03:00 to 2026-03-29T04:00 Europe/Berlin | DateRange
      2026-10-25T01:30:00Z to 2026-10-25T03:00:00Z Europe/Berlin | 2026-10-25T02:30+01:00 to 2026-10-25T04:00 Europe/Berlin | DateRange
      cron 0 22 * * FRI for 59h Europe/Berlin | cron 0 22 * * fri for 59h Europe/Berlin | CronWindow
      */15 9-17 * * mon-fri for 15m | cron */15 9-17 * * mon-fri for 15m UTC | CronWindow
      cron 0 0 1 jan,jul * for PT36H UTC | cron 0 0 1 jan,jul * for 36h UTC | CronWindow
      Sat 00:00 to Mon 00:00 UTC; 2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z | Sat 00:00 to Mon 00:00 UTC; 2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z | AnyOf
      """)
  void readsAndPrints(String text, String printed, String kind) {
    Schedule s = Schedule.parse(text);
    assertThat(s.getClass().getSimpleName()).isEqualTo(kind);
    assertThat(s).hasToString(printed);
    assertThat(Schedule.parse(printed)).isEqualTo(s);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
      Fri 15:00 to Mon 9:00 Europe/Berlin | invalid weekly window 'Fri 15:00 to Mon 9:00 Europe/Berlin': '9:00' is not a time; use HH:MM
      Fri 15:00 to Mon 09:00 Europe/Berln | '\
Europe/Berln' is not a time zone; use a region id such as Europe/Berlin
      Fry 15:00 to Mon 09:00 | 'Fry' is not a day; use mon, tue, wed, thu, fri, sat, sun
      Fri 24:00 to Mon 09:00 | '24:00' is not a time
      Fri 15:00 to Fri 15:00 UTC | it ends where it starts; a weekly window lasts less than a week
      Fri 15:00 until Mon 09:00 | write one of: Fri 15:00 to Mon 09:00 Europe/Berlin (weekly)
      Fri 15:00 to Mon | invalid weekly window 'Fri 15:00 to Mon': write <day> <HH:MM> to <day> <HH:MM> [zone]
      mon-fry 09:00-17:00 | invalid daily window 'mon-fry 09:00-17:00': 'fry' is not a day
      mon,,fri 09:00-17:00 | the list of days has an empty item
      mon-fri 09:00-25:00 | '25:00' is not a time
      weekends | write one of:
      2026-12-20T00:00 to 2026-12-19T00:00 UTC | invalid date range '2026-12-20T00:00 to 2026-12-19T00:00 UTC': it must end after it starts
      2026-13-20T00:00 to 2027-01-04T09:00 UTC | '2026-13-20T00:00' is not an ISO-8601 date-time
      2026-12-20 to 2027-01-04 | '2026-12-20' is not an ISO-8601 date-time
      cron 0 22 * * fri for 0m | '0m' is not a duration; write one above zero
      cron 0 22 * fri for 2h | the cron expression has 4 fields; write 5
      cron 60 22 * * fri for 2h | invalid cron window 'cron 60 22 * * fri for 2h': the minute field has '60', which is not 0-59
      cron 0 22 * * fry for 2h | the day-of-week field has 'fry', which is not 0-7 or sun-sat
      cron 0 22 * 13 * for 2h | the month field has '13', which is not 1-12 or jan-dec
      cron 0 22 5-1 * * for 2h | the day-of-month field has the range '5-1', which goes backwards
      cron */0 22 * * * for 2h | the minute field has the step '*/0'; a step is 1 or more
      cron 0 22 * * * | write [cron] <minute> <hour> <day-of-month> <month> <day-of-week> for <duration>
      cron 0 22 * * * for 2h Mars/Olympus | 'Mars/Olympus' is not a time zone
      Fri 15:00 to Mon 09:00 UTC;;Sat 10:00 to Sat 11:00 | it has an empty item
      """)
  void saysWhatIsWrongAndShowsTheInput(String text, String message) {
    assertThatThrownBy(() -> Schedule.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void emptyAndControlCharactersAreShownSafely() {
    assertThatThrownBy(() -> Schedule.parse("  "))
        .hasMessageContaining("it is empty; write one of");
    assertThatThrownBy(() -> Schedule.parse("Fri 15:00 to Mon 09:00 Europe/\u001b[2J"))
        .hasMessageContaining("Europe/\\e[2J")
        .hasMessageNotContaining("\u001b");
  }

  @Test
  void zonesDefaultToUtcOrToTheGivenZone() {
    assertThat(Schedule.parse("Fri 15:00 to Mon 09:00").zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(Schedule.parse("Fri 15:00 to Mon 09:00", BERLIN).zone()).isEqualTo(BERLIN);
    assertThat(Schedule.parse("2026-12-20T00:00 to 2027-01-04T09:00", BERLIN))
        .isEqualTo(
            DateRange.of(
                LocalDateTime.parse("2026-12-20T00:00"),
                LocalDateTime.parse("2027-01-04T09:00"),
                BERLIN));
    assertThat(
            Schedule.parse("Fri 15:00 to Mon 09:00 UTC; Sat 10:00 to Sat 11:00 Asia/Kolkata")
                .zone())
        .isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void valuesBuiltInCodeEqualParsedOnes() {
    assertThat(
            new WeeklyWindow(
                WeekTime.of(DayOfWeek.FRIDAY, 15, 0), WeekTime.of(DayOfWeek.MONDAY, 9, 0), BERLIN))
        .isEqualTo(WeeklyWindow.parse("Fri 15:00 to Mon 09:00 Europe/Berlin"));
    assertThat(
            new DailyWindow(
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                BERLIN))
        .isEqualTo(DailyWindow.parse("mon-fri 09:00-17:00 Europe/Berlin"));
    assertThat(new CronWindow(CronExpression.parse("0 22 * * FRI"), Duration.ofHours(59), BERLIN))
        .isEqualTo(CronWindow.parse("0 22 * * fri for 59h Europe/Berlin"));
    assertThatThrownBy(() -> new WeekTime(DayOfWeek.MONDAY, LocalTime.of(9, 0, 1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has seconds");
    assertThatThrownBy(
            () ->
                DateRange.between(
                    Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("it must end after it starts");
    assertThatThrownBy(() -> Schedule.anyOf())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs one at least");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "30m, PT30M, 30m",
    "2h, PT2H, 2h",
    "1d, PT24H, 1d",
    "1d30m, PT24H30M, 24h30m",
    "1h30m, PT1H30M, 1h30m",
    "90s, PT1M30S, 1m30s",
    "PT45M, PT45M, 45m",
    "P2D, PT48H, 2d",
    "PT0.5S, PT0.5S, PT0.5S"
  })
  void durations(String text, Duration expected, String printed) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
    assertThat(Durations.format(expected)).isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource({"0m", "-1h", "2x", "h", "''", "PT-5M", "1m2h"})
  void badDurations(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid duration '" + text + "'");
  }

  @Test
  void cronExpressionsKnowWhenTheyNeverFire() {
    assertThat(CronExpression.parse("0 0 30 2 *").neverFires()).isTrue();
    assertThat(CronExpression.parse("0 0 31 4,6,9,11 *").neverFires()).isTrue();
    assertThat(CronExpression.parse("0 0 30 2 mon").neverFires()).isFalse(); // or: any Monday
    assertThat(CronExpression.parse("0 0 29 2 *").neverFires()).isFalse();
    assertThat(CronExpression.parse("30 2 * * *").wildcardTime()).isFalse();
    assertThat(CronExpression.parse("*/5 2 * * *").wildcardTime()).isTrue();
    assertThat(CronExpression.parse("0 7 * * 7").matches(LocalDateTime.parse("2026-01-04T07:00")))
        .isTrue(); // 7 is Sunday
    assertThat(
            CronExpression.parse("5/20 * * * *").matches(LocalDateTime.parse("2026-01-04T07:45")))
        .isTrue();
    assertThat(CronExpression.parse("0 0 1,15 * mon")).hasToString("0 0 1,15 * mon");
  }
}
