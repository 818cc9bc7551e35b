package dev.gitops.promotion.gates;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.GateOverride;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.schedule.Schedule;
import dev.gitops.promotion.schedule.WindowVerdicts;
import dev.gitops.promotion.spi.ChangeRequest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A freeze window (no promotion lands inside it) or a change window (promotions land only inside
 * it) over a {@link Schedule}: weekly windows in a time zone, one-off date ranges and cron-opened
 * windows, all DST-correct. A closed window waits until it opens, so a gate asked again at the
 * retry time sees it open.
 *
 * <p>Emergency override: when the gate names override approvers, a request carrying a {@link
 * GateOverride} for this gate, from one of them and with a reason, passes a closed window, provided
 * the approver stands behind it: their standing approval on the change request (not the change's or
 * the promoted commit's author, not a bot), or, for a direct commit, they are the one promoting.
 * The override is recorded in the promotion's {@code Gate-Override} trailer.
 *
 * <pre>{@code
 * Gate weekend = Window.freeze("freeze-window", Schedule.parse("Fri 15:00 to Mon 09:00 Europe/Berlin"))
 *     .overridableBy(List.of("oncall-lead"));
 * }</pre>
 */
public final class Window implements Gate {
  private final String name;
  private final boolean freeze;
  private final Schedule schedule;
  private final List<String> overrideApprovers;
  private final String label;

  private Window(
      String name, boolean freeze, Schedule schedule, List<String> approvers, String label) {
    this.name = Objects.requireNonNull(name, "name");
    this.label = Objects.requireNonNull(label, "label");
    this.freeze = freeze;
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.overrideApprovers = List.copyOf(approvers);
  }

  /** A change freeze named {@code name}: no promotion lands while {@code schedule} is open. */
  public static Window freeze(String name, Schedule schedule) {
    return new Window(name, true, schedule, List.of(), name);
  }

  /** A change window named {@code name}: promotions land only while {@code schedule} is open. */
  public static Window changeWindow(String name, Schedule schedule) {
    return new Window(name, false, schedule, List.of(), name);
  }

  /** Who may approve an emergency override (logins or emails, compared without case). */
  public Window overridableBy(List<String> approvers) {
    return new Window(name, freeze, schedule, approvers, label);
  }

  /**
   * The window as reasons name it, such as {@code year-end holidays}; the gate's name unless set.
   */
  public Window labelled(String label) {
    return new Window(name, freeze, schedule, overrideApprovers, label);
  }

  @Override
  public String name() {
    return name;
  }

  /** The schedule. */
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public Verdict evaluate(GateContext context) {
    Verdict verdict =
        freeze
            ? WindowVerdicts.freeze(label, schedule, context.now())
            : WindowVerdicts.changeWindow(label, schedule, context.now());
    if (verdict.passed()) {
      return verdict;
    }
    List<GateOverride> asked =
        context.plan().request().overrides().stream().filter(o -> o.gate().equals(name)).toList();
    if (asked.isEmpty()) {
      return overrideApprovers.isEmpty()
          ? verdict
          : new Verdict(
              verdict.status(),
              append(
                  verdict.reasons(),
                  "an emergency override needs one of "
                      + SafeText.forDisplay(String.join(", ", overrideApprovers))
                      + " and a reason"),
              verdict.retryAt());
    }
    String problems = "";
    for (GateOverride o : asked) {
      Optional<String> problem = problem(context, o);
      if (problem.isEmpty()) {
        return Verdict.pass(
            "overridden by "
                + SafeText.forDisplay(o.approver())
                + ": "
                + SafeText.forDisplay(o.reason())
                + " (the window: "
                + verdict.reasons().get(0)
                + ")");
      }
      problems = problem.get();
    }
    return new Verdict(verdict.status(), append(verdict.reasons(), problems), verdict.retryAt());
  }

  private Optional<String> problem(GateContext context, GateOverride o) {
    String who = SafeText.forDisplay(o.approver());
    if (overrideApprovers.stream().noneMatch(a -> a.equalsIgnoreCase(o.approver()))) {
      return Optional.of(
          "the override by "
              + who
              + " does not count: "
              + (overrideApprovers.isEmpty()
                  ? "this gate names no override approvers"
                  : "only " + SafeText.forDisplay(String.join(", ", overrideApprovers)) + " may"));
    }
    Optional<ChangeRequest> cr = context.changeRequest();
    if (cr.isPresent()) {
      boolean approved =
          Reviewers.of(context, cr.get(), false).counted().stream()
              .anyMatch(a -> a.equalsIgnoreCase(o.approver()));
      return approved
          ? Optional.empty()
          : Optional.of(
              "the override by " + who + " waits for their approval of the change request");
    }
    if (context.plan().delivery() == dev.gitops.promotion.Delivery.CHANGE_REQUEST) {
      return Optional.of(
          "the override by " + who + " waits for their approval of the change request");
    }
    return Reviewers.isActor(o.approver(), context.plan().request().actor())
        ? Optional.empty()
        : Optional.of(
            "the override by "
                + who
                + " does not count: on a direct commit the approver must be the one promoting");
  }

  private static List<String> append(List<String> reasons, String more) {
    List<String> all = new java.util.ArrayList<>(reasons);
    all.add(more);
    return all;
  }

  @Override
  public String toString() {
    return name + (freeze ? " freeze " : " window ") + schedule.toString().toLowerCase(Locale.ROOT);
  }
}
