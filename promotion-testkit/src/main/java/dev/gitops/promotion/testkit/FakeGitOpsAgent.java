package dev.gitops.promotion.testkit;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A GitOps agent (an Argo CD or Flux stand-in) that reconciles environments from a {@link
 * ConfigRepository} as simulated time passes.
 *
 * <p>Per environment it follows the environment's branch: a commit is synced {@link
 * Builder#syncDelay sync delay} after its commit time (or at once after {@link #requestSync}). When
 * a sync changes an application's overlay file, the application is {@link Health#PROGRESSING} for
 * the rollout duration and then {@link Health#HEALTHY}; an overlay that sets no image is {@link
 * Health#MISSING}. Failures are scripted: {@link #degrade} turns an application {@link
 * Health#DEGRADED} now, {@link #failNextRollout} makes the next rollout end degraded, {@link
 * #outage} makes {@link #status} throw {@link RemoteUnavailableException}.
 *
 * <p>Time comes only from the injected clock (a {@link ManualClock} in simulations), and the agent
 * computes its state lazily from commit times, so the result never depends on how often it is
 * asked. {@link #nextTransition()} tells when the state changes next, and {@link #onTransition}
 * reports every change with the simulated time it happened at. Applications the agent does not
 * manage are reported {@link Health#MISSING}. Thread-safe. Passes {@link GitOpsAgentContract}.
 */
public final class FakeGitOpsAgent implements GitOpsAgent {

  /**
   * One change of an application's state in an environment.
   *
   * @param time when it happened, in simulated time
   * @param environment the environment
   * @param application the application
   * @param health the health after the change
   * @param revision the revision the environment is synced at
   * @param description what happened, in one sentence
   */
  public record Transition(
      Instant time,
      String environment,
      String application,
      Health health,
      Optional<Revision> revision,
      String description) {}

  private static final int MAX_WALK = 100_000;

  private static final class AppState {
    final Application app;
    final OverlayLocation location;
    String applied; // overlay content last applied, null when none
    Health health = Health.MISSING;
    Instant since; // when health last changed
    String message = "nothing synced yet";
    Optional<ImageReference> image = Optional.empty();
    Instant progressingUntil;
    Health afterRollout;
    String pendingFailure;

    AppState(Application app, OverlayLocation location) {
      this.app = app;
      this.location = location;
    }
  }

  private static final class EnvState {
    final Environment env;
    final Map<String, AppState> apps = new LinkedHashMap<>();
    Duration syncDelay;
    Duration rollout;
    Revision synced;
    Instant syncRequestedAt;
    Revision syncRequestedHead;
    boolean outage;
    Revision chainHead; // pending() cache: valid while head and synced are unchanged
    Revision chainSynced;
    List<CommitInfo> chain = List.of();

    EnvState(Environment env, Duration syncDelay, Duration rollout) {
      this.env = env;
      this.syncDelay = syncDelay;
      this.rollout = rollout;
    }
  }

  private final ConfigRepository repository;
  private final Clock clock;
  private final Map<String, OverlayFormat> formats;
  private final Map<String, EnvState> envs = new LinkedHashMap<>();
  private final List<Consumer<Transition>> listeners = new ArrayList<>();

  private FakeGitOpsAgent(Builder b) {
    this.repository = Objects.requireNonNull(b.repository, "repository is required");
    this.clock = Objects.requireNonNull(b.clock, "clock is required");
    this.formats = Map.copyOf(b.formats);
    Objects.requireNonNull(b.pipeline, "pipeline is required");
    for (Environment env : b.pipeline.environments()) {
      EnvState s =
          new EnvState(
              env,
              b.envSyncDelay.getOrDefault(env.name(), b.syncDelay),
              b.envRollout.getOrDefault(env.name(), b.rollout));
      for (Application app : b.applications) {
        app.location(env.name())
            .ifPresent(
                l -> {
                  if (!formats.containsKey(l.format())) {
                    throw new InvalidInputException(
                        "the fake agent cannot read overlay format '"
                            + l.format()
                            + "' of "
                            + app.name()
                            + " in "
                            + env.name()
                            + "; add it with addOverlayFormats; known: "
                            + formats.keySet());
                  }
                  s.apps.put(app.name(), new AppState(app, l));
                });
      }
      envs.put(env.name(), s);
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- scripting

  /** Changes the sync delay of {@code environment} from now on. */
  public synchronized void syncDelay(String environment, Duration delay) {
    requireEnv(environment).syncDelay = nonNegative(delay, "sync delay");
  }

  /** Changes how long rollouts in {@code environment} stay {@link Health#PROGRESSING}. */
  public synchronized void rolloutDuration(String environment, Duration duration) {
    requireEnv(environment).rollout = nonNegative(duration, "rollout duration");
  }

  /** Turns {@code application} in {@code environment} {@link Health#DEGRADED} now. */
  public synchronized void degrade(String environment, String application, String message) {
    reconcile();
    AppState a = requireApp(environment, application);
    a.progressingUntil = null;
    a.afterRollout = null;
    set(requireEnv(environment), a, clock.instant(), Health.DEGRADED, message);
  }

  /**
   * Brings a degraded {@code application} back: {@link Health#HEALTHY} when it runs an image,
   * {@link Health#MISSING} otherwise.
   */
  public synchronized void recover(String environment, String application) {
    reconcile();
    AppState a = requireApp(environment, application);
    a.progressingUntil = null;
    a.afterRollout = null;
    a.pendingFailure = null;
    if (a.image.isPresent()) {
      set(requireEnv(environment), a, clock.instant(), Health.HEALTHY, "recovered");
    } else {
      set(requireEnv(environment), a, clock.instant(), Health.MISSING, "no image set");
    }
  }

  /** Makes the next rollout of {@code application} in {@code environment} end degraded. */
  public synchronized void failNextRollout(String environment, String application, String message) {
    requireApp(environment, application).pendingFailure = Objects.requireNonNull(message);
  }

  /** Starts ({@code true}) or ends an outage: {@link #status} then throws for the environment. */
  public synchronized void outage(String environment, boolean down) {
    requireEnv(environment).outage = down;
  }

  /** Calls {@code listener} for every transition from now on, in simulated-time order. */
  public synchronized void onTransition(Consumer<Transition> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener} (the same instance given to {@link #onTransition}). */
  public synchronized void removeTransitionListener(Consumer<Transition> listener) {
    listeners.remove(listener);
  }

  // ---------------------------------------------------------------- inspection

  /**
   * Brings every environment up to the clock's time, reporting transitions at the times they
   * happened. {@link #status} does this too; call it to collect transitions without asking.
   */
  public synchronized void reconcile() {
    reconcileAll(clock.instant());
  }

  /** When the state of some environment changes next without anyone acting, if it ever does. */
  public synchronized Optional<Instant> nextTransition() {
    reconcile();
    Instant now = clock.instant();
    Instant next = null;
    for (EnvState s : envs.values()) {
      for (Instant t : List.of(nextSync(s).orElse(Instant.MAX), nextRolloutEnd(s))) {
        if (t.isAfter(now) && !t.equals(Instant.MAX) && (next == null || t.isBefore(next))) {
          next = t;
        }
      }
    }
    return Optional.ofNullable(next);
  }

  /** The revision {@code environment} is synced at, if any. */
  public synchronized Optional<Revision> syncedRevision(String environment) {
    reconcile();
    return Optional.ofNullable(requireEnv(environment).synced);
  }

  /**
   * Fails unless every managed application is synced at its branch's head and healthy (or runs no
   * image at all), naming those that are not.
   *
   * @throws AssertionError listing what has not converged
   */
  public synchronized void assertConverged() {
    reconcile();
    List<String> problems = new ArrayList<>();
    for (EnvState s : envs.values()) {
      Optional<Revision> head = repository.head(s.env.branch());
      for (AppState a : s.apps.values()) {
        SyncStatus st = status(s, a);
        boolean missingOk = st.health() == Health.MISSING && a.image.isEmpty();
        if (st.sync() != SyncStatus.Sync.SYNCED
            || !(st.health() == Health.HEALTHY || missingOk)
            || !Objects.equals(head.orElse(null), s.synced)) {
          problems.add(
              a.app.name()
                  + " in "
                  + s.env.name()
                  + ": "
                  + st.sync()
                  + ", "
                  + st.health()
                  + " at "
                  + st.revision().map(Revision::abbreviated).orElse("nothing")
                  + " (branch at "
                  + head.map(Revision::abbreviated).orElse("nothing")
                  + ")");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("the agent has not converged:\n  " + String.join("\n  ", problems));
    }
  }

  // ---------------------------------------------------------------- the port

  @Override
  public synchronized SyncStatus status(Environment environment, Application application) {
    EnvState s = requireEnv(environment.name());
    if (s.outage) {
      throw new RemoteUnavailableException(
          "fake-agent",
          503,
          true,
          "the fake agent of environment '" + environment.name() + "' is in a scripted outage",
          null);
    }
    reconcileAll(clock.instant());
    AppState a = s.apps.get(application.name());
    if (a == null) {
      return SyncStatus.builder()
          .sync(SyncStatus.Sync.UNKNOWN)
          .health(Health.MISSING)
          .observedAt(clock.instant())
          .message(
              application.name() + " is not managed by the agent of '" + environment.name() + "'")
          .build();
    }
    return status(s, a);
  }

  @Override
  public synchronized void requestSync(Environment environment, Application application) {
    EnvState s = requireEnv(environment.name());
    reconcileAll(clock.instant());
    Optional<Revision> head = repository.head(s.env.branch());
    if (head.isPresent() && !head.get().equals(s.synced)) {
      s.syncRequestedAt = clock.instant();
      s.syncRequestedHead = head.get();
      reconcileAll(clock.instant());
    }
  }

  @Override
  public synchronized String toString() {
    return "FakeGitOpsAgent" + envs.keySet();
  }

  // ---------------------------------------------------------------- internals

  private SyncStatus status(EnvState s, AppState a) {
    Optional<Revision> head = repository.head(s.env.branch());
    String desired = head.flatMap(h -> repository.readFile(h, a.location.path())).orElse(null);
    SyncStatus.Sync sync;
    if (head.isEmpty()) {
      sync = SyncStatus.Sync.UNKNOWN;
    } else if (s.synced != null && Objects.equals(desired, a.applied)) {
      sync = SyncStatus.Sync.SYNCED;
    } else {
      sync = SyncStatus.Sync.OUT_OF_SYNC;
    }
    SyncStatus.Builder b =
        SyncStatus.builder()
            .sync(sync)
            .health(a.health)
            .observedAt(clock.instant())
            .message(a.message);
    if (s.synced != null) {
      b.revision(s.synced);
    }
    a.image.ifPresent(b::addImages);
    if (a.since != null) {
      b.since(a.since);
    }
    return b.build();
  }

  // Applies every due event of every environment in time order (ties: pipeline order), so
  // transitions are reported in simulated-time order across environments.
  private void reconcileAll(Instant now) {
    while (true) {
      EnvState next = null;
      Instant nextAt = null;
      for (EnvState s : envs.values()) {
        Instant t = nextEvent(s);
        if (t != null && !t.isAfter(now) && (nextAt == null || t.isBefore(nextAt))) {
          next = s;
          nextAt = t;
        }
      }
      if (next == null) {
        return;
      }
      Instant rolloutEnd = nextRolloutEnd(next);
      if (rolloutEnd.equals(nextAt)) {
        finishRollouts(next, rolloutEnd); // a rollout ends before a sync at the same instant
      } else {
        syncAt(next, nextAt);
      }
    }
  }

  // The time of the environment's next event, or null when it has none.
  private Instant nextEvent(EnvState s) {
    Instant rolloutEnd = nextRolloutEnd(s);
    Optional<Instant> sync = nextSync(s);
    Instant t = rolloutEnd.equals(Instant.MAX) ? null : rolloutEnd;
    if (sync.isPresent() && (t == null || sync.get().isBefore(t))) {
      t = sync.get();
    }
    return t;
  }

  private Instant nextRolloutEnd(EnvState s) {
    Instant min = Instant.MAX;
    for (AppState a : s.apps.values()) {
      if (a.progressingUntil != null && a.progressingUntil.isBefore(min)) {
        min = a.progressingUntil;
      }
    }
    return min;
  }

  private void finishRollouts(EnvState s, Instant at) {
    for (AppState a : s.apps.values()) {
      if (a.progressingUntil != null && !a.progressingUntil.isAfter(at)) {
        Health h = a.afterRollout;
        String message = h == Health.HEALTHY ? "rolled out " + imageText(a) : a.pendingFailure;
        if (h != Health.HEALTHY) {
          a.pendingFailure = null;
        }
        a.progressingUntil = null;
        a.afterRollout = null;
        set(s, a, at, h, message);
      }
    }
  }

  // Commits on the branch newer than the synced one, oldest first.
  private List<CommitInfo> pending(EnvState s) {
    Optional<Revision> head = repository.head(s.env.branch());
    if (head.isEmpty() || head.get().equals(s.synced)) {
      return List.of();
    }
    if (head.get().equals(s.chainHead) && Objects.equals(s.synced, s.chainSynced)) {
      return s.chain;
    }
    List<CommitInfo> chain = new ArrayList<>();
    Revision c = head.get();
    while (c != null && !c.equals(s.synced) && chain.size() < MAX_WALK) {
      CommitInfo info = repository.commitInfo(c);
      chain.add(info);
      c = info.parents().isEmpty() ? null : info.parents().get(0);
    }
    Collections.reverse(chain);
    s.chainHead = head.get();
    s.chainSynced = s.synced;
    s.chain = List.copyOf(chain);
    return s.chain;
  }

  private Instant due(EnvState s, CommitInfo c, List<CommitInfo> chain) {
    Instant due = c.time().plus(s.syncDelay);
    if (s.syncRequestedAt != null && due.isAfter(s.syncRequestedAt)) {
      int requested = indexOf(chain, s.syncRequestedHead);
      if (requested >= 0 && chain.indexOf(c) <= requested) {
        due = s.syncRequestedAt;
      }
    }
    return due;
  }

  private static int indexOf(List<CommitInfo> chain, Revision r) {
    for (int i = 0; i < chain.size(); i++) {
      if (chain.get(i).revision().equals(r)) {
        return i;
      }
    }
    return -1;
  }

  private Optional<Instant> nextSync(EnvState s) {
    List<CommitInfo> chain = pending(s);
    Instant min = null;
    for (CommitInfo c : chain) {
      Instant d = due(s, c, chain);
      if (min == null || d.isBefore(min)) {
        min = d;
      }
    }
    return Optional.ofNullable(min);
  }

  private void syncAt(EnvState s, Instant at) {
    List<CommitInfo> chain = pending(s);
    CommitInfo target = null;
    for (CommitInfo c : chain) {
      if (!due(s, c, chain).isAfter(at)) {
        target = c; // the newest commit that is due
      }
    }
    if (target == null) {
      return;
    }
    s.synced = target.revision();
    if (s.syncRequestedHead != null
        && indexOf(chain, s.syncRequestedHead) <= chain.indexOf(target)) {
      s.syncRequestedAt = null;
      s.syncRequestedHead = null;
    }
    for (AppState a : s.apps.values()) {
      String content = repository.readFile(s.synced, a.location.path()).orElse(null);
      if (Objects.equals(content, a.applied)) {
        continue;
      }
      a.applied = content;
      a.image =
          content == null
              ? Optional.empty()
              : formats
                  .get(a.location.format())
                  .readImage(
                      new OverlayFile(a.location.path(), content),
                      new ImageSelector(a.app.imageRepository(), a.location.options()));
      a.progressingUntil = null;
      a.afterRollout = null;
      if (a.image.isEmpty()) {
        set(s, a, at, Health.MISSING, content == null ? "no overlay file" : "no image set");
        continue;
      }
      Health end = a.pendingFailure == null ? Health.HEALTHY : Health.DEGRADED;
      if (s.rollout.isZero()) {
        String message = end == Health.HEALTHY ? "rolled out " + imageText(a) : a.pendingFailure;
        a.pendingFailure = null;
        set(s, a, at, end, "synced " + s.synced.abbreviated() + ", " + message);
      } else {
        a.progressingUntil = at.plus(s.rollout);
        a.afterRollout = end;
        set(
            s,
            a,
            at,
            Health.PROGRESSING,
            "synced " + s.synced.abbreviated() + ", rolling out " + imageText(a));
      }
    }
  }

  private void set(EnvState s, AppState a, Instant at, Health health, String message) {
    if (a.health != health || a.since == null) {
      a.since = at;
    }
    a.health = health;
    a.message = message;
    Transition t =
        new Transition(
            at,
            s.env.name(),
            a.app.name(),
            health,
            Optional.ofNullable(s.synced),
            a.app.name() + " in " + s.env.name() + " is " + health + ": " + message);
    for (Consumer<Transition> l : listeners) {
      l.accept(t);
    }
  }

  private static String imageText(AppState a) {
    return a.image
        .map(i -> i.digest().map(d -> d.shortForm()).orElse(i.tag().orElse("latest")))
        .orElse("nothing");
  }

  private EnvState requireEnv(String environment) {
    EnvState s = envs.get(environment);
    if (s == null) {
      throw new InvalidInputException(
          "the fake agent does not manage environment '"
              + environment
              + "'; it has "
              + envs.keySet());
    }
    return s;
  }

  private AppState requireApp(String environment, String application) {
    AppState a = requireEnv(environment).apps.get(application);
    if (a == null) {
      throw new InvalidInputException(
          "application '" + application + "' is not deployed in '" + environment + "'");
    }
    return a;
  }

  private static Duration nonNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
    return d;
  }

  /** Builds a {@link FakeGitOpsAgent}. Repository, clock and pipeline are required. */
  public static final class Builder {
    private ConfigRepository repository;
    private Clock clock;
    private Pipeline pipeline;
    private final List<Application> applications = new ArrayList<>();
    private final Map<String, OverlayFormat> formats = new LinkedHashMap<>();
    private Duration syncDelay = Duration.ZERO;
    private Duration rollout = Duration.ZERO;
    private final Map<String, Duration> envSyncDelay = new LinkedHashMap<>();
    private final Map<String, Duration> envRollout = new LinkedHashMap<>();

    private Builder() {}

    /** The repository the agent reconciles from. */
    public Builder repository(ConfigRepository repository) {
      this.repository = repository;
      return this;
    }

    /** The clock; a {@link ManualClock} in simulations. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The environments to manage. */
    public Builder pipeline(Pipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /** Applications to manage, in every environment where they have a location. */
    public Builder addApplications(List<Application> apps) {
      applications.addAll(apps);
      return this;
    }

    /** See {@link #addApplications(List)}. */
    public Builder addApplications(Application... apps) {
      return addApplications(List.of(apps));
    }

    /** Overlay formats to read images with (every format the applications use). */
    public Builder addOverlayFormats(OverlayFormat... all) {
      for (OverlayFormat f : all) {
        formats.put(f.id(), f);
      }
      return this;
    }

    /** How long after its commit time a commit is synced, everywhere; zero by default. */
    public Builder syncDelay(Duration delay) {
      this.syncDelay = nonNegative(delay, "sync delay");
      return this;
    }

    /** The sync delay of one environment. */
    public Builder syncDelay(String environment, Duration delay) {
      envSyncDelay.put(environment, nonNegative(delay, "sync delay"));
      return this;
    }

    /** How long a rollout stays progressing, everywhere; zero by default. */
    public Builder rolloutDuration(Duration duration) {
      this.rollout = nonNegative(duration, "rollout duration");
      return this;
    }

    /** The rollout duration of one environment. */
    public Builder rolloutDuration(String environment, Duration duration) {
      envRollout.put(environment, nonNegative(duration, "rollout duration"));
      return this;
    }

    /** Builds the agent. */
    public FakeGitOpsAgent build() {
      return new FakeGitOpsAgent(this);
    }
  }
}
