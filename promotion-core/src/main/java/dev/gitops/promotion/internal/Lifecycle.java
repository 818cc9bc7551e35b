package dev.gitops.promotion.internal;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.CommitMessage.Trailer;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Explanation;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.GateExplanation;
import dev.gitops.promotion.GateRefusedException;
import dev.gitops.promotion.Gates;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionLookup;
import dev.gitops.promotion.PromotionModel;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.PromotionResult.Outcome;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.RetryPolicy;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.gates.ApprovalGate;
import dev.gitops.promotion.gates.Pinning;
import dev.gitops.promotion.gates.Provenance;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The write side of a promotion, shared by every backend: deliver a plan (commit, or branch and
 * change request) with compare-and-swap and re-plan-and-retry when a branch moved; find a promotion
 * again from its branch and the host; advance it to a merge when its gates pass; abort it.
 * Everything it needs to continue a promotion is read back from Git and the host.
 */
public final class Lifecycle {
  // how far back along a promotion branch the promotion commit is looked for
  private static final int PROMOTION_COMMIT_SEARCH = 20;

  private final PromotionModel model;
  private final Ports ports;
  private final Planner planner;
  private final Ledger ledger;
  private final Clock clock;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Random random;
  private final boolean cleanUpBranches;

  /** The lifecycle over these parts. */
  public Lifecycle(
      PromotionModel model,
      Ports ports,
      Planner planner,
      Ledger ledger,
      Clock clock,
      RetryPolicy retry,
      Sleeper sleeper,
      Random random,
      boolean cleanUpBranches) {
    this.model = model;
    this.ports = ports;
    this.planner = planner;
    this.ledger = ledger;
    this.clock = clock;
    this.retry = retry;
    this.sleeper = sleeper;
    this.random = random;
    this.cleanUpBranches = cleanUpBranches;
  }

  // ------------------------------------------------------------------ execute

  /** Delivers {@code given}, re-planning on the new head when a branch moved; see Promoter. */
  public PromotionResult execute(PromotionPlan given) {
    Environment env = given.environment();
    model.accessPolicy().check(given.request().actor(), env, given.delivery());
    if (given.isEmpty()) {
      return result(given, Outcome.NOTHING_TO_DO).build();
    }
    ConfigRepository repository = ports.repository(env.name());
    PromotionPlan plan = given;
    RuntimeException last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1 && !pause(attempt - 1)) {
        break;
      }
      try {
        if (attempt > 1 || !isHead(repository, plan)) {
          if (attempt > 1) {
            repository.refresh();
          }
          plan = planner.plan(given.request());
        }
      } catch (RemoteUnavailableException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        last = e; // the remote could not be read: wait and try again
        continue;
      }
      planner.checkNoForeignChange(
          given, plan); // a real conflict: never retried, never overwritten
      if (plan.isEmpty()) {
        return result(plan, Outcome.NOTHING_TO_DO).build();
      }
      try {
        return plan.delivery() == Delivery.DIRECT_COMMIT
            ? commitDirectly(repository, plan)
            : openChangeRequest(repository, plan);
      } catch (PromotionConflictException e) {
        last = e; // the branch moved between the plan and the write: plan again
      } catch (RemoteUnavailableException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        last = e;
      }
    }
    throw lostRace(given, last);
  }

  private PromotionResult commitDirectly(ConfigRepository repository, PromotionPlan plan) {
    Environment env = plan.environment();
    Evaluated evaluated = evaluateEach(gateContext(plan, Optional.empty()));
    Verdict verdict = evaluated.verdict();
    if (verdict.failed()) {
      throw new GateRefusedException(env.name(), verdict);
    }
    if (verdict.isWaiting()) {
      return result(plan, Outcome.WAITING).verdict(verdict).build();
    }
    CommitMessage message =
        env.gates().isEmpty()
            ? plan.commitMessage()
            : plan.commitMessage().withTrailers(gateTrailers(evaluated.rows()));
    Revision commit =
        repository.commit(
            commitRequest(plan, env.branch(), Optional.of(plan.baseRevision()), message));
    return result(plan, Outcome.COMMITTED).commit(commit).verdict(verdict).build();
  }

  private PromotionResult openChangeRequest(ConfigRepository repository, PromotionPlan plan) {
    Environment env = plan.environment();
    ChangeRequestHost host = requireHost(env);
    String branch = plan.changeRequestBranch();
    Optional<Revision> branchHead = repository.head(branch);
    if (branchHead.isEmpty() || !holdsPlan(repository, branchHead.get(), plan)) {
      // the promotion's own branch: created, or moved onto the plan; never another branch
      repository.commit(commitRequest(plan, branch, branchHead, plan.commitMessage()));
    }
    Optional<ChangeRequest> existing = host.findOpen(branch, env.branch());
    Optional<Explanation> table = bodyTable(plan, existing.filter(ChangeRequest::isOpen));
    ChangeRequest cr =
        existing.isPresent()
            ? host.update(existing.get().id(), spec(plan, table))
            : host.open(spec(plan, table));
    publishGates(
        host,
        cr,
        plan.environment().gates().isEmpty()
            ? Optional.of(Verdict.pass("no gates"))
            : table.map(Explanation::verdict));
    List<ChangeRequest> superseded = new ArrayList<>();
    for (ChangeRequest other : host.listOpen(env.branch())) {
      if (!other.id().equals(cr.id()) && supersedes(plan, other)) {
        superseded.add(
            host.close(other.id(), "Superseded by " + cr.url() + " (" + plan.id() + ")."));
        if (cleanUpBranches) {
          deleteQuietly(repository, other.sourceBranch(), other.headRevision());
        }
      }
    }
    return result(
            plan,
            existing.isPresent() ? Outcome.CHANGE_REQUEST_UPDATED : Outcome.CHANGE_REQUEST_OPENED)
        .changeRequest(cr)
        .superseded(superseded)
        .build();
  }

  // ------------------------------------------------------------------ find

  /** Finds a promotion from Git and the hosts; see Promoter#find. */
  public Optional<PendingPromotion> find(PromotionLookup lookup) {
    switch (lookup.kind()) {
      case BRANCH:
        {
          Environment env = environmentOf(lookup.value());
          return fromBranch(env, lookup.value(), Optional.empty());
        }
      case PROMOTION_ID:
        for (ConfigRepository repository : ports.repositories()) {
          for (String branch : repository.branches(Planner.BRANCH_ROOT)) {
            Optional<Environment> env =
                Planner.environmentOfBranch(branch).flatMap(e -> model.pipeline().find(e));
            if (env.isEmpty() || ports.repository(env.get().name()) != repository) {
              continue;
            }
            Optional<Revision> head = repository.head(branch);
            if (head.isPresent()
                && promotionCommit(repository, head.get())
                    .flatMap(c -> c.parsedMessage().trailer(CommitMessage.PROMOTION_ID))
                    .map(lookup.value()::equals)
                    .orElse(false)) {
              return fromBranch(env.get(), branch, Optional.empty());
            }
          }
        }
        return Optional.empty();
      case CHANGE_REQUEST:
        for (ChangeRequestHost host : ports.hosts()) {
          ChangeRequest cr;
          try {
            cr = host.get(lookup.value());
          } catch (InvalidInputException notThere) {
            continue;
          }
          Optional<Environment> env =
              Planner.environmentOfBranch(cr.sourceBranch()).flatMap(model.pipeline()::find);
          if (env.isEmpty() || ports.host(env.get().name()).orElse(null) != host) {
            continue;
          }
          return fromBranch(env.get(), cr.sourceBranch(), Optional.of(cr));
        }
        return Optional.empty();
      case TARGET:
      default:
        {
          Environment env = model.pipeline().environment(lookup.environment().orElseThrow());
          Application app = model.requireApplication(lookup.application().orElseThrow());
          String prefix = Planner.branchPrefix(env.name(), app.name());
          Optional<ChangeRequestHost> host = ports.host(env.name());
          if (host.isPresent()) {
            for (ChangeRequest cr : host.get().listOpen(env.branch())) {
              if (cr.sourceBranch().startsWith(prefix)) {
                return fromBranch(env, cr.sourceBranch(), Optional.of(cr));
              }
            }
            return Optional.empty();
          }
          List<String> branches = ports.repository(env.name()).branches(prefix);
          return branches.size() == 1
              ? fromBranch(env, branches.get(0), Optional.empty())
              : Optional.empty();
        }
    }
  }

  // The promotion a branch holds, with its change request (known, or asked of the host) and the
  // gates' verdict on it: what a caller who looks at the promotion sees.
  private Optional<PendingPromotion> fromBranch(
      Environment env, String branch, Optional<ChangeRequest> known) {
    Optional<PendingPromotion> read = readBranch(env, branch);
    Optional<ChangeRequestHost> host = ports.host(env.name());
    if (read.isEmpty() || host.isEmpty()) {
      return read;
    }
    Optional<ChangeRequest> cr =
        known.isPresent()
            ? Optional.of(host.get().get(known.get().id()))
            : host.get().findOpen(branch, env.branch());
    PromotionPlan plan = read.get().plan();
    Optional<Verdict> verdict =
        cr.filter(ChangeRequest::isOpen).map(c -> evaluate(plan, Optional.of(c)));
    return Optional.of(
        PendingPromotion.builder().from(read.get()).changeRequest(cr).verdict(verdict).build());
  }

  // The promotion a branch holds, read from Git alone (advance asks the host itself)
  private Optional<PendingPromotion> readBranch(Environment env, String branch) {
    ConfigRepository repository = ports.repository(env.name());
    Optional<Revision> head = repository.head(branch);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    CommitInfo promotion =
        promotionCommit(repository, head.get())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "branch '"
                            + branch
                            + "' holds no promotion commit (no "
                            + CommitMessage.PROMOTED_IMAGE
                            + " trailer in its last "
                            + PROMOTION_COMMIT_SEARCH
                            + " commits)"));
    if (!promotion.revision().equals(head.get())) {
      problems.add(
          "branch '"
              + branch
              + "' has commits on top of promotion commit "
              + promotion.revision().abbreviated()
              + " (head "
              + head.get().abbreviated()
              + ") that the promotion did not make; abort it and promote again");
    }
    PromotionPlan plan = planner.reconstruct(env, branch, promotion);
    if (problems.isEmpty() && !holdsPlan(repository, head.get(), plan)) {
      problems.add(
          "branch '"
              + branch
              + "' does not hold what its promotion commit says (the files differ from a plan of"
              + " the same images); abort it and promote again");
    }
    return Optional.of(
        PendingPromotion.builder().plan(plan).branchHead(head.get()).problems(problems).build());
  }

  // the nearest commit along first parents that carries Promoted-Image trailers
  private static Optional<CommitInfo> promotionCommit(ConfigRepository repository, Revision head) {
    Revision at = head;
    for (int i = 0; i < PROMOTION_COMMIT_SEARCH; i++) {
      CommitInfo info = repository.commitInfo(at);
      if (!info.parsedMessage().trailerValues(CommitMessage.PROMOTED_IMAGE).isEmpty()) {
        return Optional.of(info);
      }
      if (info.parents().isEmpty()) {
        return Optional.empty();
      }
      at = info.parents().get(0);
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ advance

  /**
   * Advances the promotion {@code plan} opened, found by its branch; see Promoter#advance. The
   * change request and its gates are read once, by the advance itself.
   */
  public PromotionResult advance(PromotionPlan plan) {
    String branch = plan.changeRequestBranch();
    Optional<PendingPromotion> pending = readBranch(environmentOf(branch), branch);
    return pending.isPresent() ? advance(pending.get()) : result(plan, Outcome.CLOSED).build();
  }

  /** Merges a found promotion when its gates pass; see Promoter#advance. */
  public PromotionResult advance(PendingPromotion pending) {
    Environment env = pending.plan().environment();
    ChangeRequestHost host = requireHost(env);
    ConfigRepository repository = ports.repository(env.name());
    RuntimeException last = null;
    PendingPromotion current = pending;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1) {
        repository.refresh();
        Optional<PendingPromotion> again = readBranch(env, pending.branch());
        if (again.isEmpty()) {
          return result(pending.plan(), Outcome.CLOSED).build();
        }
        current = again.get();
      }
      Optional<ChangeRequest> found =
          current.changeRequest().isPresent()
              ? Optional.of(host.get(current.changeRequest().get().id()))
              : host.findOpen(current.branch(), env.branch());
      if (found.isEmpty() || !found.get().isOpen()) {
        return closed(current.plan(), found);
      }
      ChangeRequest cr = found.get();
      PromotionPlan plan = current.plan();
      if (!current.problems().isEmpty()) {
        return result(plan, Outcome.BLOCKED)
            .changeRequest(cr)
            .verdict(new Verdict(Verdict.Status.FAIL, current.problems(), Optional.empty()))
            .build();
      }
      if (cr.mergeability() == ChangeRequest.Mergeability.CONFLICTING) {
        return replanConflicting(repository, host, plan, cr);
      }
      GateContext context = gateContext(plan, Optional.of(cr));
      Evaluated evaluated = evaluateEach(context);
      Verdict verdict = evaluated.verdict();
      publishGates(host, cr, Optional.of(verdict));
      if (!verdict.passed()) {
        cr = refreshBody(host, plan, cr, explain(context, evaluated));
        return result(plan, verdict.failed() ? Outcome.BLOCKED : Outcome.WAITING)
            .changeRequest(cr)
            .verdict(verdict)
            .build();
      }
      List<Trailer> trailers = new ArrayList<>();
      for (String approver : cr.approvers(context.protection().dismissStaleReviews())) {
        trailers.add(new Trailer(CommitMessage.APPROVED_BY, approver));
      }
      trailers.addAll(gateTrailers(evaluated.rows()));
      trailers.add(new Trailer(CommitMessage.CHANGE_REQUEST, cr.url()));
      String message = plan.commitMessage().withTrailers(trailers).render();
      try {
        ChangeRequest merged = host.merge(cr.id(), cr.headRevision(), message);
        if (cleanUpBranches) {
          deleteQuietly(repository, cr.sourceBranch(), cr.headRevision());
        }
        return result(plan, Outcome.MERGED)
            .changeRequest(merged)
            .commit(merged.mergeRevision())
            .verdict(verdict)
            .build();
      } catch (PromotionConflictException e) {
        last = e;
      } catch (RemoteUnavailableException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        last = e;
      }
      if (attempt < retry.maxAttempts() && !pause(attempt)) {
        break;
      }
    }
    throw new PromotionConflictException(
        "promotion "
            + pending.id()
            + " could not be merged after "
            + retry.maxAttempts()
            + " attempts; nothing was merged. Last: "
            + (last == null ? "" : last.getMessage()),
        last);
  }

  // The target branch changed the same lines: make the promotion again on the new head.
  private PromotionResult replanConflicting(
      ConfigRepository repository, ChangeRequestHost host, PromotionPlan plan, ChangeRequest cr) {
    repository.refresh();
    PromotionPlan replanned;
    try {
      replanned = planner.plan(plan.request());
    } catch (NotPermittedException refused) {
      return result(plan, Outcome.BLOCKED)
          .changeRequest(cr)
          .verdict(Verdict.fail(refused.getMessage()))
          .build();
    }
    planner.checkNoForeignChange(plan, replanned);
    if (replanned.isEmpty()) {
      ChangeRequest closed =
          host.close(
              cr.id(),
              "Closed: "
                  + String.join(", ", replanned.alreadyInPlace())
                  + " already in place on "
                  + replanned.environment().branch()
                  + " ("
                  + plan.id()
                  + ").");
      if (cleanUpBranches) {
        deleteQuietly(repository, cr.sourceBranch(), cr.headRevision());
      }
      return result(replanned, Outcome.NOTHING_TO_DO).changeRequest(closed).build();
    }
    repository.commit(
        commitRequest(
            replanned,
            cr.sourceBranch(),
            Optional.of(cr.headRevision()),
            replanned.commitMessage()));
    ChangeRequest updated =
        host.update(cr.id(), spec(replanned, bodyTable(replanned, Optional.of(cr))));
    return result(replanned, Outcome.CHANGE_REQUEST_UPDATED).changeRequest(updated).build();
  }

  private PromotionResult closed(PromotionPlan plan, Optional<ChangeRequest> cr) {
    if (cr.isPresent() && cr.get().state() == ChangeRequest.State.MERGED) {
      return result(plan, Outcome.MERGED)
          .changeRequest(cr.get())
          .commit(cr.get().mergeRevision())
          .build();
    }
    PromotionResult.Builder r = result(plan, Outcome.CLOSED);
    cr.ifPresent(r::changeRequest);
    return r.build();
  }

  // ------------------------------------------------------------------ abort

  /** Closes a promotion's change request and deletes its branch; see Promoter#abort. */
  public PromotionResult abort(PendingPromotion pending, Actor actor, Optional<String> reason) {
    Environment env = pending.plan().environment();
    // the reason reaches the change request's comment: refused like a promotion's reason
    reason.ifPresent(r -> SafeText.refuseControls("the reason", r));
    model.accessPolicy().check(actor, env, env.delivery());
    ConfigRepository repository = ports.repository(env.name());
    Optional<ChangeRequestHost> host = ports.host(env.name());
    PromotionResult.Builder result = result(pending.plan(), Outcome.ABORTED);
    if (host.isPresent()) {
      Optional<ChangeRequest> cr =
          pending.changeRequest().isPresent()
              ? Optional.of(host.get().get(pending.changeRequest().get().id()))
              : host.get().findOpen(pending.branch(), env.branch());
      if (cr.isPresent() && cr.get().isOpen()) {
        String why = reason.map(r -> ": " + SafeText.escapeControls(r.strip())).orElse("");
        result.changeRequest(
            host.get()
                .close(
                    cr.get().id(),
                    "Aborted by " + actor.name() + why + " (" + pending.id() + ")."));
      } else if (cr.isPresent() && cr.get().state() == ChangeRequest.State.MERGED) {
        throw new InvalidInputException(
            "promotion "
                + pending.id()
                + " was already merged ("
                + cr.get().url()
                + "); roll it back instead of aborting it");
      }
    }
    repository.deleteBranch(pending.branch(), pending.branchHead());
    return result.build();
  }

  // ------------------------------------------------------------------ gates

  /** The context gates see for {@code plan}. */
  public GateContext gateContext(PromotionPlan plan, Optional<ChangeRequest> changeRequest) {
    GateContext.Builder ctx =
        GateContext.builder()
            .now(clock.instant())
            .plan(plan)
            .pipeline(model.pipeline())
            .changeRequest(changeRequest);
    Optional<ChangeRequestHost> host = ports.host(plan.environment().name());
    if (host.isPresent()) {
      String branch = plan.environment().branch();
      ctx.protection(host.get().protection(branch))
          .codeOwners(host.get().codeOwnersFor(branch))
          .membership(host.get().membership());
    }
    Map<String, Map<String, SyncStatus>> statuses = new LinkedHashMap<>();
    Map<String, Set<String>> reached = new LinkedHashMap<>();
    for (Environment upstream : model.pipeline().upstreams(plan.environment().name())) {
      Optional<GitOpsAgent> agent = ports.agent(upstream.name());
      ConfigRepository repository = ports.repository(upstream.name());
      for (String name : plan.request().images().keySet()) {
        Application app = model.requireApplication(name);
        if (app.location(upstream.name()).isEmpty()) {
          continue;
        }
        Optional<PromotionRecord> record = ledger.current(upstream, app);
        record.ifPresent(ctx::addUpstreamRecords);
        if (agent.isPresent()) {
          SyncStatus status = agent.get().status(upstream, app);
          statuses.computeIfAbsent(upstream.name(), k -> new LinkedHashMap<>()).put(name, status);
          boolean atOrPast =
              record.isPresent()
                  && status
                      .revision()
                      .map(
                          r ->
                              r.equals(record.get().commit())
                                  || repository.isAncestor(record.get().commit(), r))
                      .orElse(false);
          if (atOrPast) {
            reached.computeIfAbsent(upstream.name(), k -> new TreeSet<>()).add(name);
          }
        }
      }
    }
    return ctx.upstreamStatus(statuses).upstreamReached(reached).build();
  }

  private Verdict evaluate(PromotionPlan plan, Optional<ChangeRequest> cr) {
    return evaluateEach(gateContext(plan, cr)).verdict();
  }

  /** Each gate's verdict once, and all of them together as {@link Gates#allOf} combines them. */
  private record Evaluated(List<GateExplanation> rows, Verdict verdict) {}

  private static Evaluated evaluateEach(GateContext context) {
    List<GateExplanation> rows = new ArrayList<>();
    List<Gate> evaluated = new ArrayList<>();
    for (Gate gate : context.environment().gates()) {
      GateExplanation row = row(context, gate, true);
      rows.add(row);
      evaluated.add(Gate.named(gate.name(), c -> row.verdict()));
    }
    return new Evaluated(rows, Gates.evaluateAll(evaluated, context));
  }

  private static GateExplanation row(GateContext context, Gate gate, boolean enforced) {
    Verdict v = gate.evaluate(context);
    List<String> needs =
        gate instanceof ApprovalGate a && !v.passed() ? a.stillNeeded(context) : List.of();
    Optional<Duration> clears =
        v.retryAt()
            .map(
                t ->
                    t.isBefore(context.now()) ? Duration.ZERO : Duration.between(context.now(), t));
    return new GateExplanation(gate.name(), v, clears, needs, enforced);
  }

  /** Every gate of the plan's environment, and the planner's rules, explained. */
  public Explanation explain(GateContext context) {
    return explain(context, evaluateEach(context));
  }

  private static Explanation explain(GateContext context, Evaluated evaluated) {
    List<GateExplanation> rows = new ArrayList<>();
    List<String> declared = evaluated.rows().stream().map(GateExplanation::gate).toList();
    for (Gate rule : List.<Gate>of(Pinning.create(), Provenance.create())) {
      if (!declared.contains(rule.name())) {
        rows.add(row(context, rule, false));
      }
    }
    rows.addAll(evaluated.rows());
    return new Explanation(
        context.environment().name(),
        context.plan().id(),
        context.now(),
        rows,
        evaluated.verdict(),
        context.changeRequest().map(ChangeRequest::url));
  }

  // One trailer per gate: "<gate>: <STATUS> <reasons>".
  private static List<Trailer> gateTrailers(List<GateExplanation> rows) {
    List<Trailer> trailers = new ArrayList<>();
    for (GateExplanation row : rows) {
      String value =
          row.gate()
              + ": "
              + row.verdict().status()
              + " "
              + String.join("; ", row.verdict().reasons());
      trailers.add(
          new Trailer(CommitMessage.GATE, SafeText.escapeControls(value.replace('\n', ' '))));
    }
    return trailers;
  }

  // The promotion's own status on the change request's head, so that branch protection can require
  // it and a merge by hand cannot skip the gates: success when they all pass, pending while one
  // waits (or before they could be evaluated), failure with the reason. Our merge decision does
  // not depend on it, so a host that cannot take it (no permission) does not stop the promotion;
  // where protection requires the status, the host then refuses merges and says why. A status the
  // head already shows (same state, same text) is not posted again: a poll of an unchanged change
  // request then writes nothing, and its reads stay answerable from the host's ETags.
  private static void publishGates(
      ChangeRequestHost host, ChangeRequest cr, Optional<Verdict> verdict) {
    Check.State state;
    String description;
    if (verdict.isEmpty()) {
      state = Check.State.PENDING;
      description = "gates are evaluated when the promotion advances";
    } else if (verdict.get().passed()) {
      state = Check.State.SUCCESS;
      description = "every gate passes";
    } else {
      boolean failed = verdict.get().failed();
      state = failed ? Check.State.FAILURE : Check.State.PENDING;
      description =
          (failed ? "blocked: " : "waiting: ") + String.join("; ", verdict.get().reasons());
    }
    String line = statusLine(description);
    boolean shown =
        cr.checks().stream()
            .anyMatch(
                c ->
                    c.name().equals(ChangeRequestHost.GATES_STATUS)
                        && c.state() == state
                        && c.description().equals(Optional.of(line)));
    if (shown) {
      return;
    }
    try {
      host.publishStatus(cr.headRevision(), Check.of(ChangeRequestHost.GATES_STATUS, state), line);
    } catch (RemoteUnavailableException | NotPermittedException e) {
      // see above: the host's branch protection is the enforcement, not this call
    }
  }

  // A status description as every host stores it, so that it reads back equal: GitHub's limit of
  // 140 characters is the smallest of the hosts'.
  static String statusLine(String text) {
    return SafeText.oneLine(text, 140);
  }

  // The change request's body carries the gates' table; rewritten when the table changed.
  private ChangeRequest refreshBody(
      ChangeRequestHost host, PromotionPlan plan, ChangeRequest cr, Explanation explanation) {
    ChangeRequestSpec spec = spec(plan, Optional.of(explanation));
    if (normalized(cr.body()).equals(normalized(spec.body()))) {
      return cr;
    }
    return host.update(cr.id(), spec);
  }

  private static String normalized(String body) {
    return body.replace("\r\n", "\n").strip();
  }

  // ------------------------------------------------------------------ helpers

  private Environment environmentOf(String branch) {
    String name =
        Planner.environmentOfBranch(branch)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "'" + SafeText.escapeControls(branch) + "' is not a promotion branch"));
    return model.pipeline().environment(name);
  }

  private boolean isHead(ConfigRepository repository, PromotionPlan plan) {
    return repository
        .head(plan.environment().branch())
        .map(h -> h.equals(plan.baseRevision()))
        .orElse(false);
  }

  // the branch head is on (or after) the plan's base and holds the plan's files
  private static boolean holdsPlan(ConfigRepository repository, Revision head, PromotionPlan plan) {
    if (!repository.isAncestor(plan.baseRevision(), head)) {
      return false;
    }
    for (FileEdit e : plan.fileEdits()) {
      if (!repository.readFile(head, e.path()).map(e.content()::equals).orElse(false)) {
        return false;
      }
    }
    return true;
  }

  // An older promotion of any of the same applications into the same environment.
  private static boolean supersedes(PromotionPlan plan, ChangeRequest other) {
    String env = plan.environment().name();
    return plan.edits().stream()
        .anyMatch(e -> other.sourceBranch().startsWith(Planner.branchPrefix(env, e.application())));
  }

  private static void deleteQuietly(ConfigRepository repository, String branch, Revision head) {
    try {
      repository.deleteBranch(branch, head);
    } catch (PromotionConflictException moved) {
      // someone pushed to it since: it is theirs now, leave it
    }
  }

  // The gates' table for a change request's body; none when there are no gates, or when a port
  // the gates read cannot be asked now (the table is filled in on the next advance).
  private Optional<Explanation> bodyTable(PromotionPlan plan, Optional<ChangeRequest> cr) {
    if (plan.environment().gates().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(explain(gateContext(plan, cr)));
    } catch (RemoteUnavailableException unavailable) {
      return Optional.empty();
    }
  }

  private ChangeRequestSpec spec(PromotionPlan plan, Optional<Explanation> explanation) {
    String body =
        explanation.isEmpty()
            ? plan.changeRequestBody()
            : plan.changeRequestBody().stripTrailing() + "\n\n" + explanation.get().toMarkdown();
    return ChangeRequestSpec.builder()
        .sourceBranch(plan.changeRequestBranch())
        .targetBranch(plan.environment().branch())
        .title(plan.changeRequestTitle())
        .body(body)
        .addLabels("promotion", "env/" + plan.environment().name())
        .build();
  }

  private CommitRequest commitRequest(
      PromotionPlan plan, String branch, Optional<Revision> expectedHead, CommitMessage message) {
    return CommitRequest.builder()
        .branch(branch)
        .parent(plan.baseRevision())
        .expectedHead(expectedHead)
        .edits(plan.fileEdits())
        .message(message.render())
        .author(plan.request().actor())
        .time(clock.instant())
        .build();
  }

  private ChangeRequestHost requireHost(Environment env) {
    return ports
        .host(env.name())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "environment '"
                        + env.name()
                        + "' takes change requests, but no ChangeRequestHost is wired for it;"
                        + " wire one with Promoter.builder().changeRequestHost(...)"));
  }

  // false when the wait was interrupted: stop retrying
  private boolean pause(int attempt) {
    sleeper.sleep(retry.pause(attempt, random));
    return !Thread.currentThread().isInterrupted();
  }

  private PromotionConflictException lostRace(PromotionPlan plan, RuntimeException last) {
    if (last instanceof RemoteUnavailableException r) {
      throw r;
    }
    return new PromotionConflictException(
        "promotion "
            + plan.id()
            + " into '"
            + plan.environment().name()
            + "' lost the race to other writers "
            + retry.maxAttempts()
            + " times; nothing was overwritten. Last: "
            + (last == null ? "" : last.getMessage()),
        last);
  }

  private static PromotionResult.Builder result(PromotionPlan plan, Outcome outcome) {
    return PromotionResult.builder().plan(plan).outcome(outcome);
  }

  /** The access policy in force (for the promoter's own checks). */
  public AccessPolicy accessPolicy() {
    return model.accessPolicy();
  }
}
