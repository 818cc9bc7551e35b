package dev.gitops.promotion.gates;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.Check;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Required status checks on the change request's head commit: named checks, or whatever the target
 * branch's protection requires, or both. Each must have succeeded; a neutral or skipped check
 * counts as passed unless configured otherwise (as GitHub counts them). A check that has not
 * reported, or is still running, makes the gate wait; a failed one (or a neutral or skipped one
 * that is not accepted) fails it, naming the check and its link.
 *
 * <pre>{@code
 * Gate checks = RequiredChecks.of("smoke-tests", "image-scan").allowSkipped(false);
 * Gate asProtected = RequiredChecks.fromBranchProtection();
 * }</pre>
 */
public final class RequiredChecks implements Gate {
  private final List<String> names;
  private final boolean fromProtection;
  private final boolean allowNeutral;
  private final boolean allowSkipped;

  private RequiredChecks(
      List<String> names, boolean fromProtection, boolean allowNeutral, boolean allowSkipped) {
    this.names = List.copyOf(names);
    this.fromProtection = fromProtection;
    this.allowNeutral = allowNeutral;
    this.allowSkipped = allowSkipped;
  }

  /** These checks must pass. */
  public static RequiredChecks of(List<String> names) {
    names.forEach(n -> Objects.requireNonNull(n, "check name"));
    return new RequiredChecks(names, false, true, true);
  }

  /** See {@link #of(List)}. */
  public static RequiredChecks of(String... names) {
    return of(List.of(names));
  }

  /** The checks the target branch's protection requires must pass. */
  public static RequiredChecks fromBranchProtection() {
    return new RequiredChecks(List.of(), true, true, true);
  }

  /** These checks and also those branch protection requires. */
  public RequiredChecks andBranchProtection() {
    return new RequiredChecks(names, true, allowNeutral, allowSkipped);
  }

  /** Whether a neutral check counts as passed; true unless set. */
  public RequiredChecks allowNeutral(boolean allow) {
    return new RequiredChecks(names, fromProtection, allow, allowSkipped);
  }

  /** Whether a skipped check counts as passed; true unless set. */
  public RequiredChecks allowSkipped(boolean allow) {
    return new RequiredChecks(names, fromProtection, allowNeutral, allow);
  }

  @Override
  public String name() {
    return "required-checks";
  }

  /**
   * The checks required in {@code context}: the named ones, then branch protection's, except the
   * promotion's own status ({@link ChangeRequestHost#GATES_STATUS}): it reports these very gates,
   * so waiting for it would wait for ourselves.
   */
  public List<String> required(GateContext context) {
    LinkedHashSet<String> all = new LinkedHashSet<>(names);
    if (fromProtection) {
      all.addAll(context.protection().requiredChecks());
    }
    all.remove(ChangeRequestHost.GATES_STATUS);
    return List.copyOf(all);
  }

  @Override
  public Verdict evaluate(GateContext context) {
    List<String> required = required(context);
    if (required.isEmpty()) {
      return Verdict.pass("no status check is required");
    }
    Optional<ChangeRequest> cr = context.changeRequest();
    if (cr.isEmpty()) {
      return context.plan().delivery() == Delivery.DIRECT_COMMIT
          ? Verdict.fail(
              "status checks "
                  + shown(required)
                  + " are read from a change request, but environment '"
                  + context.environment().name()
                  + "' takes direct commits; use change-request delivery or drop the gate")
          : Verdict.waiting("no change request yet; it will need " + shown(required) + " to pass");
    }
    List<String> failed = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    for (String name : required) {
      Optional<Check> check = cr.get().check(name);
      String shown = SafeText.forDisplay(name);
      if (check.isEmpty()) {
        waiting.add(shown + " has not reported on " + cr.get().headRevision().abbreviated());
        continue;
      }
      Check c = check.get();
      String link = c.detailsUrl().map(u -> " (" + SafeText.forDisplay(u) + ")").orElse("");
      switch (c.state()) {
        case SUCCESS -> passed.add(shown);
        case PENDING -> waiting.add(shown + " is running" + link);
        case FAILURE -> failed.add(shown + " failed" + link);
        case NEUTRAL, SKIPPED -> {
          boolean ok = c.state() == Check.State.NEUTRAL ? allowNeutral : allowSkipped;
          String state = c.state().name().toLowerCase(Locale.ROOT);
          if (ok) {
            passed.add(shown + " (" + state + ")");
          } else {
            failed.add(shown + " finished " + state + ", which this gate does not accept" + link);
          }
        }
      }
    }
    if (!failed.isEmpty()) {
      return new Verdict(Verdict.Status.FAIL, failed, Optional.empty());
    }
    if (!waiting.isEmpty()) {
      return new Verdict(Verdict.Status.WAIT, waiting, Optional.empty());
    }
    return Verdict.pass("passed: " + String.join(", ", passed));
  }

  private static String shown(List<String> names) {
    return SafeText.forDisplay(String.join(", ", names));
  }

  @Override
  public String toString() {
    return name() + (names.isEmpty() ? "" : names) + (fromProtection ? "+protection" : "");
  }
}
