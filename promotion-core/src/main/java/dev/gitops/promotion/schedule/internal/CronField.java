package dev.gitops.promotion.schedule.internal;

import dev.gitops.promotion.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * One field of a 5-field cron expression parsed into a bit set: {@code *}, numbers, names (where
 * the field has them), ranges {@code a-b}, steps {@code *}{@code /n}, {@code a-b/n} and {@code a/n}
 * (from {@code a} to the field's maximum), and comma-separated lists of those.
 *
 * @param bits bit {@code i} is set when the value {@code i} matches
 * @param star whether the field starts with {@code *}, which is what decides the day-of-month /
 *     day-of-week rule and the daylight-saving treatment, as in Vixie cron
 */
public record CronField(long bits, boolean star) {

  /** What one field accepts. */
  public enum Kind {
    /** 0-59. */
    MINUTE("minute", 0, 59, List.of()),
    /** 0-23. */
    HOUR("hour", 0, 23, List.of()),
    /** 1-31. */
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    /** 1-12 or jan-dec. */
    MONTH(
        "month",
        1,
        12,
        List.of(
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    /** 0-7 (0 and 7 are Sunday) or sun-sat. */
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;

    Kind(String label, int min, int max, List<String> names) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
    }

    /** The field's name in messages. */
    public String label() {
      return label;
    }

    private String accepted() {
      String range = min + "-" + max;
      if (names.isEmpty()) {
        return range;
      }
      return range + " or " + names.get(0) + "-" + names.get(names.size() - 1);
    }
  }

  /**
   * Parses {@code text} as a field of {@code kind}.
   *
   * @param what what the input is, for messages ({@code cron expression}, {@code cron window})
   * @param input the whole text, for messages
   * @throws dev.gitops.promotion.InvalidInputException naming the field and what is wrong
   */
  public static CronField parse(String text, Kind kind, String what, String input) {
    long bits = 0;
    Context c = new Context(kind, what, input);
    for (String element : text.split(",", -1)) {
      bits |= element(element, c);
    }
    if (kind == Kind.DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
      bits = (bits & ~(1L << 7)) | 1L; // 7 is Sunday, like 0
    }
    return new CronField(bits, text.startsWith("*"));
  }

  /** Whether {@code value} matches. */
  public boolean has(int value) {
    return (bits & (1L << value)) != 0;
  }

  private record Context(Kind kind, String what, String input) {}

  private static long element(String element, Context c) {
    Kind kind = c.kind();
    if (element.isEmpty()) {
      throw problem(c, "has an empty list item");
    }
    String base = element;
    int step = 1;
    boolean stepped = false;
    int slash = element.indexOf('/');
    if (slash >= 0) {
      base = element.substring(0, slash);
      step = number(element.substring(slash + 1), element, c);
      stepped = true;
      if (step <= 0) {
        throw problem(c, "has the step '" + element + "'; a step is 1 or more");
      }
    }
    int from;
    int to;
    if (base.equals("*")) {
      from = kind.min;
      to = kind.max;
    } else {
      int dash = base.indexOf('-');
      if (dash >= 0) {
        from = value(base.substring(0, dash), c);
        to = value(base.substring(dash + 1), c);
        if (from > to) {
          throw problem(
              c,
              "has the range '"
                  + ScheduleText.shown(base)
                  + "', which goes backwards; use low-high");
        }
      } else {
        from = value(base, c);
        to = stepped ? kind.max : from;
      }
    }
    long bits = 0;
    for (int v = from; v <= to; v += step) {
      bits |= 1L << v;
    }
    return bits;
  }

  private static int value(String token, Context c) {
    Kind kind = c.kind();
    String t = token.toLowerCase(Locale.ROOT);
    int named = kind.names.indexOf(t);
    if (named >= 0) {
      return named + (kind == Kind.MONTH ? 1 : 0);
    }
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 2) {
      int v = Integer.parseInt(t);
      if (v >= kind.min && v <= kind.max) {
        return v;
      }
    }
    throw problem(c, "has '" + ScheduleText.shown(token) + "', which is not " + kind.accepted());
  }

  private static int number(String token, String element, Context c) {
    if (token.isEmpty() || token.length() > 2 || !token.chars().allMatch(Character::isDigit)) {
      throw problem(
          c, "has the step '" + ScheduleText.shown(element) + "'; a step is a number, like */15");
    }
    return Integer.parseInt(token);
  }

  private static InvalidInputException problem(Context c, String problem) {
    return ScheduleText.invalid(c.what(), c.input(), "the " + c.kind().label + " field " + problem);
  }
}
