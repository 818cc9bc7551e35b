package dev.gitops.promotion.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The verdicts a freeze-window and a change-window gate give, and how their reasons read. */
class WindowVerdictsTest {
  private static final Schedule WEEKEND = Schedule.parse("Fri 15:00 to Mon 09:00 Europe/Berlin");
  private static final Schedule OFFICE = Schedule.parse("Mon-Fri 09:00-17:00 Europe/Berlin");

  @Test
  void insideAFreezeWaitsUntilItEndsInTheZoneAndUtc() {
    Verdict v = WindowVerdicts.freeze("weekend", WEEKEND, Instant.parse("2026-03-28T10:00:00Z"));
    assertThat(v.isWaiting()).isTrue();
    assertThat(v.retryAt()).contains(Instant.parse("2026-03-30T07:00:00Z"));
    assertThat(v.reasons())
        .containsExactly(
            "change freeze 'weekend' until Mon 2026-03-30 09:00 Europe/Berlin"
                + " (2026-03-30T07:00:00Z)");
  }

  @Test
  void atTheEndOfAFreezeItPasses() {
    Verdict v = WindowVerdicts.freeze("weekend", WEEKEND, Instant.parse("2026-03-30T07:00:00Z"));
    assertThat(v).isEqualTo(Verdict.pass("outside change freeze 'weekend'"));
  }

  @Test
  void touchingFreezesAreWaitedOutTogether() {
    Schedule both =
        Schedule.parse(
            "Fri 15:00 to Mon 09:00 Europe/Berlin;"
                + " 2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin");
    Verdict v = WindowVerdicts.freeze("year end", both, Instant.parse("2026-12-19T15:00:00Z"));
    assertThat(v.retryAt()).contains(Instant.parse("2027-01-04T08:00:00Z"));
    assertThat(v.reasons().get(0))
        .isEqualTo(
            "change freeze 'year end' until Mon 2027-01-04 09:00 Europe/Berlin"
                + " (2027-01-04T08:00:00Z)");
  }

  @Test
  void aFreezeWithNoEndInSightSaysAtLeast() {
    Schedule always = Schedule.parse("daily 00:00-24:00 UTC");
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    Verdict v = WindowVerdicts.freeze("forever", always, now);
    Instant retry = v.retryAt().orElseThrow();
    assertThat(retry).isAfterOrEqualTo(now.plus(Schedule.MERGE_HORIZON));
    assertThat(always.contains(retry)).isTrue();
    assertThat(v.reasons().get(0)).startsWith("change freeze 'forever' until at least ");
    assertThat(always.nextStart(now)).isEmpty();
  }

  @Test
  void aDenseCronFreezeStaysCheapAndIsCutWhereItIsStillOpen() {
    Schedule dense = Schedule.parse("cron * * * * * for 1m UTC");
    Instant now = Instant.parse("2026-01-01T12:00:30Z");
    Interval i = dense.intervalAt(now).orElseThrow();
    assertThat(i.end()).isAfter(now.plus(java.time.Duration.ofDays(10)));
    assertThat(dense.contains(i.end())).isTrue();
    assertThat(dense.contains(i.start().minusNanos(1))).isTrue();
  }

  @Test
  void aChangeWindowPassesInsideAndSaysWhenItCloses() {
    Verdict v =
        WindowVerdicts.changeWindow("office", OFFICE, Instant.parse("2026-03-27T08:00:00Z"));
    assertThat(v)
        .isEqualTo(
            Verdict.pass(
                "inside change window 'office', open until Fri 2026-03-27 17:00 Europe/Berlin"
                    + " (2026-03-27T16:00:00Z)"));
  }

  @Test
  void outsideAChangeWindowWaitsForItToOpen() {
    Verdict v =
        WindowVerdicts.changeWindow("office", OFFICE, Instant.parse("2026-03-27T16:00:00Z"));
    assertThat(v.retryAt()).contains(Instant.parse("2026-03-30T07:00:00Z"));
    assertThat(v.reasons())
        .containsExactly(
            "outside change window 'office', which opens Mon 2026-03-30 09:00 Europe/Berlin"
                + " (2026-03-30T07:00:00Z)");
  }

  @Test
  void aChangeWindowThatNeverOpensAgainFails() {
    Schedule past = Schedule.parse("2026-01-01T00:00:00Z to 2026-01-02T00:00:00Z");
    Verdict v = WindowVerdicts.changeWindow("launch", past, Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(v.failed()).isTrue();
    assertThat(v.reasons().get(0))
        .isEqualTo(
            "change window 'launch' (2026-01-01T00:00:00Z to 2026-01-02T00:00:00Z) does not open"
                + " again; change the window to promote here");
    assertThat(
            WindowVerdicts.changeWindow(
                    "never", Schedule.parse("cron 0 0 30 2 * for 1h"), Instant.EPOCH)
                .failed())
        .isTrue();
  }

  @Test
  void utcTimesAreShownOnceAndNamesAreMadeSafe() {
    Schedule s = Schedule.parse("Sat 00:00 to Mon 00:00 UTC");
    Verdict v = WindowVerdicts.freeze("week\u001bend", s, Instant.parse("2026-01-03T10:00:00Z"));
    assertThat(v.reasons())
        .containsExactly("change freeze 'week\\eend' until Mon 2026-01-05 00:00 UTC");
  }
}
