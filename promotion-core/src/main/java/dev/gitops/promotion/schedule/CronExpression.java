package dev.gitops.promotion.schedule;

import dev.gitops.promotion.schedule.internal.CronField;
import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.Locale;
import java.util.Objects;

/**
 * A classic 5-field cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Each field takes {@code *}, a number, a range {@code a-b}, a step {@code *}{@code /n}, {@code
 * a-b/n} or {@code a/n} (from {@code a} to the field's maximum), or a comma-separated list of
 * those. Months may be named {@code jan}..{@code dec} and days of the week {@code sun}..{@code sat}
 * (any case); day-of-week 0 and 7 are both Sunday. As in Vixie cron, when both day fields are
 * restricted (neither starts with {@code *}) a day matches when <em>either</em> matches ({@code 0 0
 * 1,15 * mon} is the 1st, the 15th and every Monday); when either starts with {@code *}, both must
 * match ({@code 0 0 *}{@code /10 * mon} is a Monday that is the 1st, 11th, 21st or 31st).
 *
 * <p>Values are the text normalized to lowercase with single spaces; two expressions are equal when
 * their normalized texts are.
 */
public final class CronExpression {
  private static final int MAX_YEARS_AHEAD = 400;

  private final String text;
  private final CronField minutes;
  private final CronField hours;
  private final CronField days;
  private final CronField months;
  private final CronField weekdays;
  private final boolean never;

  private CronExpression(String text, CronField[] fields) {
    this.text = text;
    this.minutes = fields[0];
    this.hours = fields[1];
    this.days = fields[2];
    this.months = fields[3];
    this.weekdays = fields[4];
    this.never = noDateMatches();
  }

  /**
   * Parses a 5-field expression such as {@code 0 22 * * fri} or {@code *}{@code /15 9-17 * *
   * mon-fri}.
   *
   * @throws dev.gitops.promotion.InvalidInputException naming the field that is wrong and showing
   *     the input
   */
  public static CronExpression parse(String text) {
    Objects.requireNonNull(text, "text");
    return parse(text, "cron expression", text);
  }

  /** Parses {@code text}, naming {@code input} as {@code what} in messages. */
  static CronExpression parse(String text, String what, String input) {
    String squeezed = ScheduleText.squeeze(text);
    String[] parts = squeezed.isEmpty() ? new String[0] : squeezed.split(" ");
    if (parts.length != 5) {
      throw ScheduleText.invalid(
          what,
          input,
          "has "
              + parts.length
              + " fields; write 5: minute hour day-of-month month day-of-week, like 0 22 * * fri");
    }
    CronField.Kind[] kinds = CronField.Kind.values();
    CronField[] fields = new CronField[5];
    for (int i = 0; i < 5; i++) {
      fields[i] = CronField.parse(parts[i], kinds[i], what, input);
    }
    return new CronExpression(squeezed.toLowerCase(Locale.ROOT), fields);
  }

  /**
   * Whether no date can ever match, such as the 30th of February ({@code 0 0 30 2 *}): such an
   * expression never fires.
   */
  public boolean neverFires() {
    return never;
  }

  private boolean noDateMatches() {
    if (!days.star() && !weekdays.star()) {
      return false; // either day field may match, and every month has every weekday
    }
    for (Month m : Month.values()) {
      if (months.has(m.getValue())) {
        for (int d = 1; d <= m.maxLength(); d++) {
          if (days.has(d)) {
            return false; // every valid date falls on every weekday in some year
          }
        }
      }
    }
    return true;
  }

  /**
   * Whether the minute or the hour field starts with {@code *}. Vixie cron treats such "wildcard"
   * jobs differently around daylight-saving changes; see {@link CronWindow}.
   */
  public boolean wildcardTime() {
    return minutes.star() || hours.star();
  }

  /** Whether the wall-clock minute {@code local} matches (seconds are ignored). */
  public boolean matches(LocalDateTime local) {
    return months.has(local.getMonthValue())
        && dayMatches(local.toLocalDate())
        && hours.has(local.getHour())
        && minutes.has(local.getMinute());
  }

  boolean dayMatches(LocalDate date) {
    boolean dom = days.has(date.getDayOfMonth());
    boolean dow = weekdays.has(date.getDayOfWeek().getValue() % 7);
    return days.star() || weekdays.star() ? dom && dow : dom || dow;
  }

  /**
   * The first matching wall-clock minute at or after {@code from} (taken to the minute), looking at
   * most 400 years ahead (the Gregorian calendar repeats every 400 years), or null.
   */
  LocalDateTime nextMatch(LocalDateTime from) {
    return nextMatch(from, from.toLocalDate().plusYears(MAX_YEARS_AHEAD));
  }

  /** The first matching wall-clock minute at or after {@code from} on or before {@code limit}. */
  LocalDateTime nextMatch(LocalDateTime from, LocalDate limit) {
    if (never) {
      return null;
    }
    LocalDate date = from.toLocalDate();
    int minuteOfDay = from.getHour() * 60 + from.getMinute();
    while (!date.isAfter(limit)) {
      if (!months.has(date.getMonthValue())) {
        date = date.withDayOfMonth(1).plusMonths(1);
        minuteOfDay = 0;
        continue;
      }
      if (dayMatches(date)) {
        int m = nextMinuteOfDay(minuteOfDay);
        if (m >= 0) {
          return date.atTime(m / 60, m % 60);
        }
      }
      date = date.plusDays(1);
      minuteOfDay = 0;
    }
    return null;
  }

  private int nextMinuteOfDay(int from) {
    for (int h = from / 60; h < 24; h++) {
      if (!hours.has(h)) {
        continue;
      }
      int first = h == from / 60 ? from % 60 : 0;
      long candidates = minutes.bits() & (-1L << first);
      if (candidates != 0) {
        return h * 60 + Long.numberOfTrailingZeros(candidates);
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The normalized expression, such as {@code 0 22 * * fri}. */
  @Override
  public String toString() {
    return text;
  }
}
