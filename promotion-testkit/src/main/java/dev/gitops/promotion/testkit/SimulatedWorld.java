package dev.gitops.promotion.testkit;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.OverlayFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One simulated promotion setup, wired and ready: an {@link InMemoryConfigRepository} seeded with
 * every overlay, a {@link FakeChangeRequestHost} over it, a {@link FakeGitOpsAgent} that syncs
 * every environment, a {@link ManualClock}, and a {@link Promoter} using all of them.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.chain(
 *     Environment.of("dev", Delivery.DIRECT_COMMIT),
 *     Environment.builder().name("staging").addGates(smokeTestsGreen).build(),
 *     Environment.builder().name("production").addGates(twoOncallApprovals, noFreeze).build());
 * SimulatedWorld world = SimulatedWorld.builder()
 *     .pipeline(pipeline)
 *     .addApplications(SimulatedWorld.application("api-service", "ghcr.io/myorg/api-service", pipeline))
 *     .syncDelay(Duration.ofSeconds(30))
 *     .build();
 * world.promote("api-service", TestImages.pinned("ghcr.io/myorg/api-service", "build-1"), "dev",
 *     SimulatedWorld.CI_BOT);
 * }</pre>
 *
 * <p>Every overlay file an application names is created on its environment's branch at the start:
 * for the {@link SimpleImageFormat simple format} with a comment and no image, for other formats
 * from {@link Builder#seedFile}. The agent has synced that initial state at the start time.
 */
public final class SimulatedWorld {

  /** The CI job that commits new digests to the entry environment. */
  public static final Actor CI_BOT = Actor.bot("CI Bot", "ci-bot@example.com");

  /** The default start of simulated time: a Friday morning, 09:00 UTC. */
  public static final Instant DEFAULT_START = Instant.parse("2025-11-14T09:00:00Z");

  private final Pipeline pipeline;
  private final Map<String, Application> applications;
  private final ManualClock clock;
  private final InMemoryConfigRepository repository;
  private final FakeChangeRequestHost host;
  private final FakeGitOpsAgent agent;
  private final Promoter promoter;
  private final Actor ciBot;

  private SimulatedWorld(Builder b) {
    this.pipeline = Objects.requireNonNull(b.pipeline, "pipeline is required");
    if (b.applications.isEmpty()) {
      throw new IllegalArgumentException("a simulated world needs at least one application");
    }
    this.applications = new TreeMap<>(b.applications);
    this.ciBot = b.ciBot;
    this.clock = ManualClock.at(b.start);
    this.repository = InMemoryConfigRepository.create();
    Map<String, OverlayFormat> formats = new LinkedHashMap<>();
    formats.put(SimpleImageFormat.ID, SimpleImageFormat.create());
    b.formats.forEach(f -> formats.put(f.id(), f));
    seed(b);
    this.host = FakeChangeRequestHost.over(repository, clock);
    b.protections.forEach(host::protect);
    b.codeOwners.forEach((pattern, owners) -> host.codeOwners(pattern, owners));
    b.teams.forEach((team, members) -> host.team(team, members));
    FakeGitOpsAgent.Builder agentBuilder =
        FakeGitOpsAgent.builder()
            .repository(repository)
            .clock(clock)
            .pipeline(pipeline)
            .addApplications(List.copyOf(applications.values()))
            .addOverlayFormats(formats.values().toArray(OverlayFormat[]::new))
            .syncDelay(b.syncDelay)
            .rolloutDuration(b.rollout);
    b.envSyncDelay.forEach(agentBuilder::syncDelay);
    b.envRollout.forEach(agentBuilder::rolloutDuration);
    this.agent = agentBuilder.build();
    for (Environment env : pipeline.environments()) {
      for (Application app : applications.values()) {
        if (app.location(env.name()).isPresent()) {
          agent.requestSync(env, app);
        }
      }
    }
    this.promoter =
        Promoter.builder()
            .pipeline(pipeline)
            .addApplications(List.copyOf(applications.values()))
            .configRepository(repository)
            .addOverlayFormats(formats.values().toArray(OverlayFormat[]::new))
            .changeRequestHost(host)
            .gitOpsAgent(agent)
            .accessPolicy(b.accessPolicy)
            .clock(clock)
            .build();
  }

  private void seed(Builder b) {
    Map<String, Map<String, String>> byBranch = new LinkedHashMap<>();
    for (Environment env : pipeline.environments()) {
      Map<String, String> files = byBranch.computeIfAbsent(env.branch(), k -> new TreeMap<>());
      files.putAll(b.seedFiles);
      for (Application app : applications.values()) {
        Optional<OverlayLocation> l = app.location(env.name());
        if (l.isEmpty() || files.containsKey(l.get().path())) {
          continue;
        }
        if (!l.get().format().equals(SimpleImageFormat.ID)) {
          throw new InvalidInputException(
              "no initial content for "
                  + l.get().path()
                  + " ("
                  + l.get().format()
                  + " format) of "
                  + app.name()
                  + " in "
                  + env.name()
                  + "; give it with seedFile(path, content)");
        }
        files.put(l.get().path(), "# " + app.name() + " in " + env.name() + "\n");
      }
    }
    byBranch.forEach((branch, files) -> repository.init(branch, files, clock.instant()));
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An application whose image is set, in every environment of {@code pipeline}, in {@code
   * apps/<name>/overlays/<env>/image.txt} in the {@link SimpleImageFormat simple format}.
   */
  public static Application application(String name, String imageRepository, Pipeline pipeline) {
    Application.Builder b = Application.builder().name(name).imageRepository(imageRepository);
    for (Environment env : pipeline.environments()) {
      b.putLocations(
          env.name(),
          OverlayLocation.of(
              "apps/" + name + "/overlays/" + env.name() + "/image.txt", SimpleImageFormat.ID));
    }
    return b.build();
  }

  /** The pipeline. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The applications, by name. */
  public Map<String, Application> applications() {
    return java.util.Collections.unmodifiableMap(applications);
  }

  /**
   * The application with this name.
   *
   * @throws InvalidInputException naming the known ones when there is none
   */
  public Application application(String name) {
    Application app = applications.get(name);
    if (app == null) {
      throw new InvalidInputException(
          "unknown application '" + name + "'; the world has " + applications.keySet());
    }
    return app;
  }

  /** The simulated time. */
  public ManualClock clock() {
    return clock;
  }

  /** The config repository. */
  public InMemoryConfigRepository repository() {
    return repository;
  }

  /** The change-request host. */
  public FakeChangeRequestHost host() {
    return host;
  }

  /** The GitOps agent. */
  public FakeGitOpsAgent agent() {
    return agent;
  }

  /** The promoter wired to all of the above. */
  public Promoter promoter() {
    return promoter;
  }

  /** The actor CI commits as; {@link #CI_BOT} unless the builder said otherwise. */
  public Actor ciBot() {
    return ciBot;
  }

  /**
   * Plans and executes the promotion of {@code image} of {@code application} into an environment.
   */
  public PromotionResult promote(
      String application, ImageReference image, String environment, Actor actor) {
    return promoter.execute(
        promoter.plan(PromotionRequest.of(application, image, environment, actor)));
  }

  /** The open change requests labelled for {@code environment}, oldest first. */
  public List<ChangeRequest> openChangeRequests(String environment) {
    List<ChangeRequest> out = new ArrayList<>();
    for (ChangeRequest cr : host.open()) {
      if (cr.labels().contains("env/" + environment)) {
        out.add(cr);
      }
    }
    return out;
  }

  /**
   * Fails unless nothing is left pending: no open change request, and every application synced and
   * healthy at its branch's head.
   */
  public void assertQuiet() {
    host.assertNoOpenChangeRequests();
    agent.assertConverged();
  }

  /** Builds a {@link SimulatedWorld}. Pipeline and at least one application are required. */
  public static final class Builder {
    private Pipeline pipeline;
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private Instant start = DEFAULT_START;
    private final Map<String, String> seedFiles = new TreeMap<>();
    private final List<OverlayFormat> formats = new ArrayList<>();
    private final Map<String, BranchProtection> protections = new LinkedHashMap<>();
    private final Map<String, String[]> codeOwners = new LinkedHashMap<>();
    private final Map<String, String[]> teams = new LinkedHashMap<>();
    private Duration syncDelay = Duration.ZERO;
    private Duration rollout = Duration.ZERO;
    private final Map<String, Duration> envSyncDelay = new LinkedHashMap<>();
    private final Map<String, Duration> envRollout = new LinkedHashMap<>();
    private AccessPolicy accessPolicy = AccessPolicy.seedDefault();
    private Actor ciBot = CI_BOT;

    private Builder() {}

    /** The pipeline of environments. */
    public Builder pipeline(Pipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /** Adds applications. */
    public Builder addApplications(Application... apps) {
      for (Application app : apps) {
        if (applications.put(app.name(), app) != null) {
          throw new InvalidInputException("application '" + app.name() + "' is added twice");
        }
      }
      return this;
    }

    /** When simulated time starts; {@link #DEFAULT_START} unless set. */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /** A file every environment branch starts with (an overlay in another format, a README). */
    public Builder seedFile(String path, String content) {
      seedFiles.put(OverlayLocation.checkPath(path), Objects.requireNonNull(content, "content"));
      return this;
    }

    /** Overlay formats besides the simple one (for example kustomize from promotion-overlays). */
    public Builder addOverlayFormats(OverlayFormat... all) {
      formats.addAll(List.of(all));
      return this;
    }

    /** Protects a branch on the host. */
    public Builder protect(String branch, BranchProtection protection) {
      protections.put(branch, protection);
      return this;
    }

    /** Adds a CODEOWNERS rule on the host; see {@link FakeChangeRequestHost#codeOwners}. */
    public Builder codeOwners(String pattern, String... owners) {
      codeOwners.put(pattern, owners.clone());
      return this;
    }

    /**
     * Makes {@code members} the team {@code team} on the host; see {@link
     * FakeChangeRequestHost#team}.
     */
    public Builder team(String team, String... members) {
      teams.put(team, members.clone());
      return this;
    }

    /** The agent's sync delay everywhere; zero unless set. */
    public Builder syncDelay(Duration delay) {
      this.syncDelay = delay;
      return this;
    }

    /** The agent's sync delay in one environment. */
    public Builder syncDelay(String environment, Duration delay) {
      envSyncDelay.put(environment, delay);
      return this;
    }

    /** How long rollouts stay progressing everywhere; zero unless set. */
    public Builder rolloutDuration(Duration duration) {
      this.rollout = duration;
      return this;
    }

    /** How long rollouts stay progressing in one environment. */
    public Builder rolloutDuration(String environment, Duration duration) {
      envRollout.put(environment, duration);
      return this;
    }

    /** The access policy; {@link AccessPolicy#seedDefault()} unless set. */
    public Builder accessPolicy(AccessPolicy policy) {
      this.accessPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The actor CI commits as; {@link #CI_BOT} unless set. */
    public Builder ciBot(Actor bot) {
      this.ciBot = Objects.requireNonNull(bot, "bot");
      return this;
    }

    /** Builds and seeds the world. */
    public SimulatedWorld build() {
      return new SimulatedWorld(this);
    }
  }
}
