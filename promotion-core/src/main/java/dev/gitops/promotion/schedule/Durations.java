package dev.gitops.promotion.schedule;

import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration files: {@code 30m}, {@code 2h}, {@code 1d},
 * {@code 1h30m}, {@code 90s} (days, hours, minutes and seconds in that order, each at most once),
 * or ISO-8601 such as {@code PT30M} or {@code P1D}. A day is 24 hours.
 */
public final class Durations {
  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");
  private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
  private static final String[] UNITS = {"d", "h", "m", "s"};

  private Durations() {}

  /**
   * Parses a duration above zero.
   *
   * @throws dev.gitops.promotion.InvalidInputException saying what is wrong and showing the input
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String v = text.strip();
    Duration d = null;
    Matcher m = SHORT.matcher(v);
    if (!v.isEmpty() && m.matches()) {
      d = Duration.ZERO;
      for (int i = 0; i < 4; i++) {
        if (m.group(i + 1) != null) {
          d = d.plusSeconds(Long.parseLong(m.group(i + 1)) * UNIT_SECONDS[i]);
        }
      }
    } else if (v.startsWith("P") || v.startsWith("p")) {
      try {
        d = Duration.parse(v);
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw ScheduleText.invalid(
          "duration", text, "write a duration above zero like 30m, 2h, 1d, 1h30m or PT30M");
    }
    return d;
  }

  /**
   * The short form that {@link #parse} reads back: {@code 2d} for whole days, else hours, minutes
   * and seconds ({@code 59h}, {@code 1h30m}); ISO-8601 for durations with fractions of a second.
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.getNano() != 0 || duration.isNegative() || duration.isZero()) {
      return duration.toString();
    }
    long rest = duration.getSeconds();
    StringBuilder sb = new StringBuilder();
    for (int i = rest % UNIT_SECONDS[0] == 0 ? 0 : 1; i < 4; i++) {
      long n = rest / UNIT_SECONDS[i];
      rest %= UNIT_SECONDS[i];
      if (n > 0) {
        sb.append(n).append(UNITS[i]);
      }
    }
    return sb.toString();
  }
}
