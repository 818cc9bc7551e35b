package dev.gitops.promotion;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order of a release train: several applications promoted together, in waves. Every wave holds
 * the applications whose dependencies are all in earlier waves (a topological sort in layers);
 * within a wave, names are alphabetical. Dependencies on applications outside the train are left
 * out: they are not moving.
 */
public final class ReleaseTrain {
  private ReleaseTrain() {}

  /**
   * The waves of {@code dependsOn} (application to the applications it must follow).
   *
   * @throws DependencyCycleException naming one cycle when there is no order
   */
  public static List<List<String>> waves(Map<String, ? extends Collection<String>> dependsOn) {
    Map<String, TreeSet<String>> pending = new TreeMap<>();
    dependsOn.forEach(
        (name, deps) -> {
          TreeSet<String> inTrain = new TreeSet<>(deps);
          inTrain.retainAll(dependsOn.keySet());
          inTrain.remove(name);
          pending.put(name, inTrain);
        });
    for (var e : dependsOn.entrySet()) {
      if (e.getValue().contains(e.getKey())) {
        throw new DependencyCycleException(List.of(e.getKey(), e.getKey()));
      }
    }
    List<List<String>> waves = new ArrayList<>();
    while (!pending.isEmpty()) {
      List<String> wave =
          pending.entrySet().stream()
              .filter(e -> e.getValue().isEmpty())
              .map(Map.Entry::getKey)
              .toList();
      if (wave.isEmpty()) {
        throw new DependencyCycleException(cycle(pending));
      }
      wave.forEach(pending::remove);
      pending.values().forEach(deps -> wave.forEach(deps::remove));
      waves.add(wave);
    }
    return waves;
  }

  // Every node left has a dependency left, so walking first dependencies must repeat a node.
  private static List<String> cycle(Map<String, TreeSet<String>> pending) {
    List<String> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String at = pending.keySet().iterator().next();
    while (seen.add(at)) {
      path.add(at);
      at = pending.get(at).first();
    }
    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
    cycle.add(at);
    return cycle;
  }
}
