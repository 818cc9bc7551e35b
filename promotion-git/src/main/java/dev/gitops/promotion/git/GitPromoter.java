package dev.gitops.promotion.git;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.git.internal.VersionsFiles;
import dev.gitops.promotion.overlay.BlastRadius;
import dev.gitops.promotion.overlay.ImageSource;
import dev.gitops.promotion.overlay.OverlayFormats;
import dev.gitops.promotion.overlay.RepositoryFiles;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.OverlayFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Delivers promotions into a {@link JGitConfigRepository} and keeps going when the remote moves:
 * plan on the current head, commit, push with compare-and-swap; when the push is rejected because
 * someone else pushed first, fetch, plan again on the new head (a semantic re-plan: the overlay
 * formats set the image in the new content, no text rebase) and retry, a bounded number of times
 * with jittered backoff. When the value the promotion changes was changed to something else in
 * between, that is a {@link PromotionConflictException} and nothing is overwritten.
 *
 * <p>Also: {@link #rollback} (a promotion of the previous image from the ledger, with its own
 * commit and trailers) and, when asked, {@code versions.json} and {@code VERSIONS.md} regenerated
 * in the same commit as every promotion.
 *
 * <pre>{@code
 * GitPromoter promoter = GitPromoter.builder()
 *     .promoter(Promoter.builder()
 *         .configRepository(repo)                  // remote mode: a clone of the config repository
 *         .pipeline(pipeline)
 *         .addApplications(apps)
 *         .addOverlayFormats(OverlayFormats.kustomize())
 *         .changeRequestHost(github)               // for change-request environments
 *         .clock(Clock.systemUTC())
 *         .build())
 *     .retry(5, Duration.ofMillis(200), Duration.ofSeconds(5))
 *     .build();
 * PromotionResult r = promoter.promote(request);
 * PromotionResult back = promoter.rollback("staging", "api-service", actor, "5xx after deploy");
 * }</pre>
 *
 * <p>Thread-safe, as long as each thread works on different applications or accepts conflicts.
 */
public final class GitPromoter {

  /** Waits between attempts; tests give one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code delay}. */
    void sleep(Duration delay) throws InterruptedException;
  }

  /** The trailer naming the commit whose image a rollback undoes. */
  public static final String ROLLBACK_OF = "Rollback-Of";

  private final JGitConfigRepository repository;
  private final Pipeline pipeline;
  private final Map<String, Application> applications;
  private final Map<String, OverlayFormat> formats;
  private final Promoter settings;
  private final boolean versionsFiles;
  private final Promoter promoter;
  private final GitLedger ledger;
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Random random;
  private final Sleeper sleeper;
  private final Map<String, Promoter> rollbackPromoters = new ConcurrentHashMap<>();

  private GitPromoter(Builder b) {
    this.settings =
        Objects.requireNonNull(
            b.promoter,
            "promoter is required: the core Promoter whose config repository is a"
                + " JGitConfigRepository");
    if (!(settings.configRepository() instanceof JGitConfigRepository jgit)) {
      throw new InvalidInputException(
          "GitPromoter needs a Promoter whose config repository is a JGitConfigRepository, not a "
              + settings.configRepository().getClass().getSimpleName());
    }
    this.repository = jgit;
    this.pipeline = settings.pipeline();
    this.applications = settings.applications();
    this.formats = settings.overlayFormats();
    this.versionsFiles = b.versionsFiles;
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
    this.random = b.random == null ? new Random() : b.random;
    this.sleeper = b.sleeper;
    this.promoter = newPromoter(pipeline);
    this.ledger = GitLedger.of(settings);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The core promoter over the same repository, for plan, advance and verify. */
  public Promoter promoter() {
    return promoter;
  }

  /** The ledger over the same repository. */
  public GitLedger ledger() {
    return ledger;
  }

  /**
   * Plans {@code request} on the current head and delivers it, re-planning and retrying when the
   * remote moved in between.
   *
   * @throws PromotionConflictException when a value the promotion changes was changed to something
   *     else in the meantime, or when every attempt lost the race
   * @throws RemoteUnavailableException when the remote fails and retrying does not help
   */
  public PromotionResult promote(PromotionRequest request) {
    return deliver(request, promoter, null, UnaryOperator.identity());
  }

  /**
   * Plans {@code request} as the core {@link Promoter#plan} does, and adds a warning for every edit
   * whose file other environments include too (a staging overlay that production builds on, a base
   * configured as a location): the edit would change them as well. Writes nothing.
   */
  public PromotionPlan plan(PromotionRequest request) {
    return withBlastRadius(promoter.plan(request));
  }

  private PromotionPlan withBlastRadius(PromotionPlan plan) {
    if (plan.isEmpty()) {
      return plan;
    }
    BlastRadius radius = BlastRadius.of(RepositoryFiles.of(repository, plan.baseRevision()));
    List<String> warnings = new ArrayList<>(plan.warnings());
    String branch = plan.environment().branch();
    for (PlannedEdit e : plan.edits()) {
      if (!OverlayFormats.KUSTOMIZE.equals(e.location().format())) {
        continue; // only kustomizations include other files
      }
      Application app = applications.get(e.application());
      Map<String, String> overlays = new TreeMap<>();
      app.locations()
          .forEach(
              (env, loc) -> {
                // environments on other branches read other versions of the same paths
                if (pipeline.find(env).map(x -> x.branch().equals(branch)).orElse(false)) {
                  overlays.put(env, loc.path());
                }
              });
      try {
        ImageSource source = radius.locate(e.location().path(), app.imageRepository(), overlays);
        if (source.path().equals(e.location().path()) && source.environments().size() > 1) {
          source.warning().filter(w -> !warnings.contains(w)).ifPresent(warnings::add);
        }
      } catch (InvalidInputException malformed) {
        // the edit itself already read this file; a malformed file it includes is not its concern
      }
    }
    return warnings.size() == plan.warnings().size()
        ? plan
        : PromotionPlan.builder().from(plan).warnings(warnings).build();
  }

  /**
   * Delivers a plan made earlier; when its base is no longer the head, it is re-planned on the new
   * head first, with the same conflict rule as {@link #promote}.
   */
  public PromotionResult deliver(PromotionPlan plan) {
    return deliver(plan.request(), promoter, plan, UnaryOperator.identity());
  }

  /**
   * Rolls {@code application} in {@code environment} back to the image it ran before the current
   * one, as a new promotion with its own commit: subject {@code chore(<env>): roll back <app> to
   * <short digest>}, the usual trailers and {@code Rollback-Of: <commit that set the current
   * image>}. The previous image passes provenance because the environment ran it before (upstream
   * must have run it, now or in the past).
   *
   * @throws InvalidInputException when the ledger has no earlier image
   */
  public PromotionResult rollback(
      String environment, String application, Actor actor, String reason) {
    List<PromotionRecord> history = ledger.history(environment, application, 2);
    if (history.size() < 2) {
      throw new InvalidInputException(
          "cannot roll back "
              + application
              + " in '"
              + environment
              + "': the ledger has "
              + (history.isEmpty() ? "no image" : "only the current image")
              + " for it, nothing earlier to return to");
    }
    PromotionRecord current = history.get(0);
    PromotionRecord previous = history.get(1);
    String why =
        "Roll back "
            + application
            + " in "
            + environment
            + " from "
            + shortOf(current.image())
            + " (set by "
            + current.commit().abbreviated()
            + ") to "
            + shortOf(previous.image())
            + " (set by "
            + previous.commit().abbreviated()
            + ")."
            + (reason == null || reason.isBlank() ? "" : "\n\n" + reason.strip());
    PromotionRequest request =
        PromotionRequest.builder()
            .putImages(application, previous.image())
            .targetEnvironment(environment)
            .actor(actor)
            .reason(why)
            .build();
    Promoter rollbackPromoter =
        rollbackPromoters.computeIfAbsent(environment, e -> newPromoter(rollbackPipeline(e)));
    UnaryOperator<PromotionPlan> asRollback =
        plan -> {
          if (plan.isEmpty()) {
            return plan;
          }
          CommitMessage m = plan.commitMessage();
          CommitMessage rolled =
              new CommitMessage(
                  "chore("
                      + environment
                      + "): roll back "
                      + application
                      + " to "
                      + shortOf(previous.image()),
                  m.body(),
                  List.of());
          rolled = rolled.withTrailers(m.trailers());
          rolled =
              rolled.withTrailers(
                  List.of(new CommitMessage.Trailer(ROLLBACK_OF, current.commit().id())));
          return PromotionPlan.builder()
              .from(plan)
              .commitMessage(rolled)
              .changeRequestTitle(
                  "Roll back "
                      + application
                      + " in "
                      + environment
                      + " to "
                      + shortOf(previous.image()))
              .build();
        };
    return deliver(request, rollbackPromoter, null, asRollback);
  }

  private PromotionResult deliver(
      PromotionRequest request,
      Promoter with,
      PromotionPlan given,
      UnaryOperator<PromotionPlan> decorate) {
    PromotionPlan original = given;
    RuntimeException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      PromotionPlan plan;
      if (attempt == 1 && given != null && isHead(given)) {
        plan = decorate.apply(given);
      } else {
        refresh();
        plan = decorate.apply(withBlastRadius(with.plan(request)));
        if (original == null) {
          original = plan;
        } else {
          checkNoForeignChange(original, plan);
        }
      }
      try {
        return with.execute(plan);
      } catch (PromotionConflictException e) {
        last = e;
      } catch (RemoteUnavailableException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        last = e;
      }
      if (attempt < maxAttempts) {
        pause(attempt);
      }
    }
    if (last instanceof RemoteUnavailableException r) {
      throw r;
    }
    throw new PromotionConflictException(
        "promotion "
            + request.promotionId()
            + " into '"
            + request.targetEnvironment()
            + "' lost the race to other pushes "
            + maxAttempts
            + " times; nothing was overwritten. Last: "
            + (last == null ? "" : last.getMessage()),
        last);
  }

  private boolean isHead(PromotionPlan plan) {
    return repository
        .head(plan.environment().branch())
        .map(h -> h.equals(plan.baseRevision()))
        .orElse(false);
  }

  // the value a promotion changes must still be what it was planned from, or already ours
  private void checkNoForeignChange(PromotionPlan original, PromotionPlan replanned) {
    Map<String, PlannedEdit> now = new LinkedHashMap<>();
    replanned.edits().forEach(e -> now.put(e.application(), e));
    for (PlannedEdit before : original.edits()) {
      if (replanned.alreadyInPlace().contains(before.application())) {
        continue; // someone (or an earlier attempt of ours) already set what we want
      }
      PlannedEdit after = now.get(before.application());
      if (after != null && !after.fromImage().equals(before.fromImage())) {
        String env = original.environment().name();
        String by =
            ledger
                .current(env, before.application())
                .map(r -> " by commit " + r.commit().abbreviated() + " (" + r.promotedBy() + ")")
                .orElse("");
        throw new PromotionConflictException(
            before.application()
                + " in '"
                + env
                + "' was changed from "
                + before.fromImage().map(GitPromoter::shortOf).orElse("(none)")
                + " to "
                + after.fromImage().map(GitPromoter::shortOf).orElse("(none)")
                + by
                + " while promotion "
                + original.id()
                + " to "
                + shortOf(before.toImage())
                + " was in flight; not overwriting it. Promote again if "
                + shortOf(before.toImage())
                + " should replace it");
      }
    }
  }

  private void refresh() {
    if (repository.isRemoteMode()) {
      repository.fetch();
    }
  }

  private void pause(int attempt) {
    long base = baseDelay.toMillis() << Math.min(attempt - 1, 16);
    long capped = Math.min(maxDelay.toMillis(), base);
    long delay;
    synchronized (random) {
      delay = (long) (capped * (0.5 + random.nextDouble()));
    }
    try {
      sleeper.sleep(Duration.ofMillis(delay));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a promotion", e);
    }
  }

  private Pipeline rollbackPipeline(String environment) {
    Pipeline.Builder b = Pipeline.builder();
    for (Environment e : pipeline.environments()) {
      b.add(
          e.name().equals(environment)
              ? Environment.builder()
                  .from(e)
                  .provenance(Environment.Provenance.CURRENT_OR_PAST)
                  .build()
              : e);
    }
    for (Environment e : pipeline.environments()) {
      for (Environment down : pipeline.downstreams(e.name())) {
        b.edge(e.name(), down.name());
      }
    }
    return b.build();
  }

  // The promoter for pipeline p: the given one, or a variant over the versions files and/or the
  // rollback pipeline.
  private Promoter newPromoter(Pipeline p) {
    if (!versionsFiles && p == settings.pipeline()) {
      return settings;
    }
    ConfigRepository repo =
        versionsFiles ? new VersionsFiles(repository, p, applications, formats) : repository;
    return settings.newBuilder().pipeline(p).configRepository(repo).build();
  }

  private static String shortOf(ImageReference image) {
    return image.digest().map(d -> d.shortForm()).orElse(image.tag().orElse("latest"));
  }

  /** Builds a {@link GitPromoter}: repository, pipeline and clock are required. */
  public static final class Builder {
    private Promoter promoter;
    private int maxAttempts = 5;
    private Duration baseDelay = Duration.ofMillis(200);
    private Duration maxDelay = Duration.ofSeconds(5);
    private Random random;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private boolean versionsFiles;

    private Builder() {}

    /**
     * The core promoter to deliver with: its pipeline, applications, overlay formats, host, agent,
     * access policy and clock. Its config repository must be a {@link JGitConfigRepository}.
     */
    public Builder promoter(Promoter promoter) {
      this.promoter = promoter;
      return this;
    }

    /**
     * How often to try a delivery in all (1 = no retry), and the backoff: the n-th pause is {@code
     * base * 2^(n-1)}, at most {@code max}, times a random factor between 0.5 and 1.5.
     */
    public Builder retry(int maxAttempts, Duration base, Duration max) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.baseDelay = Objects.requireNonNull(base, "base");
      this.maxDelay = Objects.requireNonNull(max, "max");
      return this;
    }

    /** The source of jitter; seed it for reproducible tests. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** How to wait between attempts; {@link Thread#sleep} unless set. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Whether every promotion also regenerates {@code versions.json} and {@code VERSIONS.md}. */
    public Builder versionsFiles(boolean enabled) {
      this.versionsFiles = enabled;
      return this;
    }

    /** Builds the promoter. */
    public GitPromoter build() {
      return new GitPromoter(this);
    }
  }
}
