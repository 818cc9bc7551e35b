package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.GateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Gate factories by gate name; refuses an unknown name with a did-you-mean and its location. */
public final class GateRegistry implements GateFactory {
  // the built-in gates, by the names the pipeline file uses
  private static final GateRegistry BUILT_IN = new GateRegistry(BuiltInGates.factories());

  private final Map<String, GateFactory> factories;

  private GateRegistry(Map<String, GateFactory> factories) {
    this.factories = Map.copyOf(factories);
  }

  /** The built-in gates. */
  public static GateRegistry builtIn() {
    return BUILT_IN;
  }

  /** A registry of exactly these factories. */
  public static GateRegistry of(Map<String, GateFactory> factories) {
    return new GateRegistry(factories);
  }

  /** {@code base} plus {@code custom} for {@code name}. */
  public static GateFactory with(GateFactory base, String name, GateFactory custom) {
    if (base instanceof GateRegistry r) {
      Map<String, GateFactory> known = new LinkedHashMap<>(r.factories);
      known.put(name, custom);
      return new GateRegistry(known);
    }
    return (env, spec) ->
        spec.name().equals(name) ? custom.create(env, spec) : base.create(env, spec);
  }

  @Override
  public Gate create(String environment, GateSpec spec) {
    GateFactory f = factories.get(spec.name());
    if (f == null) {
      throw new InvalidInputException(
          "gate '"
              + spec.name()
              + "' of environment '"
              + environment
              + "' cannot be built: "
              + (factories.isEmpty()
                  ? "this gate factory knows no gates"
                  : "the gate factory knows "
                      + new TreeSet<>(factories.keySet())
                      + DidYouMean.hint(spec.name(), factories.keySet()))
              + "; register custom gates with GateFactory.with(name, factory). Nothing was"
              + " promoted",
          spec.location(),
          null);
    }
    return f.create(environment, spec);
  }
}
