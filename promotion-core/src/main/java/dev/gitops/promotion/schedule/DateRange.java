package dev.gitops.promotion.schedule;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.schedule.internal.ScheduleText;
import dev.gitops.promotion.schedule.internal.WallClock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * One stretch of time that does not recur, such as a year-end freeze: {@code 2026-12-20T00:00 to
 * 2027-01-04T09:00 Europe/Berlin}, or in absolute times {@code 2026-12-20T00:00:00Z to
 * 2027-01-04T08:00:00Z}.
 *
 * <p>Grammar: {@code <date-time> to <date-time> [<zone>]}, each date-time ISO-8601 either local
 * ({@code 2026-12-20T00:00}, read in the zone; see {@link Schedule} for a time in a daylight-saving
 * gap or overlap) or with an offset ({@code 2026-12-20T00:00:00Z}, {@code 2026-12-20T01:00+01:00}).
 * The zone is also how the range is shown; without one, a range of absolute times is shown in UTC
 * and local times are read in the default zone.
 *
 * @param from the first instant inside
 * @param until the first instant after it, strictly after {@code from}
 * @param zone the zone the range was written in, to show it
 */
public record DateRange(Instant from, Instant until, ZoneId zone) implements Schedule {
  private static final String SHAPE =
      "write <date-time> to <date-time> [zone], like 2026-12-20T00:00 to 2027-01-04T09:00"
          + " Europe/Berlin or 2026-12-20T00:00:00Z to 2027-01-04T08:00:00Z";

  /** Checks that the range is not empty. */
  public DateRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    zone = ScheduleText.normalize(Objects.requireNonNull(zone, "zone"));
    if (!until.isAfter(from)) {
      throw new InvalidInputException(
          "invalid date range '" + from + " to " + until + "': it must end after it starts");
    }
  }

  /** The range between two instants, shown in UTC. */
  public static DateRange between(Instant from, Instant until) {
    return new DateRange(from, until, ZoneOffset.UTC);
  }

  /**
   * The range between two wall-clock times in {@code zone}. Each stands for the first instant the
   * zone's clocks show it or a later time (see {@link Schedule}).
   */
  public static DateRange of(LocalDateTime from, LocalDateTime until, ZoneId zone) {
    return new DateRange(
        WallClock.firstInstant(from, zone), WallClock.firstInstant(until, zone), zone);
  }

  /** Parses {@code <date-time> to <date-time> [zone]}; local times without a zone are in UTC. */
  public static DateRange parse(String text) {
    return parse(text, ZoneOffset.UTC);
  }

  /**
   * Parses {@code <date-time> to <date-time> [zone]}, reading local times in {@code defaultZone}
   * when no zone is given.
   *
   * @throws InvalidInputException saying what is wrong and showing the input
   */
  public static DateRange parse(String text, ZoneId defaultZone) {
    Objects.requireNonNull(text, "text");
    String what = "date range";
    String[] t = ScheduleText.squeeze(text).split(" ");
    if ((t.length != 3 && t.length != 4) || !t[1].toLowerCase(Locale.ROOT).equals("to")) {
      throw ScheduleText.invalid(what, text, SHAPE);
    }
    Object from = dateTime(t[0], text);
    Object until = dateTime(t[2], text);
    ZoneId zone;
    if (t.length == 4) {
      zone = ScheduleText.zone(t[3], what, text);
    } else if (from instanceof Instant && until instanceof Instant) {
      zone = ZoneOffset.UTC;
    } else {
      zone = defaultZone;
    }
    Instant start = instant(from, zone);
    Instant end = instant(until, zone);
    if (!end.isAfter(start)) {
      throw ScheduleText.invalid(what, text, "it must end after it starts");
    }
    return new DateRange(start, end, zone);
  }

  private static Object dateTime(String token, String input) {
    try {
      return OffsetDateTime.parse(token).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(token);
      } catch (DateTimeParseException e2) {
        throw ScheduleText.invalid(
            "date range",
            input,
            "'"
                + ScheduleText.shown(token)
                + "' is not an ISO-8601 date-time like 2026-12-20T00:00 or 2026-12-20T00:00:00Z");
      }
    }
  }

  private static Instant instant(Object dateTime, ZoneId zone) {
    return dateTime instanceof Instant i
        ? i
        : WallClock.firstInstant((LocalDateTime) dateTime, zone);
  }

  /**
   * Like {@code 2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin}, or {@code 2026-12-20T00:00:00Z
   * to 2027-01-04T08:00:00Z} in UTC. A time that the wall clock shows twice and that means the
   * second occurrence is written with its offset.
   */
  @Override
  public String toString() {
    if (zone.equals(ZoneOffset.UTC)) {
      return from + " to " + until;
    }
    return shown(from) + " to " + shown(until) + " " + ScheduleText.zoneText(zone);
  }

  private String shown(Instant t) {
    LocalDateTime local = WallClock.local(t, zone);
    if (WallClock.firstInstant(local, zone).equals(t)) {
      return local.toString();
    }
    return OffsetDateTime.ofInstant(t, zone).toString();
  }
}
