package dev.gitops.promotion.schedule;

import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Tells the kinds of window apart by their text and hands each to its parser. */
final class Grammar {
  private static final Pattern DATE_FIRST = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final String FORMS =
      "write one of: Fri 15:00 to Mon 09:00 Europe/Berlin (weekly);"
          + " Mon-Fri 09:00-17:00 Europe/Berlin (daily);"
          + " 2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin (dates);"
          + " cron 0 22 * * fri for 59h Europe/Berlin (cron);"
          + " several of them separated by ';'";

  private Grammar() {}

  static Schedule parse(String text, ZoneId defaultZone) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(defaultZone, "defaultZone");
    ZoneId zone = ScheduleText.normalize(defaultZone);
    if (text.indexOf(';') < 0) {
      return one(text, text, zone);
    }
    List<Schedule> members = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      members.add(one(part, text, zone));
    }
    return new AnyOf(members);
  }

  private static Schedule one(String text, String whole, ZoneId zone) {
    String s = ScheduleText.squeeze(text);
    String lower = " " + s.toLowerCase(Locale.ROOT) + " ";
    if (s.isEmpty()) {
      throw ScheduleText.invalid(
          "schedule", whole, whole.equals(text) ? "it is empty; " + FORMS : "it has an empty item");
    }
    if (lower.startsWith(" cron ") || lower.contains(" for ")) {
      return CronWindow.parse(text, zone);
    }
    if (DATE_FIRST.matcher(s).lookingAt()) {
      return DateRange.parse(text, zone);
    }
    if (lower.contains(" to ")) {
      return WeeklyWindow.parse(text, zone);
    }
    if (!DailyWindow.FORM.matcher(s).matches()) {
      throw ScheduleText.invalid("schedule", text, FORMS);
    }
    return DailyWindow.parse(text, zone);
  }
}
