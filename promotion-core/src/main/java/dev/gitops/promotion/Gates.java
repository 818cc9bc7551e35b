package dev.gitops.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Combinators over {@link Gate}s. Reasons of every member are kept, prefixed by the member's name.
 */
public final class Gates {
  private Gates() {}

  /**
   * Passes when every gate passes. Fails when any fails. Otherwise waits; the retry time is the
   * latest of the members' retry times, since all of them must open (unknown when any is unknown).
   */
  public static Gate allOf(List<Gate> gates) {
    List<Gate> members = List.copyOf(gates);
    return Gate.named("all-of(" + names(members) + ")", context -> allOf(members, context));
  }

  /** See {@link #allOf(List)}. */
  public static Gate allOf(Gate... gates) {
    return allOf(List.of(gates));
  }

  /**
   * Passes when any gate passes. Otherwise waits when any waits (the retry time is the earliest
   * known one), and fails when all fail. An empty any-of fails: nothing vouched for the move.
   */
  public static Gate anyOf(List<Gate> gates) {
    List<Gate> members = List.copyOf(gates);
    return Gate.named("any-of(" + names(members) + ")", context -> anyOf(members, context));
  }

  /** See {@link #anyOf(List)}. */
  public static Gate anyOf(Gate... gates) {
    return anyOf(List.of(gates));
  }

  /**
   * Passes when {@code gate} fails and fails when it passes; a wait stays a wait (not yet known is
   * not known either way). Reasons are kept.
   */
  public static Gate not(Gate gate) {
    java.util.Objects.requireNonNull(gate, "gate");
    return Gate.named(
        "not(" + gate.name() + ")",
        context -> {
          Verdict v = gate.evaluate(context).attributedTo(gate.name());
          return switch (v.status()) {
            case PASS -> new Verdict(Verdict.Status.FAIL, v.reasons(), Optional.empty());
            case FAIL -> new Verdict(Verdict.Status.PASS, v.reasons(), Optional.empty());
            case WAIT -> v;
          };
        });
  }

  /** Evaluates all gates and aggregates them as {@link #allOf(List)} does. */
  public static Verdict evaluateAll(List<Gate> gates, GateContext context) {
    return allOf(gates, context);
  }

  private static Verdict allOf(List<Gate> gates, GateContext context) {
    if (gates.isEmpty()) {
      return Verdict.pass("no gates");
    }
    List<String> failed = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    Instant latest = null;
    boolean unknownRetry = false;
    for (Gate gate : gates) {
      Verdict v = gate.evaluate(context).attributedTo(gate.name());
      switch (v.status()) {
        case FAIL -> failed.addAll(v.reasons());
        case WAIT -> {
          waiting.addAll(v.reasons());
          if (v.retryAt().isEmpty()) {
            unknownRetry = true;
          } else if (latest == null || v.retryAt().get().isAfter(latest)) {
            latest = v.retryAt().get();
          }
        }
        case PASS -> passed.addAll(v.reasons());
      }
    }
    if (!failed.isEmpty()) {
      return new Verdict(Verdict.Status.FAIL, concat(failed, waiting, passed), Optional.empty());
    }
    if (!waiting.isEmpty()) {
      return new Verdict(
          Verdict.Status.WAIT,
          concat(waiting, passed),
          unknownRetry ? Optional.empty() : Optional.ofNullable(latest));
    }
    return new Verdict(Verdict.Status.PASS, passed, Optional.empty());
  }

  private static Verdict anyOf(List<Gate> gates, GateContext context) {
    List<String> reasons = new ArrayList<>();
    Instant earliest = null;
    boolean anyWaiting = false;
    for (Gate gate : gates) {
      Verdict v = gate.evaluate(context).attributedTo(gate.name());
      if (v.passed()) {
        return v;
      }
      reasons.addAll(v.reasons());
      if (v.isWaiting()) {
        anyWaiting = true;
        Instant at = v.retryAt().orElse(null);
        if (at != null && (earliest == null || at.isBefore(earliest))) {
          earliest = at;
        }
      }
    }
    if (reasons.isEmpty()) {
      return Verdict.fail("no alternative was given");
    }
    return anyWaiting
        ? new Verdict(Verdict.Status.WAIT, reasons, Optional.ofNullable(earliest))
        : new Verdict(Verdict.Status.FAIL, reasons, Optional.empty());
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  private static String names(List<Gate> gates) {
    return String.join(", ", gates.stream().map(Gate::name).toList());
  }
}
