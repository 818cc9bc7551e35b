package dev.gitops.promotion.testkit;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.testkit.internal.ScenarioRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A promotion story, step by step, that runs in a {@link SimulatedWorld} and returns a {@link
 * Timeline}. A scenario is an immutable value: run it in two equally built worlds and the timelines
 * are equal; randomness ({@link Builder#waitBetween}) comes from {@link Builder#seed}.
 *
 * <pre>{@code
 * Timeline timeline = Scenario.builder("api-service to production")
 *     .ciBuilds("build-1")                                  // CI commits the digest to dev
 *     .awaitHealthy("dev", Duration.ofMinutes(5))           // the agent syncs it
 *     .promote("staging", "build-1", ADA)                   // a change request opens
 *     .reportCheck("staging", "smoke-tests", Check.State.SUCCESS)
 *     .awaitMerge("staging", Duration.ofHours(1))           // gates pass: merged
 *     .awaitHealthy("staging", Duration.ofMinutes(5))
 *     .promote("production", "build-1", ADA)
 *     .approve("production", "bob")
 *     .approve("production", "carol")
 *     .awaitMerge("production", Duration.ofDays(3))         // waits out the freeze window
 *     .build()
 *     .runIn(world);
 * System.out.println(timeline.render());
 * }</pre>
 *
 * <p>Steps act on one application: the world's only one, or the one named by the last {@link
 * Builder#application} step. Refusals (access policy, provenance, gates, host) do not stop a
 * scenario: they are events in the timeline, for the test to assert on. Mistakes in the scenario
 * itself (an unknown environment, a review with no open change request) throw.
 */
public final class Scenario {
  private final String name;
  private final long seed;
  private final Duration pollEvery;
  private final List<String> descriptions;
  private final List<Consumer<ScenarioRunner>> steps;

  private Scenario(Builder b) {
    this.name = b.name;
    this.seed = b.seed;
    this.pollEvery = b.pollEvery;
    this.descriptions = List.copyOf(b.descriptions);
    this.steps = List.copyOf(b.steps);
  }

  /** A new scenario called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The scenario's name. */
  public String name() {
    return name;
  }

  /** The steps, described one per line. */
  public List<String> steps() {
    return descriptions;
  }

  /**
   * Runs the steps in {@code world} (normally a fresh one) and returns what happened.
   *
   * @throws dev.gitops.promotion.InvalidInputException when a step names something the world does
   *     not have, or needs a change request the scenario never opened
   */
  public Timeline runIn(SimulatedWorld world) {
    return new ScenarioRunner(world, seed, pollEvery).run(name, steps);
  }

  @Override
  public String toString() {
    return "Scenario " + name + " " + descriptions;
  }

  /** Builds a {@link Scenario}, one step per call. */
  public static final class Builder {
    private final String name;
    private long seed = 1L;
    private Duration pollEvery = Duration.ofMinutes(5);
    private final List<String> descriptions = new ArrayList<>();
    private final List<Consumer<ScenarioRunner>> steps = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    private Builder add(String description, Consumer<ScenarioRunner> step) {
      descriptions.add(description);
      steps.add(step);
      return this;
    }

    /** The seed of the scenario's randomness; 1 unless set. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How often waiting steps look again when gates give no retry time; 5 minutes unless set. */
    public Builder pollEvery(Duration interval) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("poll interval must be positive, got " + interval);
      }
      this.pollEvery = interval;
      return this;
    }

    /** The following steps act on the application {@code name}. */
    public Builder application(String name) {
      return add("application " + name, r -> r.application(name));
    }

    /** CI builds {@code label} and commits its digest to the pipeline's entry environment. */
    public Builder ciBuilds(String label) {
      return add("CI builds " + label, r -> r.ciBuilds(label));
    }

    /**
     * {@code actor} promotes the digest of {@code label} into {@code environment}: a direct commit
     * or a change request, as the environment takes them.
     */
    public Builder promote(String environment, String label, Actor actor) {
      return add(
          actor.name() + " promotes " + label + " to " + environment,
          r -> r.promote(environment, label, actor));
    }

    /** A status check reports on the open change request into {@code environment}. */
    public Builder reportCheck(String environment, String check, Check.State state) {
      return add(
          check + " " + state + " in " + environment,
          r -> r.reportCheck(environment, check, state));
    }

    /** {@code reviewer} approves the open change request into {@code environment}. */
    public Builder approve(String environment, String reviewer) {
      return review(environment, reviewer, Review.State.APPROVED);
    }

    /** {@code reviewer} requests changes on the open change request into {@code environment}. */
    public Builder requestChanges(String environment, String reviewer) {
      return review(environment, reviewer, Review.State.CHANGES_REQUESTED);
    }

    /** {@code reviewer} reviews the open change request into {@code environment}. */
    public Builder review(String environment, String reviewer, Review.State state) {
      return add(
          reviewer + " " + state + " in " + environment,
          r -> r.review(environment, reviewer, state));
    }

    /** The standing review of {@code reviewer} is dismissed. */
    public Builder dismiss(String environment, String reviewer) {
      return add(
          "dismiss " + reviewer + " in " + environment, r -> r.dismiss(environment, reviewer));
    }

    /** The gates of the open change request into {@code environment} are evaluated once. */
    public Builder advance(String environment) {
      return add("advance " + environment, r -> r.advance(environment));
    }

    /**
     * The open change request into {@code environment} is advanced until it merges, its gates block
     * it, the host refuses it, or {@code atMost} of simulated time passes.
     */
    public Builder awaitMerge(String environment, Duration atMost) {
      return add("await merge in " + environment, r -> r.awaitMerge(environment, atMost));
    }

    /**
     * Simulated time passes until the agent confirms the last promotion into {@code environment}
     * synced and healthy, reports it failed, or {@code atMost} passes.
     */
    public Builder awaitHealthy(String environment, Duration atMost) {
      return add("await healthy in " + environment, r -> r.awaitHealthy(environment, atMost));
    }

    /** {@code duration} of simulated time passes. */
    public Builder waitFor(Duration duration) {
      return add("wait " + duration, r -> r.waitFor(duration));
    }

    /** A random duration between {@code min} and {@code max} passes (from the seed). */
    public Builder waitBetween(Duration min, Duration max) {
      return add("wait " + min + ".." + max, r -> r.waitBetween(min, max));
    }

    /** The application in {@code environment} turns degraded now. */
    public Builder degrade(String environment, String message) {
      return add("degrade " + environment, r -> r.degrade(environment, message));
    }

    /** The application in {@code environment} recovers. */
    public Builder recover(String environment) {
      return add("recover " + environment, r -> r.recover(environment));
    }

    /**
     * The agent of {@code environment} goes down ({@code true}) or comes back: while down, steps
     * that ask it record {@link TimelineEvent.Kind#UNAVAILABLE}.
     */
    public Builder outage(String environment, boolean down) {
      return add("outage " + environment + " " + down, r -> r.outage(environment, down));
    }

    /** The next rollout of the application in {@code environment} ends degraded. */
    public Builder failNextRollout(String environment, String message) {
      return add(
          "fail next rollout in " + environment, r -> r.failNextRollout(environment, message));
    }

    /** A remark in the timeline. */
    public Builder note(String text) {
      return add("note " + text, r -> r.note(text));
    }

    /** A custom step on the world, noted in the timeline with {@code description}. */
    public Builder step(String description, Consumer<SimulatedWorld> action) {
      Objects.requireNonNull(action, "action");
      return add(description, r -> r.custom(description, action));
    }

    /** The scenario. */
    public Scenario build() {
      return new Scenario(this);
    }
  }
}
