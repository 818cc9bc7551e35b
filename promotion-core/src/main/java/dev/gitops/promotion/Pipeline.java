package dev.gitops.promotion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The environments a digest moves through, in order: a chain ({@code dev -> staging -> production})
 * or a graph ({@code staging -> prod-eu} and {@code staging -> prod-us}).
 *
 * <p>A pipeline is validated when built: names are unique, exactly one environment has no upstream
 * (the entry, where CI commits), there are no cycles, and every environment is reachable from the
 * entry.
 *
 * <pre>{@code
 * Pipeline chain = Pipeline.builder()
 *     .add(Environment.of("dev", Delivery.DIRECT_COMMIT))
 *     .add(Environment.of("staging", Delivery.CHANGE_REQUEST))
 *     .add(Environment.of("production", Delivery.CHANGE_REQUEST))
 *     .build();                                 // no edges given: the order of add() is the chain
 *
 * Pipeline graph = Pipeline.builder()
 *     .add(dev).add(staging).add(prodEu).add(prodUs)
 *     .edge("dev", "staging").edge("staging", "prod-eu").edge("staging", "prod-us")
 *     .build();
 * }</pre>
 */
public final class Pipeline {
  private final Map<String, Environment> byName; // topological order
  private final Map<String, List<String>> upstreams;
  private final Map<String, List<String>> downstreams;
  private final String entry;

  private Pipeline(
      Map<String, Environment> byName,
      Map<String, List<String>> upstreams,
      Map<String, List<String>> downstreams,
      String entry) {
    this.byName = byName;
    this.upstreams = upstreams;
    this.downstreams = downstreams;
    this.entry = entry;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A chain of the given environments, in order. */
  public static Pipeline chain(Environment... environments) {
    Builder b = builder();
    for (Environment e : environments) {
      b.add(e);
    }
    return b.build();
  }

  /** Every environment, upstream before downstream (a topological order, stable). */
  public List<Environment> environments() {
    return List.copyOf(byName.values());
  }

  /** The environment with this name, if any. */
  public Optional<Environment> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The environment with this name.
   *
   * @throws InvalidInputException listing the known names when there is none
   */
  public Environment environment(String name) {
    Environment e = byName.get(name);
    if (e == null) {
      throw new InvalidInputException(
          "unknown environment '" + name + "'; the pipeline has " + byName.keySet());
    }
    return e;
  }

  /** The entry environment: the one without upstream, where CI delivers new digests. */
  public Environment entry() {
    return byName.get(entry);
  }

  /** The environments directly upstream of {@code name}; empty for the entry. */
  public List<Environment> upstreams(String name) {
    environment(name);
    return upstreams.get(name).stream().map(byName::get).toList();
  }

  /** The environments directly downstream of {@code name}. */
  public List<Environment> downstreams(String name) {
    environment(name);
    return downstreams.get(name).stream().map(byName::get).toList();
  }

  /**
   * This pipeline with every environment replaced by {@code change}'s result, same edges; the
   * result must keep the environment's name.
   *
   * @throws InvalidInputException when {@code change} renames an environment
   */
  public Pipeline map(UnaryOperator<Environment> change) {
    Builder b = builder();
    for (Environment e : byName.values()) {
      Environment changed = Objects.requireNonNull(change.apply(e), "changed environment");
      if (!changed.name().equals(e.name())) {
        throw new InvalidInputException(
            "a pipeline map must keep names: '" + e.name() + "' became '" + changed.name() + "'");
      }
      b.add(changed);
    }
    downstreams.forEach((from, tos) -> tos.forEach(to -> b.edge(from, to)));
    return b.build();
  }

  /** The position of {@code name} in {@link #environments()}. */
  public int indexOf(String name) {
    environment(name);
    return new ArrayList<>(byName.keySet()).indexOf(name);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (String from : byName.keySet()) {
      for (String to : downstreams.get(from)) {
        if (sb.length() > 0) {
          sb.append(", ");
        }
        sb.append(from).append(" -> ").append(to);
      }
    }
    return sb.length() == 0 ? entry : sb.toString();
  }

  /** Builds a {@link Pipeline}; see the class documentation. */
  public static final class Builder {
    private final List<Environment> environments = new ArrayList<>();
    private final List<String[]> edges = new ArrayList<>();

    private Builder() {}

    /** Adds an environment; without edges, environments form a chain in the order added. */
    public Builder add(Environment environment) {
      environments.add(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /** Adds all environments, in order. */
    public Builder addAll(List<Environment> all) {
      all.forEach(this::add);
      return this;
    }

    /** Declares that promotions flow from {@code from} to {@code to}. */
    public Builder edge(String from, String to) {
      edges.add(new String[] {Objects.requireNonNull(from), Objects.requireNonNull(to)});
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidInputException naming the duplicate, the unknown name, the cycle or the
     *     unreachable environments
     */
    public Pipeline build() {
      if (environments.isEmpty()) {
        throw new InvalidInputException("a pipeline needs at least one environment");
      }
      Map<String, Environment> declared = new LinkedHashMap<>();
      for (Environment e : environments) {
        if (declared.put(e.name(), e) != null) {
          throw new InvalidInputException(
              "environment '" + e.name() + "' is declared twice; names must be unique");
        }
      }
      Map<String, List<String>> up = new LinkedHashMap<>();
      Map<String, List<String>> down = new LinkedHashMap<>();
      declared.keySet().forEach(n -> up.put(n, new ArrayList<>()));
      declared.keySet().forEach(n -> down.put(n, new ArrayList<>()));
      List<String[]> allEdges = new ArrayList<>(edges);
      if (allEdges.isEmpty()) {
        List<String> names = new ArrayList<>(declared.keySet());
        for (int i = 1; i < names.size(); i++) {
          allEdges.add(new String[] {names.get(i - 1), names.get(i)});
        }
      }
      for (String[] edge : allEdges) {
        for (String end : edge) {
          if (!declared.containsKey(end)) {
            throw new InvalidInputException(
                "edge "
                    + edge[0]
                    + " -> "
                    + edge[1]
                    + " names unknown environment '"
                    + end
                    + "'; declared: "
                    + declared.keySet());
          }
        }
        if (edge[0].equals(edge[1])) {
          throw new InvalidInputException(
              "edge "
                  + edge[0]
                  + " -> "
                  + edge[1]
                  + " is a cycle: an environment cannot feed itself");
        }
        if (down.get(edge[0]).contains(edge[1])) {
          throw new InvalidInputException(
              "edge " + edge[0] + " -> " + edge[1] + " is declared twice");
        }
        down.get(edge[0]).add(edge[1]);
        up.get(edge[1]).add(edge[0]);
      }
      List<String> entries =
          up.entrySet().stream()
              .filter(en -> en.getValue().isEmpty())
              .map(Map.Entry::getKey)
              .toList();
      List<String> order = topologicalOrder(declared.keySet(), up, down);
      if (entries.size() != 1) {
        throw new InvalidInputException(
            entries.isEmpty()
                ? "the pipeline has no entry environment (every environment has an upstream)"
                : "the pipeline must have exactly one entry environment, found "
                    + entries
                    + "; connect them with edges");
      }
      Set<String> reachable = reachableFrom(entries.get(0), down);
      List<String> unreachable =
          declared.keySet().stream().filter(n -> !reachable.contains(n)).toList();
      if (!unreachable.isEmpty()) {
        throw new InvalidInputException(
            "environments "
                + unreachable
                + " are not reachable from the entry '"
                + entries.get(0)
                + "'");
      }
      Map<String, Environment> ordered = new LinkedHashMap<>();
      order.forEach(n -> ordered.put(n, declared.get(n)));
      Map<String, List<String>> frozenUp = new LinkedHashMap<>();
      Map<String, List<String>> frozenDown = new LinkedHashMap<>();
      up.forEach((k, v) -> frozenUp.put(k, List.copyOf(v)));
      down.forEach((k, v) -> frozenDown.put(k, List.copyOf(v)));
      return new Pipeline(
          Collections.unmodifiableMap(ordered),
          Collections.unmodifiableMap(frozenUp),
          Collections.unmodifiableMap(frozenDown),
          entries.get(0));
    }

    // Kahn's algorithm in declaration order, so the order is stable; leftovers form a cycle.
    private static List<String> topologicalOrder(
        Set<String> names, Map<String, List<String>> up, Map<String, List<String>> down) {
      Map<String, Integer> indegree = new LinkedHashMap<>();
      names.forEach(n -> indegree.put(n, up.get(n).size()));
      Deque<String> ready = new ArrayDeque<>();
      indegree.forEach(
          (n, d) -> {
            if (d == 0) {
              ready.add(n);
            }
          });
      List<String> order = new ArrayList<>();
      while (!ready.isEmpty()) {
        String n = ready.poll();
        order.add(n);
        for (String next : down.get(n)) {
          if (indegree.merge(next, -1, Integer::sum) == 0) {
            ready.add(next);
          }
        }
      }
      if (order.size() != names.size()) {
        Set<String> cyclic = new LinkedHashSet<>(names);
        order.forEach(cyclic::remove);
        throw new InvalidInputException("the pipeline has a cycle through " + cyclic);
      }
      return order;
    }

    private static Set<String> reachableFrom(String start, Map<String, List<String>> down) {
      Set<String> seen = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>(List.of(start));
      while (!todo.isEmpty()) {
        String n = todo.pop();
        if (seen.add(n)) {
          todo.addAll(down.get(n));
        }
      }
      return seen;
    }
  }
}
