package dev.gitops.promotion.git.config;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.git.config.internal.GateRegistry;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the gates a pipeline file names into running {@link Gate}s, for {@link
 * PromotionConfig#pipeline(GateFactory)}. A factory that cannot build a gate refuses it with an
 * {@link InvalidInputException} naming the gate and where the file declares it: a declared gate is
 * never dropped.
 *
 * <p>Custom gates are registered by name, and the file then names them like the built-in ones (the
 * parameters reach the factory as written):
 *
 * <pre>{@code
 * GateFactory gates = GateFactory.builtIn()
 *     .with("security-scan", (env, spec) -> new SecurityScanGate(spec.string("severity")));
 * }</pre>
 */
@FunctionalInterface
public interface GateFactory {

  /**
   * The gate for {@code spec} in {@code environment}.
   *
   * @throws InvalidInputException naming {@link GateSpec#location()} when the factory cannot build
   *     this gate
   */
  Gate create(String environment, GateSpec spec);

  /** The factory of the built-in gates (see docs/pipeline-file.md); it refuses every other name. */
  static GateFactory builtIn() {
    return GateRegistry.builtIn();
  }

  /** A factory that knows no gate at all: every declared gate is refused. */
  static GateFactory none() {
    return GateRegistry.of(Map.of());
  }

  /**
   * This factory, plus {@code custom} for gates named {@code name} (which replaces a built-in gate
   * of that name).
   */
  default GateFactory with(String name, GateFactory custom) {
    return GateRegistry.with(
        this, Objects.requireNonNull(name, "name"), Objects.requireNonNull(custom, "custom"));
  }
}
