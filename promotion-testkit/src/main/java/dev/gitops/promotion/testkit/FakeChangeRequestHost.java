package dev.gitops.promotion.testkit;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionException;
import dev.gitops.promotion.codeowners.ApprovalEvaluation;
import dev.gitops.promotion.codeowners.Approver;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Dialect;
import dev.gitops.promotion.codeowners.MembershipLookup;
import dev.gitops.promotion.codeowners.Owner;
import dev.gitops.promotion.codeowners.Problem;
import dev.gitops.promotion.codeowners.RequirementStatus;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A change-request host (pull or merge requests) in memory, on top of any {@link ConfigRepository}:
 * the in-memory one, or a real Git repository.
 *
 * <p>What it does:
 *
 * <ul>
 *   <li>open, find by branch, update, close and merge change requests; the head of a change request
 *       is always the current head of its source branch in the repository;
 *   <li>reviews with GitHub's semantics ({@link Review.State#APPROVED}, {@link
 *       Review.State#CHANGES_REQUESTED}, {@link Review.State#COMMENTED}, {@link
 *       Review.State#DISMISSED}); with {@link BranchProtection#dismissStaleReviews()} a new head
 *       dismisses earlier approvals;
 *   <li>commit statuses and check runs, per commit;
 *   <li>branch protection (required checks, approval count, code-owner review) enforced on merge;
 *       code owners are a GitHub-dialect {@link CodeOwners} file built from the rules given with
 *       {@link #codeOwners(String, String...)};
 *   <li>merge as a squash, through the {@link ConfigRepository} port only: one commit on the target
 *       branch with the files the source branch changed since its base, and the given message.
 * </ul>
 *
 * <p>Strict by default: a merge whose head moved, whose target changed the same files since the
 * branch base, or whose protection is not satisfied is refused with {@link
 * PromotionConflictException} and writes nothing; authors cannot approve their own change request;
 * what the fake cannot do (retargeting, merging file deletions) fails loudly. {@link
 * #assertNoOpenChangeRequests()} reports what is left open at the end of a test.
 *
 * <p>The author of a change request is the login of its source branch's head commit author (the
 * part of the email before {@code @}). Thread-safe. Passes {@link ChangeRequestHostContract}.
 */
public final class FakeChangeRequestHost implements ChangeRequestHost {

  /** Where change-request URLs point: a reserved, never-resolving domain. */
  public static final String URL_PREFIX = "https://change-requests.invalid/cr/";

  private int lookups;

  private static final class Entry {
    final String id;
    final String sourceBranch;
    final String targetBranch;
    final String author;
    final Instant createdAt;
    String title;
    String body;
    List<String> labels;
    ChangeRequest.State state = ChangeRequest.State.OPEN;
    final List<Review> reviews = new ArrayList<>();
    final List<String> comments = new ArrayList<>();
    Revision lastHead;
    Revision mergeRevision;
    Instant closedAt;
    // mergeability is a function of the two heads: remembered for the last pair asked about
    Revision mergeabilityHead;
    Revision mergeabilityTarget;
    ChangeRequest.Mergeability mergeability;

    Entry(String id, ChangeRequestSpec spec, String author, Instant createdAt, Revision head) {
      this.id = id;
      this.sourceBranch = spec.sourceBranch();
      this.targetBranch = spec.targetBranch();
      this.author = author;
      this.createdAt = createdAt;
      this.title = spec.title();
      this.body = spec.body();
      this.labels = List.copyOf(spec.labels());
      this.lastHead = head;
    }
  }

  private final ConfigRepository repository;
  private final Clock clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, BranchProtection> protections = new HashMap<>();
  private final Map<Revision, List<Check>> checksByCommit = new HashMap<>();
  private int published;
  private final List<String> codeOwnerLines = new ArrayList<>();
  private CodeOwners codeOwners = CodeOwners.none(Dialect.GITHUB);
  private final Map<String, Set<String>> teams = new HashMap<>();
  private int nextId = 1;
  private PromotionException nextFailure;

  private FakeChangeRequestHost(ConfigRepository repository, Clock clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A host over {@code repository}, with times from {@code clock}; no branch is protected. */
  public static FakeChangeRequestHost over(ConfigRepository repository, Clock clock) {
    return new FakeChangeRequestHost(repository, clock);
  }

  // ---------------------------------------------------------------- configuration

  /** Protects {@code branch}; merges into it must satisfy {@code protection}. */
  public synchronized FakeChangeRequestHost protect(String branch, BranchProtection protection) {
    protections.put(Objects.requireNonNull(branch, "branch"), protection);
    return this;
  }

  /**
   * Adds a CODEOWNERS rule: {@code owners} own the paths that {@code pattern} matches (for example
   * {@code /apps/&#42;/overlays/production/}), with GitHub's rules. Later rules win, as in a
   * CODEOWNERS file; a rule without owners leaves its paths unowned. An owner is a login (with or
   * without {@code @}), an {@code org/team} or an email. Used when the target branch's protection
   * requires a code-owner review. Team members are given with {@link #team}.
   *
   * @throws IllegalArgumentException for a pattern or owner GitHub would not read
   */
  public synchronized FakeChangeRequestHost codeOwners(String pattern, String... owners) {
    Objects.requireNonNull(pattern, "pattern");
    StringBuilder line = new StringBuilder(pattern);
    for (String owner : owners) {
      Objects.requireNonNull(owner, "owner");
      line.append(' ')
          .append(owner.startsWith("@") || owner.contains("@") ? "" : "@")
          .append(owner);
    }
    if (pattern.isBlank()
        || pattern.startsWith("#")
        || line.chars().filter(Character::isWhitespace).count() != owners.length) {
      throw new IllegalArgumentException("invalid code owners rule '" + line + "'");
    }
    List<String> lines = new ArrayList<>(codeOwnerLines);
    lines.add(line.toString());
    CodeOwners parsed =
        CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS (fake host)", String.join("\n", lines));
    if (!parsed.problems().isEmpty()) {
      Problem p = parsed.problems().get(0);
      throw new IllegalArgumentException("invalid code owners rule '" + line + "': " + p.message());
    }
    codeOwnerLines.add(line.toString());
    codeOwners = parsed;
    return this;
  }

  /**
   * Makes {@code members} (logins) the members of {@code team} (<code>&#64;org/team</code>, with or
   * without {@code @}), as {@link #membership()} reports them to CODEOWNERS and approval gates and
   * as this host counts code-owner approvals.
   */
  public synchronized FakeChangeRequestHost team(String team, String... members) {
    Objects.requireNonNull(team, "team");
    teams.put(team.startsWith("@") ? team : "@" + team, Set.of(members));
    return this;
  }

  /**
   * The code owners of {@code path}, from the rules given with {@link #codeOwners}: logins and
   * {@code org/team} names without {@code @}, and emails.
   */
  public synchronized Set<String> codeOwnersOf(String path) {
    return codeOwners.ownership(path).owners().stream()
        .map(Owner::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The CODEOWNERS file the rules given with {@link #codeOwners} make, in GitHub's dialect. */
  public synchronized CodeOwners codeOwnersFile() {
    return codeOwners;
  }

  /** Makes the next call of a {@link ChangeRequestHost} method throw {@code failure}. */
  public synchronized void failNextCall(PromotionException failure) {
    this.nextFailure = Objects.requireNonNull(failure, "failure");
  }

  // ---------------------------------------------------------------- people and CI

  /**
   * Submits a review by {@code reviewer} on the current head of change request {@code id}.
   *
   * @throws InvalidInputException for an unknown id, a review by the change request's own author
   *     that approves or requests changes, or the states {@code DISMISSED} (use {@link #dismiss})
   *     and {@code PENDING} (not submitted)
   * @throws PromotionConflictException when the change request is no longer open
   */
  public synchronized ChangeRequest review(String id, String reviewer, Review.State state) {
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(state, "state");
    Entry e = require(id);
    requireOpen(e, "takes no more reviews");
    if (state == Review.State.DISMISSED || state == Review.State.PENDING) {
      throw new InvalidInputException(
          "a review is submitted as APPROVED, CHANGES_REQUESTED or COMMENTED, not "
              + state
              + (state == Review.State.DISMISSED ? "; dismiss a review with dismiss()" : ""));
    }
    if (reviewer.equals(e.author) && state != Review.State.COMMENTED) {
      throw new InvalidInputException(
          reviewer + " authored change request #" + id + " and cannot " + verb(state) + " it");
    }
    refresh(e);
    e.reviews.add(new Review(reviewer, state, clock.instant(), Optional.of(e.lastHead)));
    return value(e);
  }

  /** {@code reviewer} approves change request {@code id}; see {@link #review}. */
  public ChangeRequest approve(String id, String reviewer) {
    return review(id, reviewer, Review.State.APPROVED);
  }

  /** {@code reviewer} requests changes on change request {@code id}; see {@link #review}. */
  public ChangeRequest requestChanges(String id, String reviewer) {
    return review(id, reviewer, Review.State.CHANGES_REQUESTED);
  }

  /**
   * Dismisses the standing review (approval or request for changes) of {@code reviewer}: it turns
   * {@link Review.State#DISMISSED} and no longer counts.
   *
   * @throws InvalidInputException when the reviewer has no standing review to dismiss
   */
  public synchronized ChangeRequest dismiss(String id, String reviewer) {
    Entry e = require(id);
    requireOpen(e, "takes no more reviews");
    for (int i = e.reviews.size() - 1; i >= 0; i--) {
      Review r = e.reviews.get(i);
      if (!r.author().equals(reviewer)) {
        continue;
      }
      if (r.state() == Review.State.APPROVED || r.state() == Review.State.CHANGES_REQUESTED) {
        e.reviews.set(
            i, new Review(r.author(), Review.State.DISMISSED, r.submittedAt(), r.commit()));
        return value(e);
      }
      if (r.state() == Review.State.DISMISSED) {
        break;
      }
    }
    throw new InvalidInputException(
        reviewer + " has no standing review on change request #" + id + " to dismiss");
  }

  /** Leaves a comment on change request {@code id}. */
  public synchronized void comment(String id, String text) {
    require(id).comments.add(Objects.requireNonNull(text, "text"));
  }

  /**
   * Reports a commit status (GitHub's statuses API, GitLab's commit statuses) on {@code commit}.
   * The latest report of a name wins.
   */
  public synchronized void reportStatus(Revision commit, String name, Check.State state) {
    report(commit, Check.of(name, state));
  }

  /**
   * Takes the promotion's own status as a commit status on {@code commit}, as GitHub and GitLab do;
   * {@link #statusDescription} reads its description back.
   */
  @Override
  public synchronized void publishStatus(Revision commit, Check status, String description) {
    report(
        commit,
        new Check(
            status.name(), status.state(), status.detailsUrl(), Optional.ofNullable(description)));
    published++;
  }

  /** How many statuses {@link #publishStatus} was asked to publish, unchanged ones included. */
  public synchronized int publishedStatuses() {
    return published;
  }

  /** The description last published with status {@code name} on {@code commit}. */
  public synchronized Optional<String> statusDescription(Revision commit, String name) {
    return checksByCommit.getOrDefault(commit, List.of()).stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .flatMap(Check::description);
  }

  /** Reports a check run (GitHub's checks API) on {@code commit}; the latest of a name wins. */
  public synchronized void reportCheckRun(
      Revision commit, String name, Check.State state, String detailsUrl) {
    report(commit, new Check(name, state, Optional.of(detailsUrl)));
  }

  /** Reports a status named {@code name} on the current head of change request {@code id}. */
  public synchronized ChangeRequest reportCheck(String id, String name, Check.State state) {
    Entry e = require(id);
    refresh(e);
    report(e.lastHead, Check.of(name, state));
    return value(e);
  }

  // ---------------------------------------------------------------- inspection

  /** The open change request whose source branch is {@code sourceBranch}, if any. */
  public synchronized Optional<ChangeRequest> findOpen(String sourceBranch) {
    return entries.values().stream()
        .filter(e -> e.state == ChangeRequest.State.OPEN && e.sourceBranch.equals(sourceBranch))
        .findFirst()
        .map(this::value);
  }

  /** Every change request, open or not, oldest first. */
  public synchronized List<ChangeRequest> all() {
    return entries.values().stream().map(this::value).toList();
  }

  /** Every open change request, into any branch, oldest first. */
  public synchronized List<ChangeRequest> open() {
    return entries.values().stream()
        .filter(e -> e.state == ChangeRequest.State.OPEN)
        .map(this::value)
        .toList();
  }

  /** The comments left on change request {@code id} (closing comments included), oldest first. */
  public synchronized List<String> comments(String id) {
    return List.copyOf(require(id).comments);
  }

  /**
   * Why change request {@code id} cannot be merged now (protection, conflicts), or empty when it
   * can.
   */
  public synchronized List<String> mergeBlockers(String id) {
    Entry e = require(id);
    if (e.state != ChangeRequest.State.OPEN) {
      return List.of("change request #" + id + " is " + e.state);
    }
    refresh(e);
    List<String> blockers = new ArrayList<>(protectionBlockers(e, value(e)));
    try {
      squash(e);
    } catch (PromotionException ex) {
      blockers.add(ex.getMessage());
    }
    return blockers;
  }

  /**
   * Fails when a change request is still open, naming each one.
   *
   * @throws AssertionError listing the open change requests
   */
  public synchronized void assertNoOpenChangeRequests() {
    List<ChangeRequest> open = open();
    if (!open.isEmpty()) {
      StringBuilder sb = new StringBuilder(open.size() + " change request(s) still open:");
      for (ChangeRequest cr : open) {
        sb.append("\n  #")
            .append(cr.id())
            .append(' ')
            .append(cr.sourceBranch())
            .append(" -> ")
            .append(cr.targetBranch())
            .append(": ")
            .append(cr.title());
      }
      throw new AssertionError(sb.toString());
    }
  }

  // ---------------------------------------------------------------- the port

  @Override
  public synchronized ChangeRequest open(ChangeRequestSpec spec) {
    failIfScripted();
    Objects.requireNonNull(spec, "spec");
    if (spec.sourceBranch().equals(spec.targetBranch())) {
      throw new InvalidInputException(
          "a change request needs two different branches, got '" + spec.sourceBranch() + "' twice");
    }
    Revision head =
        repository
            .head(spec.sourceBranch())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "source branch '" + spec.sourceBranch() + "' does not exist"));
    if (repository.head(spec.targetBranch()).isEmpty()) {
      throw new InvalidInputException("target branch '" + spec.targetBranch() + "' does not exist");
    }
    for (Entry e : entries.values()) {
      if (e.state == ChangeRequest.State.OPEN && e.sourceBranch.equals(spec.sourceBranch())) {
        throw new PromotionConflictException(
            "change request #"
                + e.id
                + " is already open for branch '"
                + spec.sourceBranch()
                + "'; update it instead of opening another");
      }
    }
    String id = String.valueOf(nextId++);
    Entry e = new Entry(id, spec, login(repository.commitInfo(head)), clock.instant(), head);
    entries.put(id, e);
    return value(e);
  }

  @Override
  public synchronized List<ChangeRequest> listOpen(String targetBranch) {
    failIfScripted();
    List<ChangeRequest> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.state == ChangeRequest.State.OPEN && e.targetBranch.equals(targetBranch)) {
        refresh(e);
        out.add(value(e));
      }
    }
    return out;
  }

  /** How many times {@link #get} was called: tests count the host round trips a caller costs. */
  public synchronized int lookups() {
    return lookups;
  }

  @Override
  public synchronized ChangeRequest get(String id) {
    lookups++;
    failIfScripted();
    Entry e = require(id);
    refresh(e);
    return value(e);
  }

  @Override
  public synchronized ChangeRequest update(String id, ChangeRequestSpec spec) {
    failIfScripted();
    Entry e = require(id);
    requireOpen(e, "cannot be updated");
    if (!spec.sourceBranch().equals(e.sourceBranch)
        || !spec.targetBranch().equals(e.targetBranch)) {
      throw new InvalidInputException(
          "the fake host does not move change request #"
              + id
              + " from "
              + e.sourceBranch
              + " -> "
              + e.targetBranch
              + " to "
              + spec.sourceBranch()
              + " -> "
              + spec.targetBranch()
              + "; open a new one");
    }
    e.title = spec.title();
    e.body = spec.body();
    e.labels = List.copyOf(spec.labels());
    refresh(e);
    return value(e);
  }

  @Override
  public synchronized ChangeRequest close(String id, String comment) {
    failIfScripted();
    Entry e = require(id);
    requireOpen(e, "cannot be closed");
    refresh(e);
    e.comments.add(Objects.requireNonNull(comment, "comment"));
    e.state = ChangeRequest.State.CLOSED;
    e.closedAt = clock.instant();
    return value(e);
  }

  @Override
  public synchronized ChangeRequest merge(String id, Revision expectedHead, String commitMessage) {
    failIfScripted();
    Objects.requireNonNull(expectedHead, "expectedHead");
    Objects.requireNonNull(commitMessage, "commitMessage");
    Entry e = require(id);
    requireOpen(e, "cannot be merged");
    refresh(e);
    if (!e.lastHead.equals(expectedHead)) {
      throw new PromotionConflictException(
          "change request #"
              + id
              + " moved: its head is "
              + e.lastHead.abbreviated()
              + ", expected "
              + expectedHead.abbreviated()
              + "; nothing was merged");
    }
    List<String> blockers = protectionBlockers(e, value(e));
    if (!blockers.isEmpty()) {
      throw new PromotionConflictException(
          "branch '"
              + e.targetBranch
              + "' is protected; change request #"
              + id
              + " cannot be merged: "
              + String.join("; ", blockers));
    }
    Squash squash = squash(e);
    CommitInfo source = repository.commitInfo(e.lastHead);
    Revision merged =
        repository.commit(
            CommitRequest.builder()
                .branch(e.targetBranch)
                .parent(squash.targetHead())
                .expectedHead(squash.targetHead())
                .edits(squash.edits())
                .message(commitMessage)
                .author(Actor.human(source.authorName(), source.authorEmail()))
                .time(clock.instant())
                .build());
    e.state = ChangeRequest.State.MERGED;
    e.mergeRevision = merged;
    e.closedAt = clock.instant();
    return value(e);
  }

  @Override
  public synchronized BranchProtection protection(String branch) {
    failIfScripted();
    return protections.getOrDefault(branch, BranchProtection.NONE);
  }

  /** The rules given with {@link #codeOwners}, for every branch; empty when there are none. */
  @Override
  public synchronized Optional<CodeOwners> codeOwnersFor(String branch) {
    failIfScripted();
    return codeOwners.isEmpty() ? Optional.empty() : Optional.of(codeOwners);
  }

  /** The teams given with {@link #team}. */
  @Override
  public synchronized MembershipLookup membership() {
    return MembershipLookup.of(Map.copyOf(teams));
  }

  @Override
  public synchronized String toString() {
    return "FakeChangeRequestHost["
        + entries.size()
        + " change requests, "
        + open().size()
        + " open]";
  }

  // ---------------------------------------------------------------- internals

  private record Squash(Revision targetHead, List<FileEdit> edits) {}

  // What a squash would do: the edits, or the paths that conflict with the target's changes.
  private record SquashPlan(
      Revision base, Revision targetHead, List<FileEdit> edits, List<String> conflicts) {}

  // The source's changes since its base, checked against what the target changed meanwhile.
  private Squash squash(Entry e) {
    SquashPlan plan = squashPlan(e);
    if (plan.conflicts().isEmpty() && plan.edits().isEmpty()) {
      throw new PromotionConflictException(
          "the changes of change request #"
              + e.id
              + " are already on '"
              + e.targetBranch
              + "'; there is nothing to merge");
    }
    if (!plan.conflicts().isEmpty()) {
      throw new PromotionConflictException(
          "change request #"
              + e.id
              + " conflicts with '"
              + e.targetBranch
              + "', which changed "
              + plan.conflicts()
              + " since "
              + plan.base().abbreviated()
              + "; re-plan on the new head");
    }
    return new Squash(plan.targetHead(), plan.edits());
  }

  private SquashPlan squashPlan(Entry e) {
    Revision targetHead =
        repository
            .head(e.targetBranch)
            .orElseThrow(
                () ->
                    new PromotionConflictException(
                        "target branch '" + e.targetBranch + "' no longer exists"));
    Revision base = mergeBase(e.lastHead, targetHead);
    List<String> changed = repository.changedPaths(base, e.lastHead);
    if (changed.isEmpty()) {
      throw new PromotionConflictException(
          "change request #"
              + e.id
              + " has no changes against '"
              + e.targetBranch
              + "'; there is nothing to merge");
    }
    Set<String> targetChanged =
        base.equals(targetHead)
            ? Set.of()
            : new TreeSet<>(repository.changedPaths(base, targetHead));
    List<FileEdit> edits = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (String path : changed) {
      String content =
          repository
              .readFile(e.lastHead, path)
              .orElseThrow(
                  () ->
                      new UnsupportedOperationException(
                          "change request #"
                              + e.id
                              + " deletes "
                              + path
                              + "; the fake host merges through the ConfigRepository port,"
                              + " which writes files and cannot delete them"));
      if (targetChanged.contains(path)) {
        Optional<String> onTarget = repository.readFile(targetHead, path);
        if (onTarget.isPresent() && onTarget.get().equals(content)) {
          continue; // the same change landed already
        }
        conflicts.add(path);
        continue;
      }
      edits.add(new FileEdit(path, content));
    }
    return new SquashPlan(base, targetHead, edits, conflicts);
  }

  // As GitHub computes it for open change requests: would a squash conflict with the target now?
  private ChangeRequest.Mergeability mergeability(Entry e) {
    if (e.state != ChangeRequest.State.OPEN) {
      return ChangeRequest.Mergeability.UNKNOWN;
    }
    Optional<Revision> target = repository.head(e.targetBranch);
    if (target.isPresent()
        && e.lastHead.equals(e.mergeabilityHead)
        && target.get().equals(e.mergeabilityTarget)) {
      return e.mergeability;
    }
    ChangeRequest.Mergeability m;
    try {
      m =
          squashPlan(e).conflicts().isEmpty()
              ? ChangeRequest.Mergeability.MERGEABLE
              : ChangeRequest.Mergeability.CONFLICTING;
    } catch (PromotionConflictException | UnsupportedOperationException unknown) {
      m = ChangeRequest.Mergeability.UNKNOWN; // nothing to merge, or a target that is gone
    }
    if (target.isPresent()) {
      e.mergeabilityHead = e.lastHead;
      e.mergeabilityTarget = target.get();
      e.mergeability = m;
    }
    return m;
  }

  // The newest first-parent ancestor of the source head that the target also contains.
  private Revision mergeBase(Revision sourceHead, Revision targetHead) {
    Revision c = sourceHead;
    while (true) {
      if (repository.isAncestor(c, targetHead)) {
        return c;
      }
      List<Revision> parents = repository.commitInfo(c).parents();
      if (parents.isEmpty()) {
        throw new PromotionConflictException(
            "branch at "
                + sourceHead.abbreviated()
                + " shares no history with "
                + targetHead.abbreviated());
      }
      c = parents.get(0);
    }
  }

  private List<String> protectionBlockers(Entry e, ChangeRequest cr) {
    BranchProtection p = protections.getOrDefault(e.targetBranch, BranchProtection.NONE);
    List<String> blockers = new ArrayList<>();
    for (String name : p.requiredChecks()) {
      Optional<Check> check = cr.check(name);
      if (check.isEmpty()) {
        blockers.add(
            "required check '" + name + "' has not reported on " + e.lastHead.abbreviated());
      } else if (!check.get().isSatisfied()) {
        blockers.add("required check '" + name + "' is " + check.get().state());
      }
    }
    List<String> changesRequested = cr.changesRequestedBy();
    if (!changesRequested.isEmpty()) {
      blockers.add("changes requested by " + String.join(", ", changesRequested));
    }
    List<String> approvers = new ArrayList<>(cr.approvers(p.dismissStaleReviews()));
    approvers.remove(e.author);
    if (approvers.size() < p.requiredApprovals()) {
      blockers.add(
          p.requiredApprovals()
              + " approval(s) required, "
              + approvers.size()
              + (approvers.isEmpty() ? "" : " given (" + String.join(", ", approvers) + ")"));
    }
    if (p.requireCodeOwnerReview() && !codeOwners.isEmpty()) {
      Revision targetHead = repository.head(e.targetBranch).orElse(e.lastHead);
      Revision base = mergeBase(e.lastHead, targetHead);
      ApprovalEvaluation review =
          codeOwners.evaluate(
              repository.changedPaths(base, e.lastHead),
              approvers.stream().map(Approver::of).toList(),
              MembershipLookup.of(teams));
      for (RequirementStatus missing : review.blocking()) {
        List<String> paths = missing.requirement().paths();
        Set<String> owners = new TreeSet<>();
        missing.requirement().owners().forEach(o -> owners.add(o.name()));
        blockers.add(
            "a code owner of "
                + paths.get(0)
                + (paths.size() > 1 ? " (and " + (paths.size() - 1) + " more)" : "")
                + " must approve (one of "
                + String.join(", ", owners)
                + ")");
      }
    }
    return blockers;
  }

  private void report(Revision commit, Check check) {
    Objects.requireNonNull(commit, "commit");
    repository.commitInfo(commit); // strict: the commit must exist
    List<Check> checks = checksByCommit.computeIfAbsent(commit, k -> new ArrayList<>());
    checks.removeIf(c -> c.name().equals(check.name()));
    checks.add(check);
  }

  // Follows the source branch; a new head dismisses stale approvals when the target asks for it.
  private void refresh(Entry e) {
    if (e.state != ChangeRequest.State.OPEN) {
      return;
    }
    Optional<Revision> head = repository.head(e.sourceBranch);
    if (head.isEmpty() || head.get().equals(e.lastHead)) {
      return;
    }
    e.lastHead = head.get();
    if (protections.getOrDefault(e.targetBranch, BranchProtection.NONE).dismissStaleReviews()) {
      for (int i = 0; i < e.reviews.size(); i++) {
        Review r = e.reviews.get(i);
        if (r.state() == Review.State.APPROVED
            && r.commit().map(c -> !c.equals(e.lastHead)).orElse(true)) {
          e.reviews.set(
              i, new Review(r.author(), Review.State.DISMISSED, r.submittedAt(), r.commit()));
        }
      }
    }
  }

  private ChangeRequest value(Entry e) {
    ChangeRequest.Builder b =
        ChangeRequest.builder()
            .id(e.id)
            .url(URL_PREFIX + e.id)
            .sourceBranch(e.sourceBranch)
            .targetBranch(e.targetBranch)
            .title(e.title)
            .body(e.body)
            .state(e.state)
            .headRevision(e.lastHead)
            .author(e.author)
            .createdAt(e.createdAt)
            .reviews(e.reviews)
            .checks(checksByCommit.getOrDefault(e.lastHead, List.of()))
            .labels(e.labels)
            .mergeability(mergeability(e));
    if (e.mergeRevision != null) {
      b.mergeRevision(e.mergeRevision);
    }
    if (e.closedAt != null) {
      b.closedAt(e.closedAt);
    }
    return b.build();
  }

  private Entry require(String id) {
    Entry e = entries.get(Objects.requireNonNull(id, "id"));
    if (e == null) {
      throw new InvalidInputException(
          "no change request #" + id + " on the fake host; it has " + entries.keySet());
    }
    return e;
  }

  private static void requireOpen(Entry e, String what) {
    if (e.state != ChangeRequest.State.OPEN) {
      throw new PromotionConflictException(
          "change request #" + e.id + " is " + e.state + " and " + what);
    }
  }

  private void failIfScripted() {
    if (nextFailure != null) {
      PromotionException f = nextFailure;
      nextFailure = null;
      throw f;
    }
  }

  private static String login(CommitInfo commit) {
    String email = commit.authorEmail();
    int at = email.indexOf('@');
    return at > 0 ? email.substring(0, at) : commit.authorName();
  }

  private static String verb(Review.State state) {
    return state == Review.State.APPROVED ? "approve" : "request changes on";
  }
}
