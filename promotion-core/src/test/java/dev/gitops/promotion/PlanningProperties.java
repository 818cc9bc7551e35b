package dev.gitops.promotion;

import static dev.gitops.promotion.World.ADA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Properties of planning over random action chains: deterministic plans, convergence (executing a
 * plan and planning again gives an empty plan), and provenance (a digest never skips an
 * environment), checked against a simple model of what each environment runs.
 */
class PlanningProperties {
  static final int APPS = 3;

  /** One attempt to promote an application to a digest in an environment. */
  record Attempt(int app, int digest, int env) {}

  @Provide
  Arbitrary<Attempt> attempts() {
    return Combinators.combine(
            Arbitraries.integers().between(0, APPS - 1),
            Arbitraries.integers().between(0, 3),
            // weighted towards dev so that chains actually progress
            Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(2))))
        .as(Attempt::new);
  }

  static ImageDigest digest(int i) {
    return ImageDigest.parse("sha256:" + Integer.toHexString(i + 10).repeat(64).substring(0, 64));
  }

  @Property(tries = 150)
  void planningIsDeterministicConvergentAndNeverSkipsAnEnvironment(
      @ForAll @Size(max = 25) List<@net.jqwik.api.From("attempts") Attempt> attempts) {
    World world = new World(APPS, Delivery.DIRECT_COMMIT);
    Map<String, Integer> model = new HashMap<>(); // "env/app" -> digest index it runs
    for (Attempt a : attempts) {
      String app = "app" + a.app();
      String env = World.ENVS.get(a.env());
      PromotionRequest request = world.request(app, digest(a.digest()), env, ADA);
      Integer upstream = a.env() == 0 ? null : model.get(World.ENVS.get(a.env() - 1) + "/" + app);
      boolean allowed = a.env() == 0 || Integer.valueOf(a.digest()).equals(upstream);
      if (!allowed) {
        assertThatThrownBy(() -> world.promoter.plan(request))
            .isInstanceOfSatisfying(
                NotPermittedException.class,
                e -> assertThat(e.rule()).isEqualTo(NotPermittedException.Rule.PROVENANCE));
        continue;
      }
      PromotionPlan plan = world.promoter.plan(request);
      assertThat(world.promoter.plan(request)).isEqualTo(plan); // deterministic
      boolean inPlace = Integer.valueOf(a.digest()).equals(model.get(env + "/" + app));
      assertThat(plan.isEmpty()).isEqualTo(inPlace);
      world.promoter.execute(plan);
      model.put(env + "/" + app, a.digest());
      assertThat(world.promoter.plan(request).isEmpty()).isTrue(); // convergent
    }
    // the repository agrees with the model
    for (String env : World.ENVS) {
      for (int i = 0; i < APPS; i++) {
        Integer expected = model.get(env + "/app" + i);
        var current = world.promoter.current(env, "app" + i);
        if (expected == null) {
          assertThat(current).isEmpty();
        } else {
          assertThat(current.orElseThrow().image().digest()).contains(digest(expected));
        }
      }
    }
  }
}
