package dev.gitops.promotion.schedule;

import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.schedule.internal.ScheduleText;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a freeze-window or change-window gate says at an instant, as pure functions a {@link
 * dev.gitops.promotion.Gate} can call with {@code context.now()}:
 *
 * <pre>{@code
 * Schedule freeze = Schedule.parse("Fri 15:00 to Mon 09:00 Europe/Berlin");
 * Gate weekend = Gate.named("freeze weekend", ctx -> WindowVerdicts.freeze("weekend", freeze, ctx.now()));
 * }</pre>
 *
 * <p>Times in reasons are shown in the schedule's zone and in UTC, such as {@code Mon 2026-03-30
 * 09:00 Europe/Berlin (2026-03-30T07:00:00Z)}.
 */
public final class WindowVerdicts {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm", Locale.ROOT);

  private WindowVerdicts() {}

  /**
   * A change freeze: inside it, wait until it ends (the end of the whole unbroken stretch, so the
   * gate is not asked again at a boundary between touching windows); outside, pass.
   *
   * @param name the freeze's name, for the reason
   * @param freeze when promotions must not land
   * @param now the instant to judge
   */
  public static Verdict freeze(String name, Schedule freeze, Instant now) {
    Objects.requireNonNull(freeze, "freeze");
    Objects.requireNonNull(now, "now");
    String shown = SafeText.forDisplay(Objects.requireNonNull(name, "name"));
    Optional<Interval> at = freeze.intervalAt(now);
    if (at.isEmpty()) {
      return Verdict.pass("outside change freeze '" + shown + "'");
    }
    Instant end = at.get().end();
    return Verdict.waitUntil(
        end,
        "change freeze '" + shown + "' until " + until(freeze, end) + when(freeze.zone(), end));
  }

  /**
   * A change window, the only times promotions may land: inside it, pass and say when it closes;
   * outside, wait until it next opens; fail when it never opens again.
   *
   * @param name the window's name, for the reason
   * @param window when promotions may land
   * @param now the instant to judge
   */
  public static Verdict changeWindow(String name, Schedule window, Instant now) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(now, "now");
    String shown = SafeText.forDisplay(Objects.requireNonNull(name, "name"));
    Optional<Interval> next = window.currentOrNext(now);
    if (next.isPresent() && next.get().contains(now)) {
      Instant end = next.get().end();
      return Verdict.pass(
          "inside change window '"
              + shown
              + "', open until "
              + until(window, end)
              + when(window.zone(), end));
    }
    if (next.isEmpty()) {
      return Verdict.fail(
          "change window '"
              + shown
              + "' ("
              + SafeText.forDisplay(window.toString())
              + ") does not open again; change the window to promote here");
    }
    Instant opens = next.get().start();
    return Verdict.waitUntil(
        opens, "outside change window '" + shown + "', which opens " + when(window.zone(), opens));
  }

  private static String until(Schedule schedule, Instant end) {
    // still open at the end found: the stretch goes on past the search horizon
    return schedule.contains(end) ? "at least " : "";
  }

  /**
   * An instant in {@code zone} and in UTC, like {@code Mon 2026-03-30 09:00 Europe/Berlin (..Z)}.
   */
  static String when(ZoneId zone, Instant t) {
    LocalDateTime local = LocalDateTime.ofInstant(t, zone);
    String seconds = local.getSecond() != 0 || local.getNano() != 0 ? ":" + twoDigits(local) : "";
    String text = LOCAL.format(local) + seconds + " " + ScheduleText.zoneText(zone);
    return zone.equals(ZoneOffset.UTC) ? text : text + " (" + t + ")";
  }

  private static String twoDigits(LocalDateTime local) {
    String s = String.format(Locale.ROOT, "%02d", local.getSecond());
    return local.getNano() == 0 ? s : s + "." + String.format(Locale.ROOT, "%09d", local.getNano());
  }
}
