package dev.gitops.promotion;

import dev.gitops.promotion.internal.AutoPromoter;
import dev.gitops.promotion.internal.Holds;
import dev.gitops.promotion.internal.IdentityBinding;
import dev.gitops.promotion.internal.Images;
import dev.gitops.promotion.internal.Ledger;
import dev.gitops.promotion.internal.Lifecycle;
import dev.gitops.promotion.internal.Planner;
import dev.gitops.promotion.internal.Ports;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.ImageRegistry;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.PlanAdvisor;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.StateFiles;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The one entry point of a promotion, whatever the backend: plan, execute, find, advance, abort,
 * roll back, verify, and the ledger questions (current, state, history, where is a digest, how do
 * two environments differ). Immutable and thread-safe: build one and share it. It does not own the
 * ports it is given; whoever opened them closes them.
 *
 * <pre>{@code
 * Promoter promoter = Promoter.builder()
 *     .pipeline(pipeline)
 *     .addApplications(api)
 *     .configRepository(repo)                       // JGit adapter, or the testkit's in-memory one
 *     .addOverlayFormats(kustomize)                 // from promotion-overlays
 *     .changeRequestHost(host)                      // needed for change-request environments
 *     .clock(Clock.systemUTC())
 *     .build();
 *
 * PromotionPlan plan = promoter.plan(request);      // pure: reads, never writes; print it for a dry run
 * PromotionResult opened = promoter.execute(plan);  // commit, or branch + change request
 *
 * // later, in any process that sees the same repository and host:
 * PendingPromotion pending = promoter.find(PromotionLookup.byTarget("staging", "api-service"))
 *     .orElseThrow();
 * PromotionResult merged = promoter.advance(pending); // gates pass? merge; else WAITING or BLOCKED
 * promoter.verify("staging", "api-service", merged.commit().orElseThrow());
 * }</pre>
 *
 * <p>Delivery compares and swaps: when a branch moved since the plan, the promoter re-plans on the
 * new head (the overlay formats set the image in the new content; no text rebase) and tries again
 * under its {@link RetryPolicy}; when the value it changes was changed to something else in
 * between, that is a {@link PromotionConflictException} and nothing is overwritten.
 *
 * <p>Each environment may name its own config repository, change-request host and GitOps agent (the
 * seed's strictest isolation keeps each environment in a repository of its own); provenance reads
 * the upstream environment's repository.
 */
public final class Promoter {
  private final PromotionModel model;
  private final Ports ports;
  private final Clock clock;
  private final Ledger ledger;
  private final Planner planner;
  private final Lifecycle lifecycle;
  private final Holds holds;
  private final AutoPromoter auto;
  private final Builder settings;
  private final Sleeper sleeper;
  private final Optional<ImageRegistry> imageRegistry;

  private Promoter(Builder b) {
    this.settings = b.copy();
    this.sleeper = b.sleeper;
    this.imageRegistry = Optional.ofNullable(b.imageRegistry);
    PromotionModel given = b.model();
    this.ports = new Ports(b.repository, b.repositories, b.host, b.hosts, b.agent, b.agents);
    this.model =
        PromotionModel.builder()
            .from(given)
            .accessPolicy(IdentityBinding.bind(given.accessPolicy(), ports::host, b.delegates))
            .build();
    this.clock =
        Objects.requireNonNull(b.clock, "clock is required (inject it; tests use a manual one)");
    if (b.repository == null) {
      for (Environment e : model.pipeline().environments()) {
        if (!b.repositories.containsKey(e.name())) {
          throw new InvalidInputException(
              "no config repository for environment '"
                  + e.name()
                  + "'; wire one with Promoter.builder().configRepository(...)");
        }
      }
    }
    checkEnvironments(b.repositories.keySet(), "configRepository");
    checkEnvironments(b.hosts.keySet(), "changeRequestHost");
    checkEnvironments(b.agents.keySet(), "gitOpsAgent");
    this.ledger = new Ledger(model, ports::repository, ports::host);
    this.planner = new Planner(model, ports, ledger, Optional.ofNullable(b.stateFiles), b.advisors);
    this.lifecycle =
        new Lifecycle(
            model,
            ports,
            planner,
            ledger,
            clock,
            b.retry,
            b.sleeper,
            b.random == null ? new Random() : b.random,
            b.cleanUpBranches);
    this.holds = new Holds(ports::repository, clock);
    this.auto = new AutoPromoter(model, ports, ledger, holds, this::promote);
  }

  private void checkEnvironments(java.util.Set<String> names, String what) {
    for (String name : names) {
      if (model.pipeline().find(name).isEmpty()) {
        throw new InvalidInputException(
            what
                + " is given for unknown environment '"
                + name
                + "'; the pipeline has "
                + model.pipeline().environments().stream().map(Environment::name).toList());
      }
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding every setting of this promoter, to derive a variant (another pipeline,
   * another repository), as OkHttp's {@code newBuilder()}; this promoter is unchanged.
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /** The pipeline, applications, overlay formats and access policy. */
  public PromotionModel model() {
    return model;
  }

  /** The pipeline (shortcut for {@code model().pipeline()}). */
  public Pipeline pipeline() {
    return model.pipeline();
  }

  /**
   * The config repository {@code environment} is kept in.
   *
   * @throws InvalidInputException for an unknown environment
   */
  public ConfigRepository configRepository(String environment) {
    return ports.repository(model.pipeline().environment(environment).name());
  }

  // ------------------------------------------------------------------ plan and deliver

  /**
   * Plans a promotion without writing anything.
   *
   * @throws InvalidInputException for unknown environments or applications, or unreadable overlays
   * @throws NotPermittedException when the access policy, the digest rule or provenance refuses
   */
  public PromotionPlan plan(PromotionRequest request) {
    Environment target = model.pipeline().environment(request.targetEnvironment());
    if (imageRegistry.isEmpty() || !target.production() || checkedForDrift(request)) {
      return planner.plan(request);
    }
    // Before production, the tags upstream environments recorded are resolved again: a moved tag
    // is recorded (the promotion still goes by digest); an unreachable registry is a warning, not a
    // refusal, because nothing about the digest depends on it.
    List<TagDrift> drifts;
    String unchecked = null;
    try {
      drifts = auto.drift(request, imageRegistry.get());
    } catch (RemoteUnavailableException e) {
      drifts = List.of();
      unchecked = "tag drift not checked: " + e.getMessage();
    }
    PromotionRequest checked =
        drifts.isEmpty()
            ? request
            : PromotionRequest.builder()
                .from(request)
                .addAllTrailers(drifts.stream().map(TagDrift::trailer).toList())
                .build();
    PromotionPlan plan = planner.plan(checked);
    List<String> warnings = new ArrayList<>();
    drifts.forEach(d -> warnings.add("tag drift: " + d.describe()));
    if (unchecked != null) {
      warnings.add(unchecked);
    }
    return warnings.isEmpty()
        ? plan
        : PromotionPlan.builder().from(plan).addAllWarnings(warnings).build();
  }

  private static boolean checkedForDrift(PromotionRequest request) {
    return request.trailers().stream()
        .anyMatch(t -> t.key().equalsIgnoreCase(CommitMessage.TAG_DRIFT));
  }

  /**
   * Plans a rollback: the image {@code request.application()} ran in the environment before the
   * current one (or {@link RollbackRequest#to()}), as a promotion with its own commit, a {@code
   * Rollback-Of} trailer, and a {@code Promoted-From} naming where that image ran.
   *
   * @throws InvalidInputException when the ledger has no earlier image, or not the one asked for
   * @throws NotPermittedException when the access policy refuses
   */
  public PromotionPlan planRollback(RollbackRequest request) {
    Environment env = model.pipeline().environment(request.environment());
    Application app = model.requireApplication(request.application());
    List<PromotionRecord> history = ledger.history(env, app, Integer.MAX_VALUE);
    if (history.isEmpty()) {
      throw new InvalidInputException(
          "cannot roll back " + app.name() + " in '" + env.name() + "': the ledger has no image");
    }
    PromotionRecord current = history.get(0);
    PromotionRecord target;
    if (request.to().isPresent()) {
      ImageDigest digest = request.to().get();
      target =
          history.stream()
              .skip(1)
              .filter(r -> r.image().digest().equals(Optional.of(digest)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "cannot roll "
                              + app.name()
                              + " in '"
                              + env.name()
                              + "' back to "
                              + digest.shortForm()
                              + ": "
                              + (current.image().digest().equals(Optional.of(digest))
                                  ? "it runs it now"
                                  : "the ledger shows it never ran there")));
    } else if (history.size() < 2) {
      throw new InvalidInputException(
          "cannot roll back "
              + app.name()
              + " in '"
              + env.name()
              + "': the ledger has only the current image, nothing earlier to return to");
    } else {
      target = history.get(1);
    }
    String why =
        "Roll back "
            + app.name()
            + " in "
            + env.name()
            + " from "
            + Images.shortVersion(current.image())
            + " (set by "
            + current.commit().abbreviated()
            + ") to "
            + Images.shortVersion(target.image())
            + " (set by "
            + target.commit().abbreviated()
            + ")."
            + request.reason().filter(r -> !r.isBlank()).map(r -> "\n\n" + r.strip()).orElse("");
    PromotionPlan plan =
        planner.plan(
            PromotionRequest.builder()
                .putImages(app.name(), target.image())
                .targetEnvironment(env.name())
                .actor(request.actor())
                .reason(why)
                .rollbackOf(current.commit())
                .build());
    if (env.autoPromotion().isEmpty() || plan.isEmpty()) {
      return plan;
    }
    return PromotionPlan.builder()
        .from(plan)
        .addWarnings(
            "'"
                + env.name()
                + "' promotes automatically: delivering this rollback holds "
                + app.name()
                + " there first, so the next automatic run does not undo it (release the hold"
                + " when a fixed build is out)")
        .build();
  }

  /**
   * Delivers a plan. A direct commit lands on the environment's branch when its gates pass (a
   * failing gate throws, a waiting one returns {@link PromotionResult.Outcome#WAITING}). A change
   * request is opened on the promotion's own branch (or brought up to date when it exists), and
   * older open change requests for the same applications are closed as superseded (their branches
   * deleted). When the branch moved since the plan, the plan is made again on the new head first,
   * under the retry policy.
   *
   * @throws PromotionConflictException when a value the promotion changes was changed to something
   *     else in the meantime, or every attempt lost the race; nothing was overwritten
   * @throws GateRefusedException when a gate fails for a direct commit
   * @throws NotPermittedException when the access policy refuses
   * @throws RemoteUnavailableException when a remote or host fails and retrying does not help
   */
  public PromotionResult execute(PromotionPlan plan) {
    holdBeforeRollback(plan);
    return lifecycle.execute(plan);
  }

  // A rollback in an environment that promotes automatically would be undone by the next
  // automatic run; a hold goes first, so that a failed rollback leaves automation paused (the
  // safe side) rather than a landed rollback with automation still on.
  private void holdBeforeRollback(PromotionPlan plan) {
    Environment env = plan.environment();
    if (plan.request().rollbackOf().isEmpty() || env.autoPromotion().isEmpty() || plan.isEmpty()) {
      return;
    }
    for (PlannedEdit edit : plan.edits()) {
      String reason =
          "rolled back to "
              + Images.shortVersion(edit.toImage())
              + plan.request()
                  .reason()
                  .flatMap(r -> r.lines().skip(2).filter(l -> !l.isBlank()).findFirst())
                  .map(r -> ": " + r.strip())
                  .orElse("");
      holds.hold(env, edit.application(), plan.request().actor(), reason);
    }
  }

  /** Plans {@code request} and delivers it: {@code execute(plan(request))}. */
  public PromotionResult promote(PromotionRequest request) {
    return execute(plan(request));
  }

  /** Plans a rollback and delivers it: {@code execute(planRollback(request))}. */
  public PromotionResult rollback(RollbackRequest request) {
    return execute(planRollback(request));
  }

  // ------------------------------------------------------------------ automatic promotion

  /**
   * Promotes the newest eligible build of every application deployed in {@code environment}, as the
   * environment's {@link Environment#autoPromotion() policy} picks it from the tags {@code
   * registry} lists: the tag is resolved to its digest and promoted through the normal path (access
   * policy, provenance, gates), with {@code Image-Tag} and {@code Auto-Promoted} trailers.
   * Applications a person {@link #hold holds} are left alone. Like Flux's image automation and Argo
   * CD Image Updater; production never promotes automatically.
   *
   * <pre>{@code
   * for (AutoPromotion a : promoter.autoPromote("dev", registry, Actor.bot("CI Bot", "ci@myorg.com"))) {
   *   System.out.println(a.application() + ": " + a.outcome() + " " + a.message());
   * }
   * }</pre>
   *
   * @return one outcome per application deployed in the environment, in name order
   * @throws InvalidInputException when the environment has no automatic-promotion policy
   * @throws RemoteUnavailableException when the registry or a remote cannot be reached
   */
  public List<AutoPromotion> autoPromote(String environment, ImageRegistry registry, Actor actor) {
    return auto.run(model.pipeline().environment(environment), registry, actor);
  }

  /**
   * Puts a hold on {@code application} in {@code environment} ({@link Hold#ALL} for every
   * application): automatic promotion leaves it alone until {@link #release released}. Recorded in
   * Git, in the environment's branch ({@code .promotion/holds/<env>.txt}, a commit with a {@code
   * Hold} trailer). Holding what is held already returns the existing hold. The actor must be
   * allowed to deliver to the environment by the access policy, which binds it to the host's
   * credentials where the environment has a host.
   *
   * @throws InvalidInputException for an unknown environment or application, or a reason with
   *     control characters
   * @throws NotPermittedException when the access policy refuses the actor
   */
  public Hold hold(String environment, String application, Actor actor, String reason) {
    Environment env = model.pipeline().environment(environment);
    if (!Hold.ALL.equals(application)) {
      model.requireApplication(application);
    }
    model.accessPolicy().check(actor, env, env.delivery());
    return holds.hold(env, application, actor, reason);
  }

  /**
   * Releases the hold on {@code application} in {@code environment} (a commit with a {@code
   * Hold-Released} trailer); empty when there was none.
   *
   * @throws InvalidInputException for an unknown environment, an invalid application name or a
   *     reason with control characters
   * @throws NotPermittedException when a bot asks (a person put the hold, a person lifts it), or
   *     the access policy refuses the actor (as for {@link #hold})
   */
  public Optional<Hold> release(
      String environment, String application, Actor actor, String reason) {
    Environment env = model.pipeline().environment(environment);
    if (!Hold.ALL.equals(application)) {
      // a hold may outlive its application in the pipeline, so only the name's grammar is checked
      Names.check("application", application);
    }
    model.accessPolicy().check(actor, env, env.delivery());
    return holds.release(env, application, actor, reason);
  }

  /** The holds on {@code environment} now, read from Git. */
  public List<Hold> holds(String environment) {
    return holds.list(model.pipeline().environment(environment));
  }

  /**
   * The tags that moved: for each image of {@code request} pinned by digest, the tag an upstream
   * environment recorded with that digest ({@code Image-Tag} trailer, or the tag in its overlay) is
   * resolved again at {@code registry}; a tag that points elsewhere now is a drift. The promotion
   * still goes by the digest; add {@link TagDrift#trailer()} to the request to record it.
   *
   * @throws RemoteUnavailableException when the registry cannot be reached
   */
  public List<TagDrift> tagDrift(PromotionRequest request, ImageRegistry registry) {
    return auto.drift(request, registry);
  }

  // ------------------------------------------------------------------ resume

  /**
   * Finds a promotion from Git and the host alone: its plan rebuilt from its branch's head commit
   * and trailers, its change request, and its gates' verdicts now. Empty when there is no such
   * promotion branch (never opened, or already merged or aborted and its branch deleted: the ledger
   * has the landed ones).
   *
   * @throws InvalidInputException when the lookup names an unknown environment or application, or a
   *     branch that holds no promotion commit
   */
  public Optional<PendingPromotion> find(PromotionLookup lookup) {
    return lifecycle.find(lookup);
  }

  /**
   * Re-evaluates the gates of a found promotion's change request and merges it when they all pass
   * (with a head guard, {@code Approved-By}, {@code Gate} and {@code Change-Request} trailers),
   * then deletes its branch. When the target branch changed the same lines, the promotion is made
   * again on the new head and its change request updated ({@link
   * PromotionResult.Outcome#CHANGE_REQUEST_UPDATED}). Any process can advance any promotion.
   *
   * @throws PromotionConflictException when the merge kept losing races, or the value was changed
   *     to something else in between
   */
  public PromotionResult advance(PendingPromotion pending) {
    return lifecycle.advance(pending);
  }

  /**
   * Advances the promotion {@code plan} opened: finds it by its branch first.
   *
   * @see #advance(PendingPromotion)
   */
  public PromotionResult advance(PromotionPlan plan) {
    return lifecycle.advance(plan);
  }

  /**
   * Aborts a promotion: closes its change request with a comment naming {@code actor} and {@code
   * reason}, and deletes its branch.
   *
   * @throws NotPermittedException when the access policy does not let {@code actor} deliver to the
   *     environment
   * @throws InvalidInputException when it was already merged (roll back instead), or the reason
   *     holds control characters
   */
  public PromotionResult abort(PendingPromotion pending, Actor actor, Optional<String> reason) {
    return lifecycle.abort(pending, actor, reason);
  }

  // ------------------------------------------------------------------ verify

  /**
   * Asks the environment's GitOps agent whether {@code commit} (or a later one) is applied and
   * {@code application} is healthy.
   *
   * @throws InvalidInputException when no agent is wired for the environment
   */
  public Verification verify(String environment, String application, Revision commit) {
    Environment env = model.pipeline().environment(environment);
    Application app = model.requireApplication(application);
    GitOpsAgent a =
        ports
            .agent(env.name())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "verify needs a GitOpsAgent for environment '"
                            + env.name()
                            + "'; wire one with Promoter.builder().gitOpsAgent(...)"));
    SyncStatus status = a.status(env, app);
    ConfigRepository repository = ports.repository(env.name());
    boolean known = status.revision().map(r -> knows(repository, r)).orElse(true);
    boolean reached =
        known
            && status
                .revision()
                .map(r -> r.equals(commit) || repository.isAncestor(commit, r))
                .orElse(false);
    String where = application + " in " + environment;
    if (!reached) {
      return new Verification(
          environment,
          application,
          Verification.Outcome.PENDING,
          status,
          where
              + " has not synced "
              + commit.abbreviated()
              + " yet (agent at "
              + status.revision().map(Revision::abbreviated).orElse("nothing")
              + (known
                  ? ")"
                  : ", a commit the config repository does not have: fetch, or check that the"
                      + " agent follows this repository)"));
    }
    switch (status.health()) {
      case HEALTHY:
        if (status.sync() == SyncStatus.Sync.SYNCED) {
          return new Verification(
              environment,
              application,
              Verification.Outcome.VERIFIED,
              status,
              where + " is synced at " + status.revision().get().abbreviated() + " and healthy");
        }
        return new Verification(
            environment,
            application,
            Verification.Outcome.PENDING,
            status,
            where + " is healthy but " + status.sync());
      case DEGRADED:
      case MISSING:
        return new Verification(
            environment,
            application,
            Verification.Outcome.FAILED,
            status,
            where + " is " + status.health() + status.message().map(m -> ": " + m).orElse(""));
      default:
        return new Verification(
            environment,
            application,
            Verification.Outcome.PENDING,
            status,
            where + " is " + status.health());
    }
  }

  /**
   * Like {@link #verify(String, String, Revision)}, waiting while the answer is pending: asks the
   * agent (after a sync request when {@code wait} says so) until the commit is live and healthy,
   * the agent reports it failed, or {@code wait}'s timeout passes, polling at doubling intervals
   * through the promoter's {@link Sleeper} and clock. An agent that cannot be reached is asked
   * again until the timeout; then its error is thrown.
   *
   * @return the last answer: verified, failed, or still pending when the timeout passed
   * @throws InvalidInputException when no agent is wired for the environment
   * @throws RemoteUnavailableException when the agent could not be asked at the timeout, or failed
   *     in a way that retrying cannot help
   */
  public Verification verify(
      String environment, String application, Revision commit, VerificationWait wait) {
    Objects.requireNonNull(wait, "wait");
    Instant start = clock.instant();
    Instant deadline = start.plus(wait.timeout());
    if (wait.requestSync()) {
      GitOpsAgent a = agentFor(environment);
      try {
        a.requestSync(
            model.pipeline().environment(environment), model.requireApplication(application));
      } catch (RemoteUnavailableException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        // a sync window or a running operation: the agent syncs on its own; keep asking
      }
    }
    java.time.Duration interval = wait.firstPoll();
    while (true) {
      Verification v;
      try {
        v = verify(environment, application, commit);
        if (v.outcome() != Verification.Outcome.PENDING) {
          return v;
        }
      } catch (RemoteUnavailableException e) {
        if (!e.isRetryable() || !clock.instant().isBefore(deadline)) {
          throw e;
        }
        v = null;
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        if (v == null) {
          continue; // asks once more: answers, or throws the agent's error
        }
        return new Verification(
            v.environment(),
            v.application(),
            v.outcome(),
            v.status(),
            v.reason()
                + (wait.timeout().isZero()
                    ? ""
                    : " after waiting " + Durations.show(java.time.Duration.between(start, now))));
      }
      java.time.Duration left = java.time.Duration.between(now, deadline);
      sleeper.sleep(interval.compareTo(left) > 0 ? left : interval);
      if (Thread.currentThread().isInterrupted()) {
        return v != null ? v : verify(environment, application, commit);
      }
      interval = interval.multipliedBy(2);
      if (interval.compareTo(wait.maxPoll()) > 0) {
        interval = wait.maxPoll();
      }
    }
  }

  // ------------------------------------------------------------------ release trains

  /**
   * The waves a release train of {@code request}'s applications moves in: ordered by the
   * applications' {@code dependsOn}, and by what the target environment's agent says ({@link
   * GitOpsAgent#dependsOn}: Flux {@code dependsOn}, Argo CD sync waves).
   *
   * @throws DependencyCycleException naming a cycle when there is no order
   */
  public List<List<String>> trainWaves(PromotionRequest request) {
    Environment env = model.pipeline().environment(request.targetEnvironment());
    List<Application> apps =
        request.images().keySet().stream().map(model::requireApplication).toList();
    Optional<GitOpsAgent> agent = ports.agent(env.name());
    Map<String, java.util.Set<String>> deps = new LinkedHashMap<>();
    for (Application app : apps) {
      java.util.Set<String> d = new java.util.TreeSet<>(app.dependsOn());
      agent.ifPresent(a -> d.addAll(a.dependsOn(env, app, apps)));
      deps.put(app.name(), d);
    }
    return ReleaseTrain.waves(deps);
  }

  /**
   * Delivers a release train wave by wave: each wave is its own promotion (a commit, or a change
   * request that is advanced at once and merged when its gates pass), and the next wave starts only
   * once the environment's agent confirms every application of this one live and healthy (waiting
   * as {@code wait} says). It stops at the first wave that is not confirmed; calling it again with
   * the same request resumes there, since waves already in place are only verified again.
   *
   * @throws DependencyCycleException when the applications depend on each other in a cycle
   * @throws InvalidInputException when no agent is wired for the target environment
   * @throws NotPermittedException when the access policy refuses
   * @throws GateRefusedException when a gate fails for a direct commit
   */
  public TrainResult promoteTrain(PromotionRequest request, VerificationWait wait) {
    String envName = request.targetEnvironment();
    agentFor(envName);
    List<List<String>> waves = trainWaves(request);
    List<TrainResult.Wave> done = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      List<String> wave = waves.get(i);
      PromotionRequest.Builder part =
          PromotionRequest.builder()
              .targetEnvironment(envName)
              .actor(request.actor())
              .reason(
                  request.reason().map(r -> r + " ").orElse("")
                      + "(release train wave "
                      + (i + 1)
                      + " of "
                      + waves.size()
                      + ")");
      wave.forEach(app -> part.putImages(app, request.images().get(app)));
      PromotionPlan plan = plan(part.build());
      Optional<PromotionResult> result = Optional.empty();
      Map<String, Revision> commits = new LinkedHashMap<>();
      if (!plan.isEmpty()) {
        PromotionResult r = execute(plan);
        if (r.outcome() == PromotionResult.Outcome.CHANGE_REQUEST_OPENED
            || r.outcome() == PromotionResult.Outcome.CHANGE_REQUEST_UPDATED) {
          r = advance(plan);
        }
        result = Optional.of(r);
        if (!r.landed()) {
          done.add(new TrainResult.Wave(i + 1, wave, result, List.of()));
          boolean blocked = r.outcome() == PromotionResult.Outcome.BLOCKED;
          return new TrainResult(
              waves,
              done,
              blocked ? TrainResult.Outcome.BLOCKED : TrainResult.Outcome.WAITING,
              "wave "
                  + (i + 1)
                  + " "
                  + wave
                  + (blocked ? " is blocked by a gate" : " waits: " + r.outcome()));
        }
        Revision landed = r.commit().orElseThrow();
        wave.forEach(app -> commits.put(app, landed));
      }
      for (String app : wave) {
        if (!commits.containsKey(app)) {
          Revision at =
              current(envName, app)
                  .map(PromotionRecord::commit)
                  .orElseGet(
                      () ->
                          ports
                              .repository(envName)
                              .head(model.pipeline().environment(envName).branch())
                              .orElseThrow());
          commits.put(app, at);
        }
      }
      List<Verification> checks = new ArrayList<>();
      for (String app : wave) {
        checks.add(verify(envName, app, commits.get(app), wait));
      }
      TrainResult.Wave w = new TrainResult.Wave(i + 1, wave, result, checks);
      done.add(w);
      if (!w.isConfirmed()) {
        boolean failed = checks.stream().anyMatch(c -> c.outcome() == Verification.Outcome.FAILED);
        String why =
            checks.stream()
                .filter(c -> !c.isVerified())
                .map(Verification::reason)
                .findFirst()
                .orElse("");
        return new TrainResult(
            waves,
            done,
            failed ? TrainResult.Outcome.FAILED : TrainResult.Outcome.WAITING,
            "wave " + (i + 1) + " " + wave + " is not confirmed: " + why);
      }
    }
    return new TrainResult(
        waves,
        done,
        TrainResult.Outcome.DELIVERED,
        "all " + waves.size() + (waves.size() == 1 ? " wave" : " waves") + " are live and healthy");
  }

  // Whether the repository has the commit an agent reports (it may be ahead of a stale clone, or
  // follow another repository).
  private static boolean knows(ConfigRepository repository, Revision revision) {
    try {
      repository.commitInfo(revision);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private GitOpsAgent agentFor(String environment) {
    Environment env = model.pipeline().environment(environment);
    return ports
        .agent(env.name())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "verify needs a GitOpsAgent for environment '"
                        + env.name()
                        + "'; wire one with Promoter.builder().gitOpsAgent(...) or declare it"
                        + " under 'agents' in promotion.yaml"));
  }

  /** Short durations for messages. */
  private static final class Durations {
    static String show(java.time.Duration d) {
      long s = d.toSeconds();
      if (s < 60) {
        return s + "s";
      }
      if (s < 3600) {
        return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
      }
      return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
    }
  }

  // ------------------------------------------------------------------ ledger

  // Records a caller sees have their merges confirmed by the host where one is configured (at
  // most Ledger.HOST_LOOKUPS change requests per call); see PromotionRecord#trust().

  /** What {@code application} runs in {@code environment} now, and the commit that set it. */
  public Optional<PromotionRecord> current(String environment, String application) {
    return ledger.confirmed(
        ledger.current(
            model.pipeline().environment(environment), model.requireApplication(application)));
  }

  /** The image changes of {@code application} in {@code environment}, newest first. */
  public List<PromotionRecord> history(String environment, String application, int limit) {
    return ledger.confirmed(
        ledger.history(
            model.pipeline().environment(environment),
            model.requireApplication(application),
            limit));
  }

  /**
   * The current record of every application in every environment it is deployed in: environments in
   * pipeline order, applications by name; pairs whose overlay sets no image are left out.
   */
  public List<PromotionRecord> state() {
    return ledger.confirmed(ledger.state());
  }

  /**
   * Like {@link #state()}, but an overlay that cannot be read (malformed, over a parsing limit, an
   * unsupported value) affects only its own pair: it is reported as a {@link StateReport.Problem}
   * and every other pair is read.
   */
  public StateReport stateReport() {
    StateReport report = ledger.stateReport();
    return new StateReport(ledger.confirmed(report.records()), report.problems());
  }

  /** Where {@code digest} runs now: the current records whose image has this digest. */
  public List<PromotionRecord> whereIs(ImageDigest digest) {
    return ledger.confirmed(ledger.whereIs(digest));
  }

  /**
   * Which applications run different images in {@code from} and {@code to} (repository and digest,
   * or the tag for images not pinned by digest).
   */
  public EnvironmentDiff diff(String from, String to) {
    EnvironmentDiff diff =
        ledger.diff(model.pipeline().environment(from), model.pipeline().environment(to));
    List<PromotionRecord> shown = new ArrayList<>();
    for (EnvironmentDiff.Difference d : diff.differences()) {
      d.from().ifPresent(shown::add);
      d.to().ifPresent(shown::add);
    }
    java.util.Iterator<PromotionRecord> confirmed = ledger.confirmed(shown).iterator();
    List<EnvironmentDiff.Difference> differences = new ArrayList<>();
    for (EnvironmentDiff.Difference d : diff.differences()) {
      Optional<PromotionRecord> f = d.from().map(r -> confirmed.next());
      Optional<PromotionRecord> t = d.to().map(r -> confirmed.next());
      differences.add(new EnvironmentDiff.Difference(d.application(), f, t));
    }
    return new EnvironmentDiff(diff.from(), diff.to(), differences, diff.same());
  }

  // ------------------------------------------------------------------ gates

  /**
   * Why {@code request} may land or not, gate by gate, without writing anything: the planner's
   * rules (pinning, provenance) and every gate of the target environment, each with its verdict and
   * reasons, the time until a wait can clear, and who still has to approve. When the promotion
   * already has an open change request, its reviews and checks are used.
   *
   * <p>When the planner refuses the request (access, digest or provenance rule), the explanation
   * holds that refusal as a failing line named after the rule.
   *
   * @throws InvalidInputException for unknown environments or applications
   */
  public Explanation explain(PromotionRequest request) {
    PromotionPlan plan;
    try {
      plan = plan(request);
    } catch (NotPermittedException refused) {
      String rule = refused.rule().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      Verdict no = Verdict.fail(refused.getMessage());
      return new Explanation(
          request.targetEnvironment(),
          request.promotionId(),
          clock.instant(),
          List.of(new GateExplanation(rule, no, Optional.empty(), List.of(), true)),
          no,
          Optional.empty());
    }
    Optional<ChangeRequest> cr =
        find(PromotionLookup.byBranch(plan.changeRequestBranch()))
            .flatMap(PendingPromotion::changeRequest)
            .filter(ChangeRequest::isOpen);
    return lifecycle.explain(gateContext(plan, cr));
  }

  /**
   * Why a found promotion may land or not, gate by gate, as {@link #explain(PromotionRequest)};
   * with its change request's reviews and checks when it is open.
   */
  public Explanation explain(PendingPromotion pending) {
    return lifecycle.explain(
        gateContext(pending.plan(), pending.changeRequest().filter(ChangeRequest::isOpen)));
  }

  /** The context gates see for {@code plan}, with {@code changeRequest} when one is open. */
  public GateContext gateContext(PromotionPlan plan, Optional<ChangeRequest> changeRequest) {
    return lifecycle.gateContext(plan, changeRequest);
  }

  /**
   * Builds a {@link Promoter}. Required: the model (or its pipeline), a config repository for every
   * environment, and the clock.
   */
  public static final class Builder {
    private PromotionModel model;
    private Pipeline pipeline;
    private final List<Application> applications = new ArrayList<>();
    private final List<OverlayFormat> formats = new ArrayList<>();
    private AccessPolicy accessPolicy;
    private ConfigRepository repository;
    private final Map<String, ConfigRepository> repositories = new LinkedHashMap<>();
    private ChangeRequestHost host;
    private final Map<String, ChangeRequestHost> hosts = new LinkedHashMap<>();
    private GitOpsAgent agent;
    private final Map<String, GitOpsAgent> agents = new LinkedHashMap<>();
    private Clock clock;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Random random;
    private StateFiles stateFiles;
    private final List<PlanAdvisor> advisors = new ArrayList<>();
    private boolean cleanUpBranches = true;
    private final List<String> delegates = new ArrayList<>();
    private ImageRegistry imageRegistry;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.model = model;
      b.pipeline = pipeline;
      b.applications.addAll(applications);
      b.formats.addAll(formats);
      b.accessPolicy = accessPolicy;
      b.repository = repository;
      b.repositories.putAll(repositories);
      b.host = host;
      b.hosts.putAll(hosts);
      b.agent = agent;
      b.agents.putAll(agents);
      b.clock = clock;
      b.retry = retry;
      b.sleeper = sleeper;
      b.random = random;
      b.stateFiles = stateFiles;
      b.advisors.addAll(advisors);
      b.cleanUpBranches = cleanUpBranches;
      b.delegates.addAll(delegates);
      b.imageRegistry = imageRegistry;
      return b;
    }

    private PromotionModel model() {
      if (model != null) {
        boolean parts =
            pipeline != null
                || !applications.isEmpty()
                || !formats.isEmpty()
                || accessPolicy != null;
        if (!parts) {
          return model;
        }
        PromotionModel.Builder b = PromotionModel.builder().from(model);
        if (pipeline != null) {
          b.pipeline(pipeline);
        }
        b.addApplications(applications).addOverlayFormats(formats);
        if (accessPolicy != null) {
          b.accessPolicy(accessPolicy);
        }
        return b.build();
      }
      if (pipeline == null) {
        throw new InvalidInputException(
            "a promoter needs a pipeline: Promoter.builder().pipeline(...) or .model(...)");
      }
      PromotionModel.Builder b =
          PromotionModel.builder()
              .pipeline(pipeline)
              .addApplications(applications)
              .addOverlayFormats(formats);
      if (accessPolicy != null) {
        b.accessPolicy(accessPolicy);
      }
      return b.build();
    }

    /**
     * The pipeline, applications, overlay formats and access policy in one value. Settings given
     * with {@link #pipeline}, {@link #addApplications}, {@link #addOverlayFormats} or {@link
     * #accessPolicy} are applied on top of it.
     */
    public Builder model(PromotionModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The pipeline of environments (replaces the model's). */
    public Builder pipeline(Pipeline pipeline) {
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      return this;
    }

    /** Adds applications; names must be unique. */
    public Builder addApplications(Application... apps) {
      return addApplications(List.of(apps));
    }

    /** Adds applications; names must be unique. */
    public Builder addApplications(List<Application> apps) {
      applications.addAll(apps);
      return this;
    }

    /** Adds overlay formats, found by their {@link OverlayFormat#id()}. */
    public Builder addOverlayFormats(OverlayFormat... all) {
      formats.addAll(List.of(all));
      return this;
    }

    /**
     * Authenticated identities (host logins or emails, compared ignoring case) that may act for
     * someone else. Where an environment's host says whose its credentials are ({@link
     * ChangeRequestHost#identity()}), the actor must be that identity, else the promotion is
     * refused ({@link NotPermittedException.Rule#ACCESS_POLICY}), unless the identity is listed
     * here (a CI token that acts for the person who triggered the job). Empty unless set.
     */
    public Builder delegates(List<String> loginsOrEmails) {
      loginsOrEmails.forEach(d -> delegates.add(Objects.requireNonNull(d, "delegate")));
      return this;
    }

    /** The access policy; {@link AccessPolicy#seedDefault()} unless set. */
    public Builder accessPolicy(AccessPolicy accessPolicy) {
      this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
      return this;
    }

    /** The config repository of every environment that names none of its own. */
    public Builder configRepository(ConfigRepository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
      return this;
    }

    /** The config repository that holds {@code environment} (a repository per environment). */
    public Builder configRepository(String environment, ConfigRepository repository) {
      repositories.put(
          Objects.requireNonNull(environment, "environment"),
          Objects.requireNonNull(repository, "repository"));
      return this;
    }

    /** The host of change requests of every environment that names none of its own. */
    public Builder changeRequestHost(ChangeRequestHost host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The host of change requests into {@code environment}. */
    public Builder changeRequestHost(String environment, ChangeRequestHost host) {
      hosts.put(
          Objects.requireNonNull(environment, "environment"), Objects.requireNonNull(host, "host"));
      return this;
    }

    /** The GitOps agent of every environment that names none of its own. */
    public Builder gitOpsAgent(GitOpsAgent agent) {
      this.agent = Objects.requireNonNull(agent, "agent");
      return this;
    }

    /** The GitOps agent that reconciles {@code environment}. */
    public Builder gitOpsAgent(String environment, GitOpsAgent agent) {
      agents.put(
          Objects.requireNonNull(environment, "environment"),
          Objects.requireNonNull(agent, "agent"));
      return this;
    }

    /** The clock every time comes from. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How lost races are retried; {@link RetryPolicy#DEFAULT} unless set. */
    public Builder retryPolicy(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** How to wait between attempts; {@link Sleeper#SYSTEM} unless set. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The source of the retry jitter; seed it for reproducible tests. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Regenerate these state files (for example promotion-git's {@code versions.json} and {@code
     * VERSIONS.md}) in every promotion commit.
     */
    public Builder stateFiles(StateFiles stateFiles) {
      this.stateFiles = Objects.requireNonNull(stateFiles, "stateFiles");
      return this;
    }

    /** Adds advisors whose warnings every plan carries (for example the blast radius). */
    public Builder addPlanAdvisors(PlanAdvisor... all) {
      advisors.addAll(List.of(all));
      return this;
    }

    /**
     * The image registry that resolves tags. With it, every promotion into a {@link
     * Environment#production() production} environment first checks for tag drift ({@link
     * #tagDrift}): a tag an upstream environment recorded with the digest that points elsewhere now
     * is recorded in a {@code Tag-Drift} trailer and named in the plan's warnings, and an
     * unreachable registry is a warning. The promotion always goes by digest.
     */
    public Builder imageRegistry(ImageRegistry registry) {
      this.imageRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Whether promotion branches are deleted once merged, aborted or superseded; true unless set.
     */
    public Builder cleanUpBranches(boolean cleanUp) {
      this.cleanUpBranches = cleanUp;
      return this;
    }

    /**
     * Builds the promoter.
     *
     * @throws InvalidInputException when a required part is missing or names an unknown environment
     */
    public Promoter build() {
      return new Promoter(this);
    }
  }
}
