package dev.gitops.promotion;

/**
 * One condition a promotion must meet before it lands in an environment: a required status check,
 * approvals, a freeze window, a soak time, the health of the upstream environment, a policy.
 *
 * <p>A gate is a pure function of its {@link GateContext}: it reads, it never writes, and it
 * reports a closed gate as a {@link Verdict}, not an exception. Lambdas are fine:
 *
 * <pre>{@code
 * Gate weekdays = Gate.named("weekdays", ctx ->
 *     ctx.now().atZone(ZoneOffset.UTC).getDayOfWeek().getValue() <= 5
 *         ? Verdict.pass("it is a weekday")
 *         : Verdict.waiting("no promotions at the weekend"));
 * }</pre>
 */
@FunctionalInterface
public interface Gate {

  /** Decides on the promotion described by {@code context}. Must not throw for policy outcomes. */
  Verdict evaluate(GateContext context);

  /** The name shown in timelines, plans and change-request bodies. */
  default String name() {
    return "gate";
  }

  /** Gives {@code gate} a name. */
  static Gate named(String name, Gate gate) {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(gate, "gate");
    return new Gate() {
      @Override
      public Verdict evaluate(GateContext context) {
        return gate.evaluate(context);
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
