package dev.gitops.promotion.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One table for every kind of window: at an instant, inside or not, and the unbroken stretch that
 * holds it or comes next. Berlin changes clocks on 2026-03-29 at 01:00Z (02:00 CET to 03:00 CEST)
 * and on 2026-10-25 at 01:00Z (03:00 CEST to 02:00 CET); New York on 2026-03-08 at 07:00Z (02:00
 * EST to 03:00 EDT) and on 2026-11-01 at 06:00Z (02:00 EDT to 01:00 EST).
 */
class WindowTableTest {

  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      # weekly, spring forward: 65 hours of absolute time
      Fri 15:00 to Mon 09:00 Europe/Berlin | 2026-03-27T14:00:00Z | true | 2026-03-27T14:00:00Z | 2026-03-30T07:00:00Z
      Fri 15:00 to Mon 09:00 Europe/Berlin | 2026-03-27T13:59:59.999999999Z | false | 2026-03-27T14:00:00Z | 2026-03-30T07:00:00Z
      Fri 15:00 to Mon 09:00 Europe/Berlin | 2026-03-29T01:30:00Z | true | 2026-03-27T14:00:00Z | 2026-03-30T07:00:00Z
      Fri 15:00 to Mon 09:00 Europe/Berlin | 2026-03-30T06:59:59.999999999Z | true | 2026-03-27T14:00:00Z | 2026-03-30T07:00:00Z
      Fri 15:00 to Mon 09:00 Europe/Berlin | 2026-03-30T07:00:00Z | false | 2026-04-03T13:00:00Z | 2026-04-06T07:00:00Z
      # weekly, fall back: 67 hours
      Fri 15:00 to Mon 09:00 Europe/Berlin | 2026-10-25T01:30:00Z | true | 2026-10-23T13:00:00Z | 2026-10-26T08:00:00Z
      # New York both ways
      Fri 15:00 to Mon 09:00 America/New_York | 2026-03-08T12:00:00Z | true | 2026-03-06T20:00:00Z | 2026-03-09T13:00:00Z
      Fri 15:00 to Mon 09:00 America/New_York | 2026-11-01T12:00:00Z | true | 2026-10-30T19:00:00Z | 2026-11-02T14:00:00Z
      # a start in the gap opens as the gap ends
      Sun 02:30 to Sun 05:00 Europe/Berlin | 2026-03-29T00:59:59Z | false | 2026-03-29T01:00:00Z | 2026-03-29T03:00:00Z
      Sun 02:30 to Sun 05:00 Europe/Berlin | 2026-03-29T01:00:00Z | true | 2026-03-29T01:00:00Z | 2026-03-29T03:00:00Z
      # a start in the overlap opens the first time the clock shows it
      Sun 02:30 to Sun 04:00 Europe/Berlin | 2026-10-25T00:29:59Z | false | 2026-10-25T00:30:00Z | 2026-10-25T03:00:00Z
      Sun 02:30 to Sun 04:00 Europe/Berlin | 2026-10-25T00:30:00Z | true | 2026-10-25T00:30:00Z | 2026-10-25T03:00:00Z
      # an end in the overlap closes the first time the clock shows it, and stays closed
      Sat 22:00 to Sun 02:30 Europe/Berlin | 2026-10-25T00:29:59Z | true | 2026-10-24T20:00:00Z | 2026-10-25T00:30:00Z
      Sat 22:00 to Sun 02:30 Europe/Berlin | 2026-10-25T01:15:00Z | false | 2026-10-31T21:00:00Z | 2026-11-01T01:30:00Z
      # wholly inside the gap: no window that Sunday
      Sun 02:10 to Sun 02:50 Europe/Berlin | 2026-03-28T12:00:00Z | false | 2026-04-05T00:10:00Z | 2026-04-05T00:50:00Z
      # over the end of the week, zones without daylight saving, year end, leap day
      Sat 22:00 to Mon 06:00 UTC | 2026-01-04T12:00:00Z | true | 2026-01-03T22:00:00Z | 2026-01-05T06:00:00Z
      Mon 09:00 to Mon 17:00 Asia/Kolkata | 2026-03-30T03:30:00Z | true | 2026-03-30T03:30:00Z | 2026-03-30T11:30:00Z
      Thu 22:00 to Fri 02:00 UTC | 2027-01-01T01:00:00Z | true | 2026-12-31T22:00:00Z | 2027-01-01T02:00:00Z
      Tue 00:00 to Wed 00:00 UTC | 2028-02-29T12:00:00Z | true | 2028-02-29T00:00:00Z | 2028-03-01T00:00:00Z
      Sun 23:00 to Mon 01:00 UTC | 2026-01-04T22:59:00Z | false | 2026-01-04T23:00:00Z | 2026-01-05T01:00:00Z
      # daily
      Mon-Fri 09:00-17:00 Europe/Berlin | 2026-03-27T15:59:00Z | true | 2026-03-27T08:00:00Z | 2026-03-27T16:00:00Z
      Mon-Fri 09:00-17:00 Europe/Berlin | 2026-03-27T16:00:00Z | false | 2026-03-30T07:00:00Z | 2026-03-30T15:00:00Z
      daily 01:00-04:00 Europe/Berlin | 2026-03-29T01:00:00Z | true | 2026-03-29T00:00:00Z | 2026-03-29T02:00:00Z
      daily 01:00-04:00 Europe/Berlin | 2026-10-25T01:00:00Z | true | 2026-10-24T23:00:00Z | 2026-10-25T03:00:00Z
      daily 01:30-02:30 America/New_York | 2026-03-08T06:45:00Z | true | 2026-03-08T06:30:00Z | 2026-03-08T07:00:00Z
      daily 01:30-02:30 America/New_York | 2026-11-01T06:15:00Z | true | 2026-11-01T05:30:00Z | 2026-11-01T07:30:00Z
      Mon-Fri 22:00-06:00 UTC | 2026-01-03T05:00:00Z | true | 2026-01-02T22:00:00Z | 2026-01-03T06:00:00Z
      Sat,Sun 00:00-24:00 UTC | 2026-01-03T12:00:00Z | true | 2026-01-03T00:00:00Z | 2026-01-05T00:00:00Z
      Mon 00:00-24:00 Asia/Kolkata | 2026-03-29T18:29:00Z | false | 2026-03-29T18:30:00Z | 2026-03-30T18:30:00Z
      # one-off ranges
      2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin | 2027-01-04T07:59:59Z | true | 2026-12-19T23:00:00Z | 2027-01-04T08:00:00Z
      2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin | 2027-01-04T08:00:00Z | false | - | -
      2026-03-29T02:30 to 2026-03-29T05:00 Europe/Berlin | 2026-03-29T00:30:00Z | false | 2026-03-29T01:00:00Z | 2026-03-29T03:00:00Z
      2026-10-25T02:30 to 2026-10-25T02:45 Europe/Berlin | 2026-10-25T01:35:00Z | false | - | -
      2026-10-25T01:30 to 2026-10-25T02:30 America/New_York | 2026-11-01T00:00:00Z | false | - | -
      2026-11-01T01:30 to 2026-11-01T01:45 America/New_York | 2026-11-01T05:35:00Z | true | 2026-11-01T05:30:00Z | 2026-11-01T05:45:00Z
      2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z | 2026-12-20T00:00:00Z | true | 2026-12-20T00:00:00Z | 2027-01-04T08:00:00Z
      2028-02-28T12:00 to 2028-03-01T00:00 UTC | 2028-02-29T23:59:59Z | true | 2028-02-28T12:00:00Z | 2028-03-01T00:00:00Z
      # cron: the duration is elapsed time
      cron 0 15 * * fri for 66h Europe/Berlin | 2026-03-30T07:30:00Z | true | 2026-03-27T14:00:00Z | 2026-03-30T08:00:00Z
      # cron, fixed time in the gap: fires as the gap ends; wildcard in the gap: skipped
      cron 30 2 * * * for 1h Europe/Berlin | 2026-03-29T00:00:00Z | false | 2026-03-29T01:00:00Z | 2026-03-29T02:00:00Z
      cron */30 2 * * * for 30m Europe/Berlin | 2026-03-29T00:00:00Z | false | 2026-03-30T00:00:00Z | 2026-03-30T01:00:00Z
      # cron, fixed time in the overlap: once; wildcard in the overlap: both passes
      cron 30 2 * * * for 10m Europe/Berlin | 2026-10-25T00:41:00Z | false | 2026-10-26T01:30:00Z | 2026-10-26T01:40:00Z
      cron 30 * * * * for 10m Europe/Berlin | 2026-10-25T00:41:00Z | false | 2026-10-25T01:30:00Z | 2026-10-25T01:40:00Z
      cron 0 2 * * * for 1h America/New_York | 2026-03-08T06:00:00Z | false | 2026-03-08T07:00:00Z | 2026-03-08T08:00:00Z
      cron 30 1 * * * for 10m America/New_York | 2026-11-01T05:45:00Z | false | 2026-11-02T06:30:00Z | 2026-11-02T06:40:00Z
      cron 30 1 * * * for 10m America/New_York | 2026-11-01T05:30:00Z | true | 2026-11-01T05:30:00Z | 2026-11-01T05:40:00Z
      # cron: never, leap day, the day-of-month / day-of-week rules, year end, no daylight saving
      cron 0 0 30 2 * for 1h UTC | 2026-01-01T00:00:00Z | false | - | -
      cron 0 0 29 2 * for 1d UTC | 2026-01-01T00:00:00Z | false | 2028-02-29T00:00:00Z | 2028-03-01T00:00:00Z
      cron 0 12 1 * mon for 1h UTC | 2026-01-01T13:00:00Z | false | 2026-01-05T12:00:00Z | 2026-01-05T13:00:00Z
      cron 0 12 */10 * mon for 1h UTC | 2026-01-01T13:00:00Z | false | 2026-05-11T12:00:00Z | 2026-05-11T13:00:00Z
      cron 0 22 31 12 * for 4h UTC | 2027-01-01T01:00:00Z | true | 2026-12-31T22:00:00Z | 2027-01-01T02:00:00Z
      cron 0 9 * * mon-fri for 8h Asia/Kolkata | 2026-03-30T03:30:00Z | true | 2026-03-30T03:30:00Z | 2026-03-30T11:30:00Z
      # any of: touching and overlapping windows merge, and the end of the whole stretch counts
      Mon-Fri 09:00-17:00 UTC; Mon-Fri 17:00-18:00 UTC | 2026-01-05T10:00:00Z | true | 2026-01-05T09:00:00Z | 2026-01-05T18:00:00Z
      Fri 15:00 to Mon 09:00 Europe/Berlin; 2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin | 2026-12-19T15:00:00Z | true | 2026-12-18T14:00:00Z | 2027-01-04T08:00:00Z
      2026-01-01T00:00 to 2026-01-02T00:00 UTC; 2026-01-05T00:00 to 2026-01-06T00:00 UTC | 2026-01-03T00:00:00Z | false | 2026-01-05T00:00:00Z | 2026-01-06T00:00:00Z
      """)
  void insideAndTheStretch(String text, Instant t, boolean inside, Instant start, Instant end) {
    Schedule s = Schedule.parse(text);
    assertThat(s.contains(t)).isEqualTo(inside);
    if (start == null) {
      assertThat(s.currentOrNext(t)).isEmpty();
      assertThat(s.nextEnd(t)).isEmpty();
      assertThat(s.nextStart(t)).isEmpty();
      return;
    }
    assertThat(s.currentOrNext(t)).contains(new Interval(start, end));
    assertThat(s.nextEnd(t)).contains(end);
    assertThat(s.intervalAt(t).isPresent()).isEqualTo(inside);
    if (!inside) {
      assertThat(s.nextStart(t)).contains(start);
    }
  }

  @Test
  void insideAStretchTheNextStartIsTheOpeningAfterIt() {
    Schedule weekend = Schedule.parse("Fri 15:00 to Mon 09:00 Europe/Berlin");
    Instant saturday = Instant.parse("2026-03-28T10:00:00Z");
    assertThat(weekend.nextStart(saturday)).contains(Instant.parse("2026-04-03T13:00:00Z"));
    assertThat(weekend.nextStart(Instant.parse("2026-03-27T14:00:00Z")))
        .contains(Instant.parse("2026-03-27T14:00:00Z"));
  }

  @Test
  void whereTwoWindowsTouchTheStretchGoesOn() {
    Schedule s = Schedule.parse("Mon 09:00 to Mon 12:00 UTC; Mon 12:00 to Mon 13:00 UTC");
    Instant touch = Instant.parse("2026-01-05T12:00:00Z");
    assertThat(s.contains(touch)).isTrue();
    assertThat(s.intervalAt(touch))
        .contains(new Interval(Instant.parse("2026-01-05T09:00:00Z"), touch.plusSeconds(3600)));
    assertThat(s.contains(touch.plusSeconds(3600))).isFalse();
    assertThat(s.nextStart(Instant.parse("2026-01-05T10:00:00Z")))
        .contains(Instant.parse("2026-01-12T09:00:00Z"));
  }
}
