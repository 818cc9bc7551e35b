package dev.gitops.promotion;

import dev.gitops.promotion.CommitMessage.Trailer;
import dev.gitops.promotion.internal.Ledger;
import dev.gitops.promotion.internal.Planner;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The facade of a promotion: {@link #plan}, {@link #execute}, {@link #advance}, {@link #verify},
 * and ledger queries. Immutable and thread-safe: build one and share it. It does not own the ports
 * it is given; whoever opened them closes them.
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
 * PromotionResult merged = promoter.advance(plan);  // gates pass? merge
 * promoter.verify("staging", "api-service", merged.commit().orElseThrow());
 * }</pre>
 */
public final class Promoter {
  private final Pipeline pipeline;
  private final Map<String, Application> applications;
  private final ConfigRepository repository;
  private final Optional<ChangeRequestHost> host;
  private final Optional<GitOpsAgent> agent;
  private final AccessPolicy accessPolicy;
  private final Clock clock;
  private final Map<String, OverlayFormat> formats;
  private final Ledger ledger;
  private final Planner planner;

  private Promoter(Builder b) {
    this.pipeline = Objects.requireNonNull(b.pipeline, "pipeline is required");
    this.repository = Objects.requireNonNull(b.repository, "configRepository is required");
    this.clock =
        Objects.requireNonNull(b.clock, "clock is required (inject it; tests use a manual one)");
    this.applications = Map.copyOf(b.applications);
    this.host = Optional.ofNullable(b.host);
    this.agent = Optional.ofNullable(b.agent);
    this.accessPolicy = b.accessPolicy;
    this.formats = Map.copyOf(b.formats);
    this.ledger = new Ledger(repository, formats);
    this.planner = new Planner(pipeline, applications, repository, ledger, accessPolicy);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The pipeline. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * A builder holding every setting of this promoter, to derive a variant with another pipeline or
   * another config repository (as OkHttp's {@code newBuilder()}); this promoter is unchanged.
   */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.pipeline = pipeline;
    b.applications.putAll(applications);
    b.repository = repository;
    b.formats.putAll(formats);
    b.host = host.orElse(null);
    b.agent = agent.orElse(null);
    b.accessPolicy = accessPolicy;
    b.clock = clock;
    return b;
  }

  /** The applications, by name. */
  public Map<String, Application> applications() {
    return applications;
  }

  /** The overlay formats, by id. */
  public Map<String, OverlayFormat> overlayFormats() {
    return formats;
  }

  /** The config repository this promoter reads and writes. */
  public ConfigRepository configRepository() {
    return repository;
  }

  /** The application with this name. */
  public Optional<Application> application(String name) {
    return Optional.ofNullable(applications.get(name));
  }

  /**
   * Plans a promotion without writing anything.
   *
   * @throws InvalidInputException for unknown environments or applications, or unreadable overlays
   * @throws NotPermittedException when the access policy, the digest rule or provenance refuses
   */
  public PromotionPlan plan(PromotionRequest request) {
    return planner.plan(request);
  }

  /**
   * Delivers a plan. A direct commit lands on the environment's branch when its gates pass (a
   * failing gate throws, a waiting one returns {@link PromotionResult.Outcome#WAITING}). A change
   * request is opened on the promotion's own branch (or brought up to date when it exists), and
   * older open change requests for the same applications are closed as superseded.
   *
   * @throws PromotionConflictException when the branch moved since the plan; nothing was written
   * @throws GateRefusedException when a gate fails for a direct commit
   * @throws NotPermittedException when the access policy refuses
   */
  public PromotionResult execute(PromotionPlan plan) {
    Environment env = plan.environment();
    accessPolicy.check(plan.request().actor(), env, plan.delivery());
    if (plan.isEmpty()) {
      return PromotionResult.builder()
          .plan(plan)
          .outcome(PromotionResult.Outcome.NOTHING_TO_DO)
          .build();
    }
    if (plan.delivery() == Delivery.DIRECT_COMMIT) {
      Verdict verdict = evaluateGates(plan, Optional.empty());
      if (verdict.failed()) {
        throw new GateRefusedException(env.name(), verdict);
      }
      if (verdict.isWaiting()) {
        return PromotionResult.builder()
            .plan(plan)
            .outcome(PromotionResult.Outcome.WAITING)
            .verdict(verdict)
            .build();
      }
      Revision commit =
          repository.commit(commitRequest(plan, env.branch(), Optional.of(plan.baseRevision())));
      return PromotionResult.builder()
          .plan(plan)
          .outcome(PromotionResult.Outcome.COMMITTED)
          .commit(commit)
          .verdict(verdict)
          .build();
    }
    return openChangeRequest(plan);
  }

  /**
   * Re-evaluates the gates of a plan's open change request and merges it when they all pass.
   *
   * @throws PromotionConflictException when the host refuses the merge or the head moved
   */
  public PromotionResult advance(PromotionPlan plan) {
    ChangeRequestHost h = requireHost(plan.environment());
    Optional<ChangeRequest> open = findOwn(h, plan);
    if (open.isEmpty()) {
      return PromotionResult.builder().plan(plan).outcome(PromotionResult.Outcome.CLOSED).build();
    }
    ChangeRequest cr = h.get(open.get().id());
    Verdict verdict = evaluateGates(plan, Optional.of(cr));
    PromotionResult.Builder result = PromotionResult.builder().plan(plan).verdict(verdict);
    if (verdict.failed()) {
      return result.outcome(PromotionResult.Outcome.BLOCKED).changeRequest(cr).build();
    }
    if (verdict.isWaiting()) {
      return result.outcome(PromotionResult.Outcome.WAITING).changeRequest(cr).build();
    }
    BranchProtection protection = h.protection(cr.targetBranch());
    List<Trailer> mergeTrailers = new ArrayList<>();
    for (String approver : cr.approvers(protection.dismissStaleReviews())) {
      mergeTrailers.add(new Trailer(CommitMessage.APPROVED_BY, approver));
    }
    for (String reason : verdict.reasons()) {
      mergeTrailers.add(new Trailer(CommitMessage.GATE, reason.replace('\n', ' ')));
    }
    mergeTrailers.add(new Trailer("Change-Request", cr.url()));
    String message = plan.commitMessage().withTrailers(mergeTrailers).render();
    ChangeRequest merged = h.merge(cr.id(), cr.headRevision(), message);
    return result
        .outcome(PromotionResult.Outcome.MERGED)
        .changeRequest(merged)
        .commit(merged.mergeRevision())
        .build();
  }

  /**
   * Asks the GitOps agent whether {@code commit} (or a later one) is applied in {@code environment}
   * and {@code application} is healthy.
   */
  public Verification verify(String environment, String application, Revision commit) {
    Environment env = pipeline.environment(environment);
    Application app = requireApplication(application);
    GitOpsAgent a =
        agent.orElseThrow(
            () ->
                new IllegalStateException(
                    "verify needs a GitOpsAgent; wire one with Promoter.builder().gitOpsAgent(...)"));
    SyncStatus status = a.status(env, app);
    boolean reached =
        status
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
              + ")");
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

  /** What {@code application} runs in {@code environment} now, and the commit that set it. */
  public Optional<PromotionRecord> current(String environment, String application) {
    return ledger.current(pipeline.environment(environment), requireApplication(application));
  }

  /** The image changes of {@code application} in {@code environment}, newest first. */
  public List<PromotionRecord> history(String environment, String application, int limit) {
    return ledger.history(
        pipeline.environment(environment), requireApplication(application), limit);
  }

  /** The current record of every application in every environment it is deployed in. */
  public List<PromotionRecord> state() {
    List<PromotionRecord> all = new ArrayList<>();
    for (Environment env : pipeline.environments()) {
      applications.values().stream()
          .sorted((a, b) -> a.name().compareTo(b.name()))
          .forEach(app -> ledger.current(env, app).ifPresent(all::add));
    }
    return all;
  }

  /** The context gates see for {@code plan}, with {@code changeRequest} when one is open. */
  public GateContext gateContext(PromotionPlan plan, Optional<ChangeRequest> changeRequest) {
    GateContext.Builder ctx =
        GateContext.builder()
            .now(clock.instant())
            .plan(plan)
            .pipeline(pipeline)
            .changeRequest(changeRequest);
    host.ifPresent(h -> ctx.protection(h.protection(plan.environment().branch())));
    Map<String, Map<String, SyncStatus>> statuses = new LinkedHashMap<>();
    for (Environment upstream : pipeline.upstreams(plan.environment().name())) {
      for (String name : plan.request().images().keySet()) {
        Application app = requireApplication(name);
        if (app.location(upstream.name()).isEmpty()) {
          continue;
        }
        ledger.current(upstream, app).ifPresent(ctx::addUpstreamRecords);
        agent.ifPresent(
            a ->
                statuses
                    .computeIfAbsent(upstream.name(), k -> new LinkedHashMap<>())
                    .put(name, a.status(upstream, app)));
      }
    }
    return ctx.upstreamStatus(statuses).build();
  }

  private Verdict evaluateGates(PromotionPlan plan, Optional<ChangeRequest> cr) {
    return Gates.evaluateAll(plan.environment().gates(), gateContext(plan, cr));
  }

  private PromotionResult openChangeRequest(PromotionPlan plan) {
    Environment env = plan.environment();
    ChangeRequestHost h = requireHost(env);
    String branch = plan.changeRequestBranch();
    Optional<Revision> branchHead = repository.head(branch);
    if (branchHead.isEmpty() || !holdsPlan(branchHead.get(), plan)) {
      // the promotion's own branch: created, or force-moved onto the plan; never another branch
      repository.commit(commitRequest(plan, branch, branchHead));
    }
    ChangeRequestSpec spec =
        ChangeRequestSpec.builder()
            .sourceBranch(branch)
            .targetBranch(env.branch())
            .title(plan.changeRequestTitle())
            .body(plan.changeRequestBody())
            .addLabels("promotion", "env/" + env.name())
            .build();
    Optional<ChangeRequest> existing = findOwn(h, plan);
    ChangeRequest cr = existing.isPresent() ? h.update(existing.get().id(), spec) : h.open(spec);
    List<ChangeRequest> superseded = new ArrayList<>();
    for (ChangeRequest other : h.listOpen(env.branch())) {
      if (!other.id().equals(cr.id()) && supersedes(plan, other)) {
        superseded.add(h.close(other.id(), "Superseded by " + cr.url() + " (" + plan.id() + ")."));
      }
    }
    return PromotionResult.builder()
        .plan(plan)
        .outcome(
            existing.isPresent()
                ? PromotionResult.Outcome.CHANGE_REQUEST_UPDATED
                : PromotionResult.Outcome.CHANGE_REQUEST_OPENED)
        .changeRequest(cr)
        .superseded(superseded)
        .build();
  }

  // An older promotion of any of the same applications into the same environment.
  private static boolean supersedes(PromotionPlan plan, ChangeRequest other) {
    String env = plan.environment().name();
    return plan.edits().stream()
        .anyMatch(e -> other.sourceBranch().startsWith(Planner.branchPrefix(env, e.application())));
  }

  private boolean holdsPlan(Revision branchHead, PromotionPlan plan) {
    return repository.isAncestor(plan.baseRevision(), branchHead)
        && plan.fileEdits().stream()
            .allMatch(
                e ->
                    repository
                        .readFile(branchHead, e.path())
                        .map(e.content()::equals)
                        .orElse(false));
  }

  private Optional<ChangeRequest> findOwn(ChangeRequestHost h, PromotionPlan plan) {
    return h.listOpen(plan.environment().branch()).stream()
        .filter(cr -> cr.sourceBranch().equals(plan.changeRequestBranch()))
        .findFirst();
  }

  private CommitRequest commitRequest(
      PromotionPlan plan, String branch, Optional<Revision> expectedHead) {
    return CommitRequest.builder()
        .branch(branch)
        .parent(plan.baseRevision())
        .expectedHead(expectedHead)
        .edits(plan.fileEdits())
        .message(plan.commitMessage().render())
        .author(plan.request().actor())
        .time(clock.instant())
        .build();
  }

  private ChangeRequestHost requireHost(Environment env) {
    return host.orElseThrow(
        () ->
            new IllegalStateException(
                "environment '"
                    + env.name()
                    + "' takes change requests; wire a ChangeRequestHost with"
                    + " Promoter.builder().changeRequestHost(...)"));
  }

  private Application requireApplication(String name) {
    Application app = applications.get(name);
    if (app == null) {
      throw new InvalidInputException(
          "unknown application '"
              + name
              + "'; known: "
              + new java.util.TreeSet<>(applications.keySet()));
    }
    return app;
  }

  /** Builds a {@link Promoter}. Pipeline, config repository and clock are required. */
  public static final class Builder {
    private Pipeline pipeline;
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private ConfigRepository repository;
    private final Map<String, OverlayFormat> formats = new LinkedHashMap<>();
    private ChangeRequestHost host;
    private GitOpsAgent agent;
    private AccessPolicy accessPolicy = AccessPolicy.seedDefault();
    private Clock clock;

    private Builder() {}

    /** The pipeline of environments. */
    public Builder pipeline(Pipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /** Adds applications; names must be unique. */
    public Builder addApplications(Application... apps) {
      return addApplications(List.of(apps));
    }

    /** Adds applications; names must be unique. */
    public Builder addApplications(List<Application> apps) {
      for (Application app : apps) {
        if (applications.put(app.name(), app) != null) {
          throw new InvalidInputException("application '" + app.name() + "' is added twice");
        }
      }
      return this;
    }

    /** The config repository. */
    public Builder configRepository(ConfigRepository repository) {
      this.repository = repository;
      return this;
    }

    /** Adds overlay formats, found by their {@link OverlayFormat#id()}. */
    public Builder addOverlayFormats(OverlayFormat... all) {
      for (OverlayFormat f : all) {
        formats.put(f.id(), f);
      }
      return this;
    }

    /** The host of change requests; required for change-request environments. */
    public Builder changeRequestHost(ChangeRequestHost host) {
      this.host = host;
      return this;
    }

    /** The GitOps agent; required for {@link Promoter#verify} and health-based gates. */
    public Builder gitOpsAgent(GitOpsAgent agent) {
      this.agent = agent;
      return this;
    }

    /** The access policy; {@link AccessPolicy#seedDefault()} unless set. */
    public Builder accessPolicy(AccessPolicy accessPolicy) {
      this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
      return this;
    }

    /** The clock every time comes from. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Builds the promoter. */
    public Promoter build() {
      return new Promoter(this);
    }
  }
}
