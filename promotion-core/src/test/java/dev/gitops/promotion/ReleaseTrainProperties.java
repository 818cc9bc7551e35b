package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Release-train order over generated dependency graphs: every edge is respected, every application
 * is in exactly one wave, waves are as early as possible, and a cycle is reported as a real cycle
 * of the graph.
 */
class ReleaseTrainProperties {

  /** A random DAG: node i may depend only on nodes with a smaller index, so there is no cycle. */
  @Provide
  Arbitrary<Map<String, List<String>>> dags() {
    return Arbitraries.integers()
        .between(1, 12)
        .flatMap(
            n ->
                Arbitraries.integers()
                    .between(0, Math.max(0, n * n))
                    .list()
                    .ofSize(n)
                    .map(
                        seeds -> {
                          Map<String, List<String>> g = new LinkedHashMap<>();
                          for (int i = 0; i < n; i++) {
                            List<String> deps = new ArrayList<>();
                            int s = seeds.get(i);
                            for (int j = 0; j < i; j++) {
                              if (((s >> (j % 16)) & 1) == 1) {
                                deps.add(name(j));
                              }
                            }
                            g.put(name(i), deps);
                          }
                          return g;
                        }));
  }

  /** A DAG with one back edge planted, from an early node to a later one that reaches it. */
  @Provide
  Arbitrary<Map<String, List<String>>> cyclic() {
    return Combinators.combine(
            Arbitraries.integers().between(2, 10), Arbitraries.integers().between(0, 1 << 12))
        .as(
            (n, bits) -> {
              Map<String, List<String>> g = new LinkedHashMap<>();
              for (int i = 0; i < n; i++) {
                List<String> deps = new ArrayList<>();
                if (i > 0) {
                  deps.add(name(i - 1)); // a chain, so the last reaches the first
                }
                for (int j = 0; j < i - 1; j++) {
                  if (((bits >> j) & 1) == 1) {
                    deps.add(name(j));
                  }
                }
                g.put(name(i), deps);
              }
              int from = bits % n;
              g.get(name(from)).add(name(n - 1)); // closes a cycle through the chain
              return g;
            });
  }

  private static String name(int i) {
    return "app-" + (char) ('a' + i);
  }

  @Property
  void everyEdgeIsRespectedAndEveryApplicationIsInExactlyOneWave(
      @ForAll("dags") Map<String, List<String>> graph) {
    List<List<String>> waves = ReleaseTrain.waves(graph);
    Map<String, Integer> waveOf = new HashMap<>();
    for (int w = 0; w < waves.size(); w++) {
      assertThat(waves.get(w)).isNotEmpty().isSorted();
      for (String app : waves.get(w)) {
        assertThat(waveOf.put(app, w)).as("%s is in one wave only", app).isNull();
      }
    }
    assertThat(waveOf.keySet()).isEqualTo(graph.keySet());
    graph.forEach(
        (app, deps) ->
            deps.forEach(
                d ->
                    assertThat(waveOf.get(d))
                        .as("%s before %s", d, app)
                        .isLessThan(waveOf.get(app))));
  }

  @Property
  void everyApplicationIsInTheEarliestWaveItsDependenciesAllow(
      @ForAll("dags") Map<String, List<String>> graph) {
    List<List<String>> waves = ReleaseTrain.waves(graph);
    Map<String, Integer> waveOf = new HashMap<>();
    for (int w = 0; w < waves.size(); w++) {
      for (String app : waves.get(w)) {
        waveOf.put(app, w);
      }
    }
    graph.forEach(
        (app, deps) -> {
          int earliest = deps.stream().mapToInt(waveOf::get).max().orElse(-1) + 1;
          assertThat(waveOf.get(app)).isEqualTo(earliest);
        });
  }

  @Property
  void aCycleIsATypedErrorNamingARealCycleOfTheGraph(
      @ForAll("cyclic") Map<String, List<String>> graph) {
    assertThatThrownBy(() -> ReleaseTrain.waves(graph))
        .isInstanceOfSatisfying(
            DependencyCycleException.class,
            e -> {
              List<String> cycle = e.cycle();
              assertThat(cycle.size()).isGreaterThanOrEqualTo(2);
              assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
              Set<String> distinct = new HashSet<>(cycle.subList(0, cycle.size() - 1));
              assertThat(distinct).hasSize(cycle.size() - 1);
              for (int i = 0; i + 1 < cycle.size(); i++) {
                assertThat(graph.get(cycle.get(i)))
                    .as("%s depends on %s", cycle.get(i), cycle.get(i + 1))
                    .contains(cycle.get(i + 1));
              }
              assertThat(e.getMessage()).contains(String.join(" -> ", cycle));
            });
  }

  @Property
  void dependenciesOutsideTheTrainAreIgnored(@ForAll("dags") Map<String, List<String>> graph) {
    Map<String, List<String>> withOutsiders = new LinkedHashMap<>();
    graph.forEach(
        (app, deps) -> {
          List<String> more = new ArrayList<>(deps);
          more.add("not-moving");
          withOutsiders.put(app, more);
        });
    assertThat(ReleaseTrain.waves(withOutsiders)).isEqualTo(ReleaseTrain.waves(graph));
  }

  @Example
  void aSelfDependencyIsACycleOfOne() {
    assertThatThrownBy(() -> ReleaseTrain.waves(Map.of("a", List.of("a"))))
        .isInstanceOfSatisfying(
            DependencyCycleException.class, e -> assertThat(e.cycle()).containsExactly("a", "a"));
  }

  @Example
  void aDiamond() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("web", List.of("api", "auth"));
    g.put("api", List.of("db"));
    g.put("auth", List.of("db"));
    g.put("db", List.of());
    assertThat(ReleaseTrain.waves(g))
        .containsExactly(List.of("db"), List.of("api", "auth"), List.of("web"));
    assertThat(new TreeSet<>(g.keySet())).hasSize(4);
  }
}
