package dev.gitops.promotion.schedule.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The pieces of the window grammar shared by every kind: day names, {@code HH:MM} times, zone ids,
 * and error messages that show the input.
 */
public final class ScheduleText {
  private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})");
  private static final int MAX_SHOWN = 200;

  /** Minutes in a day: the value of {@code 24:00}. */
  public static final int DAY_MINUTES = 24 * 60;

  private ScheduleText() {}

  /**
   * An {@link InvalidInputException} that says {@code invalid <what> '<input>': <problem>}, with
   * the input made safe to show (control characters escaped, cut after 200 characters).
   */
  public static InvalidInputException invalid(String what, String input, String problem) {
    return new InvalidInputException("invalid " + what + " '" + shown(input) + "': " + problem);
  }

  /** {@code text} made safe to show in a message: control characters escaped, long text cut. */
  public static String shown(String text) {
    String safe = SafeText.forDisplay(text);
    return safe.length() <= MAX_SHOWN ? safe : safe.substring(0, MAX_SHOWN) + "...";
  }

  /** {@code text} trimmed, with every run of white space made one space. */
  public static String squeeze(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /**
   * A day name: {@code mon} to {@code sun} or the full English name, in any case.
   *
   * @return the day, or null when the token is not a day name
   */
  public static DayOfWeek dayOrNull(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.name().toLowerCase(Locale.ROOT);
      if (t.equals(full) || t.equals(full.substring(0, 3))) {
        return d;
      }
    }
    return null;
  }

  /** A day name, or an error for {@code input} that lists the accepted names. */
  public static DayOfWeek day(String token, String what, String input) {
    DayOfWeek d = dayOrNull(token);
    if (d == null) {
      throw invalid(
          what,
          input,
          "'" + shown(token) + "' is not a day; use mon, tue, wed, thu, fri, sat, sun");
    }
    return d;
  }

  /**
   * A time {@code HH:MM} on a 24-hour clock as minutes of the day; {@code 24:00} (the end of the
   * day, 1440) only where {@code endOfDayAllowed}.
   */
  public static int minuteOfDay(String token, boolean endOfDayAllowed, String what, String input) {
    var m = TIME.matcher(token);
    if (m.matches()) {
      int h = Integer.parseInt(m.group(1));
      int min = Integer.parseInt(m.group(2));
      if (h < 24 && min < 60) {
        return h * 60 + min;
      }
      if (h == 24 && min == 0 && endOfDayAllowed) {
        return DAY_MINUTES;
      }
    }
    throw invalid(
        what,
        input,
        "'"
            + shown(token)
            + "' is not a time; use HH:MM on a 24-hour clock, like 09:00 or 17:30"
            + (endOfDayAllowed ? " (24:00 is the end of the day)" : ""));
  }

  /**
   * A time-zone id checked with {@link ZoneId#of}; a region id in the wrong case is accepted and
   * spelled as the JDK spells it. Fixed zones equal to UTC ({@code UTC}, {@code Z}, {@code
   * Etc/UTC}) become {@link ZoneOffset#UTC}.
   */
  public static ZoneId zone(String token, String what, String input) {
    ZoneId zone = null;
    try {
      zone = ZoneId.of(token);
    } catch (DateTimeException e) {
      for (String id : ZoneId.getAvailableZoneIds()) {
        if (id.equalsIgnoreCase(token)) {
          zone = ZoneId.of(id);
          break;
        }
      }
    }
    if (zone == null) {
      throw invalid(
          what,
          input,
          "'"
              + shown(token)
              + "' is not a time zone; use a region id such as Europe/Berlin, America/New_York or"
              + " UTC");
    }
    return normalize(zone);
  }

  /** {@code zone}, with zones that are UTC at every instant made {@link ZoneOffset#UTC}. */
  public static ZoneId normalize(ZoneId zone) {
    ZoneId n = zone.normalized();
    return n.equals(ZoneOffset.UTC) ? ZoneOffset.UTC : zone;
  }

  /** How a zone is written back: {@code UTC} for UTC, else its id. */
  public static String zoneText(ZoneId zone) {
    return normalize(zone).equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  /** {@code Mon} .. {@code Sun}. */
  public static String dayText(DayOfWeek day) {
    return day.getDisplayName(TextStyle.SHORT, Locale.ROOT);
  }

  /** {@code HH:MM} for a minute of the day, {@code 24:00} for 1440. */
  public static String timeText(int minuteOfDay) {
    return String.format(Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
  }

  /** {@code HH:MM} for a time with whole minutes. */
  public static String timeText(LocalTime time) {
    return timeText(time.getHour() * 60 + time.getMinute());
  }

  /** Checks that {@code time} has no seconds, as the grammar writes only hours and minutes. */
  public static LocalTime wholeMinutes(LocalTime time, String what) {
    if (time.getSecond() != 0 || time.getNano() != 0) {
      throw new InvalidInputException(
          what + " " + time + " has seconds; windows are given to the minute, like 09:00");
    }
    return time;
  }
}
