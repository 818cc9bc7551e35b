package dev.gitops.promotion.schedule;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same hours on a set of days of the week, such as {@code Mon-Fri 09:00-17:00 Europe/Berlin}.
 * Each listed day opens a window at {@code opens}; it closes at {@code closes} that day, or the
 * next day when {@code closes} is not after {@code opens} ({@code Mon-Fri 22:00-06:00} is five
 * nights, the last one ending on Saturday morning; {@code 00:00-24:00} is the whole day).
 *
 * <p>Grammar: {@code <days> <HH:MM>-<HH:MM> [<zone>]}, where {@code <days>} is a comma-separated
 * list of days ({@code mon}..{@code sun} or full names, any case) and ranges of days ({@code
 * mon-fri}; {@code fri-mon} wraps over the weekend), or {@code daily}. {@code 24:00} is allowed as
 * the closing time. Times follow the wall clock across daylight-saving changes (see {@link
 * Schedule} for gaps and overlaps).
 *
 * @param days the days on which a window opens, at least one
 * @param opens the opening time, whole minutes
 * @param closes the closing time, whole minutes; the next day when not after {@code opens}
 * @param zone the time zone
 */
public record DailyWindow(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone)
    implements Schedule {
  private static final String SHAPE =
      "write <days> <HH:MM>-<HH:MM> [zone], like Mon-Fri 09:00-17:00 Europe/Berlin";
  static final Pattern FORM =
      Pattern.compile("(?<days>.+?) (?<from>[^ -]+) ?- ?(?<to>[^ -]+)(?: (?<zone>\\S+))?");

  /** Checks the days and times and keeps an unmodifiable copy of the days. */
  public DailyWindow {
    Objects.requireNonNull(days, "days");
    if (days.isEmpty()) {
      throw new InvalidInputException("a daily window needs at least one day");
    }
    days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    ScheduleText.wholeMinutes(Objects.requireNonNull(opens, "opens"), "the opening time");
    ScheduleText.wholeMinutes(Objects.requireNonNull(closes, "closes"), "the closing time");
    zone = ScheduleText.normalize(Objects.requireNonNull(zone, "zone"));
  }

  /** Parses {@code <days> <HH:MM>-<HH:MM> [zone]}, in UTC when no zone is given. */
  public static DailyWindow parse(String text) {
    return parse(text, ZoneOffset.UTC);
  }

  /**
   * Parses {@code <days> <HH:MM>-<HH:MM> [zone]}, in {@code defaultZone} when no zone is given.
   *
   * @throws InvalidInputException saying what is wrong and showing the input
   */
  public static DailyWindow parse(String text, ZoneId defaultZone) {
    Objects.requireNonNull(text, "text");
    String what = "daily window";
    Matcher m = FORM.matcher(ScheduleText.squeeze(text));
    if (!m.matches()) {
      throw ScheduleText.invalid(what, text, SHAPE);
    }
    Set<DayOfWeek> days = days(m.group("days"), text);
    int from = ScheduleText.minuteOfDay(m.group("from"), false, what, text);
    int to = ScheduleText.minuteOfDay(m.group("to"), true, what, text);
    ZoneId zone =
        m.group("zone") == null ? defaultZone : ScheduleText.zone(m.group("zone"), what, text);
    return new DailyWindow(
        days,
        WeeklyWindow.minuteTime(from),
        WeeklyWindow.minuteTime(to % ScheduleText.DAY_MINUTES),
        zone);
  }

  private static Set<DayOfWeek> days(String text, String input) {
    String what = "daily window";
    String list = text.replace(" ", "").toLowerCase(Locale.ROOT);
    if (list.equals("daily")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : list.split(",", -1)) {
      int dash = item.indexOf('-');
      if (item.isEmpty()) {
        throw ScheduleText.invalid(what, input, "the list of days has an empty item; " + SHAPE);
      }
      if (dash < 0) {
        days.add(ScheduleText.day(item, what, input));
        continue;
      }
      DayOfWeek first = ScheduleText.day(item.substring(0, dash), what, input);
      DayOfWeek last = ScheduleText.day(item.substring(dash + 1), what, input);
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) {
          break;
        }
      }
    }
    return days;
  }

  int opensMinute() {
    return opens.getHour() * 60 + opens.getMinute();
  }

  /** Its length on the wall clock, in minutes: more than 0, at most a day. */
  int lengthMinutes() {
    int close = closes.getHour() * 60 + closes.getMinute();
    int open = opensMinute();
    return close > open ? close - open : close + ScheduleText.DAY_MINUTES - open;
  }

  /** Like {@code Mon-Fri 09:00-17:00 Europe/Berlin}. */
  @Override
  public String toString() {
    int close = closes.getHour() * 60 + closes.getMinute();
    return daysText(days)
        + " "
        + ScheduleText.timeText(opens)
        + "-"
        + ScheduleText.timeText(close == 0 ? ScheduleText.DAY_MINUTES : close)
        + " "
        + ScheduleText.zoneText(zone);
  }

  private static String daysText(Set<DayOfWeek> days) {
    List<String> parts = new ArrayList<>();
    DayOfWeek[] all = DayOfWeek.values();
    int i = 0;
    while (i < all.length) {
      if (!days.contains(all[i])) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < all.length && days.contains(all[j + 1])) {
        j++;
      }
      if (j - i >= 2) {
        parts.add(ScheduleText.dayText(all[i]) + "-" + ScheduleText.dayText(all[j]));
      } else {
        for (int k = i; k <= j; k++) {
          parts.add(ScheduleText.dayText(all[k]));
        }
      }
      i = j + 1;
    }
    return String.join(",", parts);
  }
}
