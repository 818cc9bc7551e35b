package dev.gitops.promotion.schedule;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * A window that recurs every week, from a day and time to a day and time in a time zone, such as
 * {@code Fri 15:00 to Mon 09:00 Europe/Berlin}; it may run over the end of the week (Sunday to
 * Monday) and lasts less than a week.
 *
 * <p>Grammar: {@code <day> <HH:MM> to <day> <HH:MM> [<zone>]}, days {@code mon}..{@code sun} (or
 * full names, any case), times on a 24-hour clock ({@code 24:00} allowed as the end: midnight at
 * the end of that day), the zone a region id such as {@code Europe/Berlin} or {@code UTC}. Times
 * follow the wall clock across daylight-saving changes (see {@link Schedule} for gaps and
 * overlaps).
 *
 * @param start when each occurrence opens
 * @param end when it closes: the first time after {@code start} that the week reaches this day and
 *     time
 * @param zone the time zone of both
 */
public record WeeklyWindow(WeekTime start, WeekTime end, ZoneId zone) implements Schedule {
  private static final String SHAPE =
      "write <day> <HH:MM> to <day> <HH:MM> [zone], like Fri 15:00 to Mon 09:00 Europe/Berlin";

  /** Checks that the window does not end where it starts. */
  public WeeklyWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    zone = ScheduleText.normalize(Objects.requireNonNull(zone, "zone"));
    if (start.minuteOfWeek() == end.minuteOfWeek()) {
      throw new InvalidInputException(
          "invalid weekly window '"
              + start
              + " to "
              + end
              + "': it ends where it starts; a weekly window lasts less than a week");
    }
  }

  /** Parses {@code <day> <HH:MM> to <day> <HH:MM> [zone]}, in UTC when no zone is given. */
  public static WeeklyWindow parse(String text) {
    return parse(text, ZoneOffset.UTC);
  }

  /**
   * Parses {@code <day> <HH:MM> to <day> <HH:MM> [zone]}, in {@code defaultZone} when no zone is
   * given.
   *
   * @throws dev.gitops.promotion.InvalidInputException saying what is wrong and showing the input
   */
  public static WeeklyWindow parse(String text, ZoneId defaultZone) {
    Objects.requireNonNull(text, "text");
    String what = "weekly window";
    String[] t = ScheduleText.squeeze(text).split(" ");
    if ((t.length != 5 && t.length != 6) || !t[2].toLowerCase(Locale.ROOT).equals("to")) {
      throw ScheduleText.invalid(what, text, SHAPE);
    }
    DayOfWeek startDay = ScheduleText.day(t[0], what, text);
    int startMinute = ScheduleText.minuteOfDay(t[1], false, what, text);
    DayOfWeek endDay = ScheduleText.day(t[3], what, text);
    int endMinute = ScheduleText.minuteOfDay(t[4], true, what, text);
    if (endMinute == ScheduleText.DAY_MINUTES) {
      endDay = endDay.plus(1);
      endMinute = 0;
    }
    ZoneId zone = t.length == 6 ? ScheduleText.zone(t[5], what, text) : defaultZone;
    WeekTime start = new WeekTime(startDay, minuteTime(startMinute));
    WeekTime end = new WeekTime(endDay, minuteTime(endMinute));
    if (start.minuteOfWeek() == end.minuteOfWeek()) {
      throw ScheduleText.invalid(
          what, text, "it ends where it starts; a weekly window lasts less than a week");
    }
    return new WeeklyWindow(start, end, zone);
  }

  /** Its length on the wall clock, in minutes: more than 0, less than a week. */
  int lengthMinutes() {
    return Math.floorMod(end.minuteOfWeek() - start.minuteOfWeek(), WeekTime.WEEK_MINUTES);
  }

  static LocalTime minuteTime(int minuteOfDay) {
    return LocalTime.of(minuteOfDay / 60, minuteOfDay % 60);
  }

  /** Like {@code Fri 15:00 to Mon 09:00 Europe/Berlin}. */
  @Override
  public String toString() {
    return start + " to " + end + " " + ScheduleText.zoneText(zone);
  }
}
