package dev.gitops.promotion.schedule;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Windows opened by a cron expression: every firing opens a window that lasts {@code duration}
 * (elapsed time), such as {@code cron 0 22 * * fri for 59h Europe/Berlin} (Friday 22:00 until
 * Monday 09:00, or 10:00 after a spring-forward weekend, since the duration is elapsed time).
 * Firings whose windows overlap or touch make one stretch.
 *
 * <p>Grammar: {@code [cron] <minute> <hour> <day-of-month> <month> <day-of-week> for <duration>
 * [<zone>]}, the five fields as {@link CronExpression} reads them, the duration as {@link
 * Durations} reads it.
 *
 * <h2>Daylight-saving changes: as Vixie cron</h2>
 *
 * The expression is matched against the zone's wall clock, and firings around daylight-saving
 * changes follow Vixie cron (ISC cron 4.1, which Debian's cron and cronie keep), not Kubernetes
 * CronJob (robfig/cron, which skips a time in a spring-forward gap and fires twice in a fall-back
 * overlap). Vixie cron sorts jobs by whether the minute or the hour field starts with {@code *}:
 *
 * <ul>
 *   <li>a <b>fixed-time</b> expression (neither starts with {@code *}, such as {@code 30 2 * * *})
 *       whose time falls in a spring-forward gap fires once, at the first instant after the gap
 *       (several such times in one gap make one firing); in a fall-back overlap it fires once, the
 *       first time the clock shows the time;
 *   <li>a <b>wildcard</b> expression (such as {@code *}{@code /15 * * * *} or {@code 0 * * * *})
 *       fires whenever the wall clock shows a matching minute: not at all for the minutes a gap
 *       skips, and in both passes of an overlap, so that an "every 15 minutes" window has no hole
 *       in a repeated hour.
 * </ul>
 *
 * <p>The next firing is looked for at most 400 years ahead (the calendar repeats every 400 years,
 * so an expression that does not fire in that span never does); an expression no date matches, such
 * as {@code 0 0 30 2 *}, is recognized at once ({@link CronExpression#neverFires()}) and has no
 * windows.
 *
 * @param cron when windows open
 * @param duration how long each one lasts, above zero
 * @param zone the zone whose wall clock the expression reads
 */
public record CronWindow(CronExpression cron, Duration duration, ZoneId zone) implements Schedule {
  private static final String SHAPE =
      "write [cron] <minute> <hour> <day-of-month> <month> <day-of-week> for <duration> [zone],"
          + " like cron 0 22 * * fri for 59h Europe/Berlin";

  /** Checks that the duration is above zero. */
  public CronWindow {
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(duration, "duration");
    zone = ScheduleText.normalize(Objects.requireNonNull(zone, "zone"));
    if (duration.isNegative() || duration.isZero()) {
      throw new InvalidInputException(
          "invalid cron window '" + cron + "': the duration must be above zero, not " + duration);
    }
  }

  /** Parses {@code [cron] <5 fields> for <duration> [zone]}, in UTC when no zone is given. */
  public static CronWindow parse(String text) {
    return parse(text, ZoneOffset.UTC);
  }

  /**
   * Parses {@code [cron] <5 fields> for <duration> [zone]}, in {@code defaultZone} when no zone is
   * given.
   *
   * @throws InvalidInputException saying what is wrong and showing the input
   */
  public static CronWindow parse(String text, ZoneId defaultZone) {
    Objects.requireNonNull(text, "text");
    String what = "cron window";
    String[] t = ScheduleText.squeeze(text).split(" ");
    int first = t[0].toLowerCase(Locale.ROOT).equals("cron") ? 1 : 0;
    int forAt = -1;
    for (int i = first; i < t.length; i++) {
      if (t[i].toLowerCase(Locale.ROOT).equals("for")) {
        forAt = i;
        break;
      }
    }
    if (forAt < 0 || t.length - forAt < 2 || t.length - forAt > 3) {
      throw ScheduleText.invalid(what, text, SHAPE);
    }
    if (forAt - first != 5) {
      throw ScheduleText.invalid(
          what,
          text,
          "the cron expression has "
              + (forAt - first)
              + " fields; write 5: minute hour day-of-month month day-of-week, like 0 22 * * fri");
    }
    CronExpression cron =
        CronExpression.parse(String.join(" ", Arrays.copyOfRange(t, first, forAt)), what, text);
    Duration duration;
    try {
      duration = Durations.parse(t[forAt + 1]);
    } catch (InvalidInputException e) {
      throw ScheduleText.invalid(
          what,
          text,
          "'"
              + ScheduleText.shown(t[forAt + 1])
              + "' is not a duration; write one above zero like 30m, 2h, 1d, 1h30m or PT30M");
    }
    ZoneId zone = t.length - forAt == 3 ? ScheduleText.zone(t[forAt + 2], what, text) : defaultZone;
    return new CronWindow(cron, duration, zone);
  }

  /** Like {@code cron 0 22 * * fri for 59h Europe/Berlin}. */
  @Override
  public String toString() {
    return "cron "
        + cron
        + " for "
        + Durations.format(duration)
        + " "
        + ScheduleText.zoneText(zone);
  }
}
