package dev.gitops.promotion.testkit.internal;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.GateRefusedException;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.Verification;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.FakeGitOpsAgent;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.TestImages;
import dev.gitops.promotion.testkit.Timeline;
import dev.gitops.promotion.testkit.TimelineEvent;
import dev.gitops.promotion.testkit.TimelineEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Runs the steps of a scenario against one world and records the timeline. Not API. */
public final class ScenarioRunner {
  private static final DateTimeFormatter HHMMSS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final SimulatedWorld world;
  private final SplittableRandom random;
  private final Duration pollEvery;
  private final List<TimelineEvent> events = new ArrayList<>();
  private final Map<String, PromotionPlan> plans = new HashMap<>();
  private final Map<String, String> changeRequests = new HashMap<>();
  private final Map<String, Revision> landed = new HashMap<>();
  private final Map<String, String> labels = new HashMap<>();
  private String application;
  private boolean recording;

  /** A runner over {@code world}, with seeded randomness. */
  public ScenarioRunner(SimulatedWorld world, long seed, Duration pollEvery) {
    this.world = world;
    this.random = new SplittableRandom(seed);
    this.pollEvery = pollEvery;
  }

  /** Runs the steps and returns the timeline. */
  public Timeline run(String name, List<Consumer<ScenarioRunner>> steps) {
    recording = true;
    Consumer<FakeGitOpsAgent.Transition> listener = this::onTransition;
    world.agent().onTransition(listener);
    try {
      world.agent().reconcile();
      for (Consumer<ScenarioRunner> step : steps) {
        step.accept(this);
        world.agent().reconcile();
      }
      return new Timeline(name, events);
    } finally {
      recording = false;
      world.agent().removeTransitionListener(listener);
    }
  }

  private void onTransition(FakeGitOpsAgent.Transition t) {
    if (recording) {
      events.add(
          new TimelineEvent(
              t.time(),
              "agent",
              Kind.AGENT,
              Optional.of(t.environment()),
              t.description(),
              List.of()));
    }
  }

  private void event(
      String actor, Kind kind, String env, String description, List<String> reasons) {
    events.add(
        new TimelineEvent(
            world.clock().instant(), actor, kind, Optional.ofNullable(env), description, reasons));
  }

  // ------------------------------------------------------------------ steps

  /** Selects the application the following steps act on. */
  public void application(String name) {
    world.application(name);
    this.application = name;
  }

  /** CI commits the digest of {@code label} to the entry environment. */
  public void ciBuilds(String label) {
    promote(world.pipeline().entry().name(), label, world.ciBot());
  }

  /** Plans and executes the promotion of the digest of {@code label} into {@code env}. */
  public void promote(String env, String label, Actor actor) {
    Application app = app();
    ImageReference image = TestImages.pinned(app.imageRepository(), label);
    labels.put(image.digest().orElseThrow().toString(), label);
    String what = app.name() + " " + show(image);
    String who = actor.name();
    PromotionPlan plan;
    PromotionResult result;
    try {
      plan = world.promoter().plan(PromotionRequest.of(app.name(), image, env, actor));
      result = world.promoter().execute(plan);
    } catch (NotPermittedException e) {
      event(who, Kind.REFUSED, env, what + " refused (" + e.rule() + ")", List.of(e.getMessage()));
      return;
    } catch (GateRefusedException e) {
      event(who, Kind.REFUSED, env, what + " refused by gates", e.verdict().reasons());
      return;
    } catch (PromotionConflictException e) {
      event(who, Kind.CONFLICT, env, what + " conflicted", List.of(e.getMessage()));
      return;
    } catch (RemoteUnavailableException e) {
      event(
          who,
          Kind.UNAVAILABLE,
          env,
          what + ": " + e.host() + " unavailable",
          List.of(e.getMessage()));
      return;
    }
    List<String> reasons = result.verdict().map(Verdict::reasons).orElse(List.of());
    switch (result.outcome()) {
      case NOTHING_TO_DO ->
          event(who, Kind.NOTHING_TO_DO, env, what + " already in place", reasons);
      case COMMITTED -> {
        Revision commit = result.commit().orElseThrow();
        landed.put(key(env), commit);
        event(who, Kind.COMMITTED, env, what + " committed as " + commit.abbreviated(), reasons);
      }
      case WAITING -> event(who, Kind.WAITING, env, what + ": " + waitText(result), reasons);
      case CHANGE_REQUEST_OPENED, CHANGE_REQUEST_UPDATED -> {
        ChangeRequest cr = result.changeRequest().orElseThrow();
        plans.put(key(env), plan);
        changeRequests.put(key(env), cr.id());
        boolean opened = result.outcome() == PromotionResult.Outcome.CHANGE_REQUEST_OPENED;
        event(
            who,
            opened ? Kind.CHANGE_REQUEST_OPENED : Kind.CHANGE_REQUEST_UPDATED,
            env,
            "#"
                + cr.id()
                + " "
                + (opened ? "opened" : "updated")
                + ": "
                + what
                + " ("
                + cr.sourceBranch()
                + ")",
            List.of());
        for (ChangeRequest old : result.superseded()) {
          event(
              "promoter",
              Kind.CHANGE_REQUEST_SUPERSEDED,
              env,
              "#" + old.id() + " closed, superseded by #" + cr.id(),
              List.of());
        }
      }
      default ->
          throw new IllegalStateException("unexpected outcome of execute: " + result.outcome());
    }
  }

  /** A status check reports on the head of the open change request into {@code env}. */
  public void reportCheck(String env, String name, Check.State state) {
    String id = changeRequest(env);
    world.host().reportCheck(id, name, state);
    event("checks", Kind.CHECK_REPORTED, env, name + " " + state + " on #" + id, List.of());
  }

  /** {@code reviewer} reviews the open change request into {@code env}. */
  public void review(String env, String reviewer, Review.State state) {
    String id = changeRequest(env);
    world.host().review(id, reviewer, state);
    String verb =
        switch (state) {
          case APPROVED -> "approved";
          case CHANGES_REQUESTED -> "requested changes on";
          default -> "commented on";
        };
    event(reviewer, Kind.REVIEWED, env, reviewer + " " + verb + " #" + id, List.of());
  }

  /** Dismisses {@code reviewer}'s standing review on the open change request into {@code env}. */
  public void dismiss(String env, String reviewer) {
    String id = changeRequest(env);
    world.host().dismiss(id, reviewer);
    event(
        "host",
        Kind.REVIEWED,
        env,
        "review of " + reviewer + " on #" + id + " dismissed",
        List.of());
  }

  /** Evaluates the gates of the open change request into {@code env} once, merging if they pass. */
  public void advance(String env) {
    advanceOnce(env, null);
  }

  // Returns the result, or null when the host refused; records the event unless it repeats.
  private PromotionResult advanceOnce(String env, List<String> lastWait) {
    PromotionPlan plan = plans.get(key(env));
    if (plan == null) {
      throw new InvalidInputException(
          "no promotion of " + app().name() + " into '" + env + "' is open in this scenario");
    }
    PromotionResult r;
    try {
      r = world.promoter().advance(plan);
    } catch (PromotionConflictException e) {
      event(
          "host",
          Kind.CONFLICT,
          env,
          "merge of #" + changeRequests.get(key(env)) + " refused",
          List.of(e.getMessage()));
      return null;
    } catch (RemoteUnavailableException e) {
      event("promoter", Kind.UNAVAILABLE, env, e.host() + " unavailable", List.of(e.getMessage()));
      return null;
    }
    List<String> reasons = r.verdict().map(Verdict::reasons).orElse(List.of());
    String id = "#" + changeRequests.get(key(env));
    switch (r.outcome()) {
      case MERGED -> {
        Revision commit = r.commit().orElseThrow();
        landed.put(key(env), commit);
        plans.remove(key(env));
        event("promoter", Kind.MERGED, env, id + " merged as " + commit.abbreviated(), reasons);
      }
      case WAITING -> {
        if (lastWait == null || !lastWait.equals(reasons)) {
          event("promoter", Kind.WAITING, env, id + " " + waitText(r), reasons);
        }
      }
      case BLOCKED -> event("promoter", Kind.BLOCKED, env, id + " blocked by its gates", reasons);
      case CLOSED -> {
        plans.remove(key(env));
        event("promoter", Kind.NOTE, env, id + " is no longer open", List.of());
      }
      default -> throw new IllegalStateException("unexpected outcome of advance: " + r.outcome());
    }
    if (r.outcome() == PromotionResult.Outcome.WAITING && lastWait != null) {
      lastWait.clear();
      lastWait.addAll(reasons);
    }
    return r;
  }

  /**
   * Advances the change request into {@code env} until it merges, is blocked or refused, or {@code
   * atMost} passes: between attempts the clock jumps to the gates' retry time (the poll interval
   * when they give none) or to the next agent transition, whichever comes first.
   */
  public void awaitMerge(String env, Duration atMost) {
    Instant deadline = world.clock().instant().plus(atMost);
    List<String> lastWait = new ArrayList<>();
    while (true) {
      PromotionResult r = advanceOnce(env, lastWait);
      if (r == null || r.outcome() != PromotionResult.Outcome.WAITING) {
        return;
      }
      Instant now = world.clock().instant();
      Optional<Instant> retry = r.verdict().flatMap(Verdict::retryAt);
      Instant next =
          retry.isPresent() && retry.get().isAfter(now) ? retry.get() : now.plus(pollEvery);
      Optional<Instant> agentNext = world.agent().nextTransition();
      if (agentNext.isPresent() && agentNext.get().isBefore(next)) {
        next = agentNext.get();
      }
      if (next.isAfter(deadline)) {
        advanceClockTo(deadline);
        event(
            "promoter",
            Kind.TIMED_OUT,
            env,
            "gave up waiting for #" + changeRequests.get(key(env)) + " after " + human(atMost),
            List.copyOf(lastWait));
        return;
      }
      advanceClockTo(next);
    }
  }

  /**
   * Lets time pass until the agent confirms the last promotion into {@code env} synced and healthy,
   * fails, or {@code atMost} passes.
   */
  public void awaitHealthy(String env, Duration atMost) {
    Instant deadline = world.clock().instant().plus(atMost);
    Environment environment = world.pipeline().environment(env);
    Revision commit =
        landed.getOrDefault(key(env), world.repository().head(environment.branch()).orElseThrow());
    while (true) {
      Verification v;
      try {
        v = world.promoter().verify(env, app().name(), commit);
      } catch (RemoteUnavailableException e) {
        event("agent", Kind.UNAVAILABLE, env, e.host() + " unavailable", List.of(e.getMessage()));
        return;
      }
      switch (v.outcome()) {
        case VERIFIED -> {
          event("agent", Kind.VERIFIED, env, v.reason(), List.of());
          return;
        }
        case FAILED -> {
          event("agent", Kind.VERIFICATION_FAILED, env, v.reason(), List.of());
          return;
        }
        default -> {
          Optional<Instant> next = world.agent().nextTransition();
          if (next.isEmpty() || next.get().isAfter(deadline)) {
            advanceClockTo(deadline);
            event(
                "agent",
                Kind.TIMED_OUT,
                env,
                "not healthy after " + human(atMost),
                List.of(v.reason()));
            return;
          }
          advanceClockTo(next.get());
        }
      }
    }
  }

  /** Lets {@code duration} of simulated time pass. */
  public void waitFor(Duration duration) {
    advanceClockTo(world.clock().instant().plus(duration));
    event("clock", Kind.CLOCK, null, human(duration) + " passed", List.of());
  }

  /** Lets a random duration between {@code min} and {@code max} pass (seeded, so repeatable). */
  public void waitBetween(Duration min, Duration max) {
    long span = max.minus(min).getSeconds();
    if (span < 0) {
      throw new IllegalArgumentException("max " + max + " is less than min " + min);
    }
    waitFor(min.plusSeconds(span == 0 ? 0 : random.nextLong(span + 1)));
  }

  /** The agent reports the application in {@code env} degraded, now. */
  public void degrade(String env, String message) {
    world.agent().degrade(env, app().name(), message);
  }

  /** The application in {@code env} recovers. */
  public void recover(String env) {
    world.agent().recover(env, app().name());
  }

  /** Starts or ends a scripted outage of the agent of {@code env}. */
  public void outage(String env, boolean down) {
    world.agent().outage(env, down);
    event(
        "scenario",
        Kind.NOTE,
        env,
        down ? "the agent of " + env + " goes down" : "the agent of " + env + " is back",
        List.of());
  }

  /** The next rollout of the application in {@code env} ends degraded. */
  public void failNextRollout(String env, String message) {
    world.agent().failNextRollout(env, app().name(), message);
    event("scenario", Kind.NOTE, env, "the next rollout will fail: " + message, List.of());
  }

  /** A remark in the timeline. */
  public void note(String text) {
    event("scenario", Kind.NOTE, null, text, List.of());
  }

  /** A custom step: runs {@code action} on the world and notes {@code description}. */
  public void custom(String description, Consumer<SimulatedWorld> action) {
    action.accept(world);
    event("scenario", Kind.NOTE, null, description, List.of());
  }

  // ------------------------------------------------------------------ helpers

  private void advanceClockTo(Instant target) {
    while (true) {
      Optional<Instant> next = world.agent().nextTransition();
      if (next.isEmpty() || next.get().isAfter(target)) {
        break;
      }
      world.clock().set(next.get());
      world.agent().reconcile();
    }
    if (target.isAfter(world.clock().instant())) {
      world.clock().set(target);
    }
    world.agent().reconcile();
  }

  private Application app() {
    if (application != null) {
      return world.application(application);
    }
    if (world.applications().size() != 1) {
      throw new InvalidInputException(
          "the world has applications "
              + world.applications().keySet()
              + "; say which one with application(name) first");
    }
    return world.applications().values().iterator().next();
  }

  private String key(String env) {
    return env + "/" + app().name();
  }

  private String changeRequest(String env) {
    String id = changeRequests.get(key(env));
    if (id == null) {
      throw new InvalidInputException(
          "no change request of " + app().name() + " into '" + env + "' in this scenario");
    }
    return id;
  }

  private String show(ImageReference image) {
    String digest = image.digest().map(d -> d.shortForm()).orElse(image.toString());
    String label = image.digest().map(d -> labels.get(d.toString())).orElse(null);
    return label == null ? digest : label + " (" + digest + ")";
  }

  private static String waitText(PromotionResult r) {
    return r.verdict()
        .flatMap(Verdict::retryAt)
        .map(t -> "waits until " + HHMMSS.format(t))
        .orElse("waits");
  }

  static String human(Duration d) {
    long s = d.getSeconds();
    StringBuilder sb = new StringBuilder();
    if (s >= 86400) {
      sb.append(s / 86400).append('d');
      s %= 86400;
    }
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      sb.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || sb.length() == 0) {
      sb.append(s).append('s');
    }
    return sb.toString();
  }
}
