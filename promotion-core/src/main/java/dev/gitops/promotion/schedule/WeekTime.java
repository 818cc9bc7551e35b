package dev.gitops.promotion.schedule;

import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A day of the week and a wall-clock time on it, to the minute, such as Friday 15:00.
 *
 * @param day the day
 * @param time the time, in whole minutes
 */
public record WeekTime(DayOfWeek day, LocalTime time) {

  /** Minutes in a week. */
  static final int WEEK_MINUTES = 7 * 24 * 60;

  /** Checks that the time has no seconds. */
  public WeekTime {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(time, "time");
    ScheduleText.wholeMinutes(time, "the time of " + day);
  }

  /** {@code day} at {@code hour:minute}. */
  public static WeekTime of(DayOfWeek day, int hour, int minute) {
    return new WeekTime(day, LocalTime.of(hour, minute));
  }

  /** Minutes since Monday 00:00. */
  int minuteOfWeek() {
    return (day.getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute();
  }

  /** Like {@code Fri 15:00}. */
  @Override
  public String toString() {
    return ScheduleText.dayText(day) + " " + ScheduleText.timeText(time);
  }
}
