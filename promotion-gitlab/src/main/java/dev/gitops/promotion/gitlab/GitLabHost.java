package dev.gitops.promotion.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Dialect;
import dev.gitops.promotion.codeowners.MembershipLookup;
import dev.gitops.promotion.gitlab.internal.Nodes;
import dev.gitops.promotion.gitlab.internal.TokenCredentials;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.HttpEventListener;
import dev.gitops.promotion.http.HttpRequest;
import dev.gitops.promotion.http.HttpResponse;
import dev.gitops.promotion.http.HttpRetryPolicy;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.HostIdentity;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.Revision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merge requests on GitLab (GitLab.com and self-managed, REST v4) as a {@link ChangeRequestHost},
 * over promotion-http's {@link RestClient} (retries, {@code RateLimit-*} and {@code Retry-After}
 * waits, {@code Link} and {@code x-next-page} pagination, ETags, redirects that never carry the
 * token elsewhere).
 *
 * <pre>{@code
 * GitLabHost gitlab = GitLabHost.builder()
 *     .apiUrl("https://gitlab.example/api/v4")
 *     .project("platform/deploy/config")           // or the numeric id, "4242"
 *     .token(() -> Optional.ofNullable(System.getenv("GITLAB_TOKEN")), "GITLAB_TOKEN")
 *     .clock(clock)
 *     .build();
 * }</pre>
 *
 * <p>What it does, in GitLab's terms: opens merge requests (a {@code 409} "Another open merge
 * request already exists" after a request whose outcome was unknown reuses the one the lost
 * response created; otherwise it is a {@link PromotionConflictException} naming {@code !N}, and the
 * promoter finds and updates that one), with labels, reviewers ({@code reviewer_ids}), draft (a
 * {@code Draft:} title) and {@code remove_source_branch}; reads approvals, {@code approval_state},
 * the head pipeline and commit statuses of the head commit; merges with the {@code sha} guard;
 * reads protected branches, approval rules and external status checks; publishes the promotion's
 * own commit status; finds CODEOWNERS where GitLab does. Features of paid tiers that the server
 * lacks (403 or 404) fall back as {@link MergeRequestEvidence} describes, and are not asked again.
 *
 * <p>Thread-safe. Its {@code toString} names the API URL and project, never the token.
 */
public final class GitLabHost implements ChangeRequestHost {

  /** The name of the check that stands for the merge request's head pipeline. */
  public static final String PIPELINE_CHECK = "pipeline";

  /** Where GitLab looks for CODEOWNERS, in its order. */
  static final List<String> CODEOWNERS_LOCATIONS =
      List.of("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS");

  private static final Pattern EXISTING = Pattern.compile("!(\\d+)");
  private static final String DRAFT = "Draft: ";
  private static final int PAGE = 100;
  private static final int MAX_PAGES = 20;

  private final RestClient rest;
  private final String project;
  private final boolean removeSourceBranch;
  private final boolean squash;
  private final boolean autoMerge;
  private final Set<String> unavailable = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> userIds = new ConcurrentHashMap<>();
  private final Map<String, Remembered> protections = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration protectionTtl;

  private final Map<String, RememberedOwners> codeOwners = new ConcurrentHashMap<>();

  private record Remembered(BranchProtection protection, Instant at) {}

  private record RememberedOwners(Optional<CodeOwners> owners, Instant at) {}

  private GitLabHost(Builder b) {
    if (b.apiUrl == null) {
      throw new InvalidInputException(
          "a GitLab host needs its API URL (https://gitlab.example/api/v4)");
    }
    if (b.project == null || b.project.isBlank()) {
      throw new InvalidInputException(
          "a GitLab host needs its project: a numeric id or a path like group/sub/project");
    }
    if (b.clock == null) {
      throw new InvalidInputException("a GitLab host needs a clock");
    }
    this.project = b.project.strip();
    if (this.project.startsWith("/")
        || this.project.endsWith("/")
        || this.project.contains("//")
        || SafeText.hasControls(this.project)) {
      throw new InvalidInputException(
          "GitLab project '"
              + SafeText.escapeControls(this.project)
              + "' is neither a numeric id nor a path like group/sub/project");
    }
    RestClient.Builder rb =
        (b.client != null ? b.client.newBuilder() : RestClient.builder())
            .baseUrl(b.apiUrl)
            .clock(b.clock)
            .sleeper(b.sleeper)
            .credentials(b.credentials)
            .conditionalRequests(true)
            .userAgent(b.userAgent);
    if (b.retryPolicy != null) {
      rb.retryPolicy(b.retryPolicy);
    }
    if (b.listener != null) {
      rb.listener(b.listener);
    }
    if (b.trustedPem != null) {
      rb.trustedCertificatesPem(b.trustedPem);
    }
    this.rest = rb.build();
    this.removeSourceBranch = b.removeSourceBranch;
    this.squash = b.squash;
    this.autoMerge = b.autoMerge;
    this.clock = b.clock;
    this.protectionTtl = b.protectionTtl;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------------------------ requests

  private HttpRequest.Builder project(HttpRequest.Builder b, String... more) {
    b.segments("projects", project);
    return b.segments(more);
  }

  private HttpRequest.Builder mr(HttpRequest.Builder b, String iid, String... more) {
    project(b, "merge_requests", iid);
    return b.segments(more);
  }

  private static String iid(String id) {
    if (id == null || !id.matches("\\d{1,18}")) {
      throw new InvalidInputException(
          "'"
              + SafeText.escapeControls(String.valueOf(id))
              + "' is not a GitLab merge request iid (a number such as 42)");
    }
    return id;
  }

  // ---------------------------------------------------------------------------------- open, list

  @Override
  public ChangeRequest open(ChangeRequestSpec spec) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_branch", spec.sourceBranch());
    body.put("target_branch", spec.targetBranch());
    body.put("title", spec.draft() ? DRAFT + spec.title() : spec.title());
    body.put("description", spec.body());
    body.put("labels", String.join(",", spec.labels()));
    body.put("remove_source_branch", removeSourceBranch);
    body.put("squash", squash);
    List<Long> reviewers = reviewerIds(spec.reviewers());
    if (!reviewers.isEmpty()) {
      body.put("reviewer_ids", reviewers);
    }
    boolean[] unknownOutcome = {false};
    Supplier<Optional<JsonNode>> lookup =
        () -> {
          unknownOutcome[0] = true;
          return findOpenNode(spec.sourceBranch(), spec.targetBranch());
        };
    try {
      JsonNode mr =
          rest.create(
              project(HttpRequest.post(), "merge_requests").jsonBody(body).build(),
              JsonNode.class,
              lookup);
      return toChangeRequest(mr, List.of(), List.of());
    } catch (RemoteUnavailableException e) {
      int status = e.httpStatus().orElse(-1);
      if (status == 409) {
        if (unknownOutcome[0]) {
          Optional<JsonNode> own = findOpenNode(spec.sourceBranch(), spec.targetBranch());
          if (own.isPresent()) {
            return toChangeRequest(own.get(), List.of(), List.of());
          }
        }
        Matcher m = EXISTING.matcher(String.valueOf(e.getMessage()));
        throw new PromotionConflictException(
            "GitLab already has an open merge request"
                + (m.find() ? " (!" + m.group(1) + ")" : "")
                + " for source branch '"
                + spec.sourceBranch()
                + "'; update it instead of opening another",
            e);
      }
      if (status == 400 || status == 404 || status == 422) {
        if (!branchExists(spec.sourceBranch())) {
          throw new InvalidInputException(
              "GitLab project "
                  + project
                  + " has no branch '"
                  + spec.sourceBranch()
                  + "' to open a merge request from");
        }
        if (!branchExists(spec.targetBranch())) {
          throw new InvalidInputException(
              "GitLab project " + project + " has no branch '" + spec.targetBranch() + "'");
        }
        throw new InvalidInputException(
            "GitLab refused to open the merge request: " + e.getMessage(), null, e);
      }
      throw e;
    }
  }

  private boolean branchExists(String branch) {
    return rest.execute(
                project(HttpRequest.get(), "repository", "branches", branch)
                    .acceptStatus(404)
                    .build())
            .status()
        != 404;
  }

  private List<Long> reviewerIds(List<String> usernames) {
    List<Long> ids = new ArrayList<>();
    for (String name : usernames) {
      String login = name.startsWith("@") ? name.substring(1) : name;
      Long id = userIds.get(login);
      if (id == null) {
        List<JsonNode> found =
            rest.fetchList(
                HttpRequest.get().segments("users").query("username", login).build(),
                JsonNode.class);
        if (found.isEmpty()) {
          throw new InvalidInputException(
              "GitLab has no user '" + SafeText.escapeControls(login) + "' to ask for a review");
        }
        id = Nodes.number(found.get(0), "id", -1);
        userIds.put(login, id);
      }
      ids.add(id);
    }
    return ids;
  }

  @Override
  public List<ChangeRequest> listOpen(String targetBranch) {
    List<JsonNode> list =
        rest.fetchAll(
            project(HttpRequest.get(), "merge_requests")
                .query("state", "opened")
                .query("target_branch", targetBranch)
                .query("order_by", "created_at")
                .query("sort", "asc")
                .query("per_page", PAGE)
                .build(),
            JsonNode.class,
            MAX_PAGES);
    List<ChangeRequest> out = new ArrayList<>();
    for (JsonNode mr : list) {
      out.add(toChangeRequest(mr, List.of(), List.of()));
    }
    out.sort(Comparator.comparing(ChangeRequest::createdAt));
    return out;
  }

  @Override
  public Optional<ChangeRequest> findOpen(String sourceBranch, String targetBranch) {
    return findOpenNode(sourceBranch, targetBranch)
        .map(mr -> toChangeRequest(mr, List.of(), List.of()));
  }

  private Optional<JsonNode> findOpenNode(String sourceBranch, String targetBranch) {
    List<JsonNode> list =
        rest.fetchList(
            project(HttpRequest.get(), "merge_requests")
                .query("state", "opened")
                .query("source_branch", sourceBranch)
                .query("target_branch", targetBranch)
                .build(),
            JsonNode.class);
    return list.stream()
        .filter(mr -> Nodes.textOr(mr, "source_branch", "").equals(sourceBranch))
        .findFirst();
  }

  // ------------------------------------------------------------------------------------- reading

  @Override
  public ChangeRequest get(String id) {
    JsonNode mr = readMergeRequest(id);
    return toChangeRequest(mr, reviews(mr), checks(mr));
  }

  private JsonNode readMergeRequest(String id) {
    return rest.find(mr(HttpRequest.get(), iid(id)).build(), JsonNode.class)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "GitLab project " + project + " has no merge request !" + id));
  }

  /**
   * GitLab's own readiness evidence for merge request {@code id}: {@code detailed_merge_status},
   * head pipeline, approvals and per-rule approval state, with the fallback of tiers that lack the
   * approvals API. Three requests (one once the server is known to lack the approvals API).
   *
   * @throws InvalidInputException when there is no such merge request
   */
  public MergeRequestEvidence evidence(String id) {
    JsonNode mr = readMergeRequest(id);
    Optional<MergeRequestEvidence.Approvals> approvals = Optional.empty();
    List<MergeRequestEvidence.ApprovalRule> rules = List.of();
    Optional<String> fallback = Optional.empty();
    Optional<JsonNode> a = optionalFeature("approvals", mr(HttpRequest.get(), id, "approvals"));
    if (a.isEmpty()) {
      fallback =
          Optional.of(
              "this GitLab server or tier has no merge request approvals API (403/404);"
                  + " approval is read from detailed_merge_status");
    } else {
      approvals =
          Optional.of(
              new MergeRequestEvidence.Approvals(
                  (int) Nodes.number(a.get(), "approvals_required", 0),
                  (int) Nodes.number(a.get(), "approvals_left", 0),
                  Nodes.array(a.get(), "approved_by").stream()
                      .map(u -> Nodes.textOr(u.get("user"), "username", "?"))
                      .toList()));
      Optional<JsonNode> state =
          optionalFeature("approval_state", mr(HttpRequest.get(), id, "approval_state"));
      if (state.isEmpty()) {
        fallback =
            Optional.of(
                "this GitLab server or tier has no approval_state API (403/404);"
                    + " per-rule and code-owner approvals are not known");
      } else {
        List<MergeRequestEvidence.ApprovalRule> r = new ArrayList<>();
        for (JsonNode rule : Nodes.array(state.get(), "rules")) {
          r.add(
              new MergeRequestEvidence.ApprovalRule(
                  Nodes.textOr(rule, "name", ""),
                  Nodes.textOr(rule, "rule_type", "regular"),
                  Nodes.text(rule, "section"),
                  Nodes.bool(rule, "code_owner")
                      || Nodes.textOr(rule, "rule_type", "").equals("code_owner"),
                  (int) Nodes.number(rule, "approvals_required", 0),
                  Nodes.array(rule, "approved_by").stream()
                      .map(u -> Nodes.textOr(u, "username", "?"))
                      .toList(),
                  Nodes.bool(rule, "approved")));
        }
        rules = r;
      }
    }
    String sha = Nodes.textOr(mr, "sha", "");
    return new MergeRequestEvidence(
        id,
        sha,
        Nodes.textOr(mr, "detailed_merge_status", "unchecked"),
        headPipeline(mr),
        approvals,
        rules,
        fallback);
  }

  /** A GET of a feature paid tiers have: empty on 403/404, remembered so it is not asked again. */
  private Optional<JsonNode> optionalFeature(String feature, HttpRequest.Builder request) {
    if (unavailable.contains(feature)) {
      return Optional.empty();
    }
    HttpResponse r = rest.execute(request.acceptStatus(403, 404).build());
    if (r.status() == 403 || r.status() == 404) {
      unavailable.add(feature);
      return Optional.empty();
    }
    return Optional.of(r.json(JsonNode.class));
  }

  private List<Review> reviews(JsonNode mr) {
    Instant at =
        Nodes.instant(mr, "updated_at")
            .or(() -> Nodes.instant(mr, "created_at"))
            .orElse(Instant.EPOCH);
    String iid = Nodes.textOr(mr, "iid", "0");
    List<Review> out = new ArrayList<>();
    Set<String> approvedByReviewerState = new LinkedHashSet<>();
    if (!Nodes.array(mr, "reviewers").isEmpty()) {
      List<JsonNode> reviewers =
          rest.fetchList(mr(HttpRequest.get(), iid, "reviewers").build(), JsonNode.class);
      for (JsonNode r : reviewers) {
        String who = Nodes.textOr(r.get("user"), "username", "");
        Instant when = Nodes.instant(r, "created_at").orElse(at);
        switch (Nodes.textOr(r, "state", "unreviewed")) {
          case "requested_changes" ->
              out.add(new Review(who, Review.State.CHANGES_REQUESTED, when, Optional.empty()));
          case "reviewed" ->
              out.add(new Review(who, Review.State.COMMENTED, when, Optional.empty()));
          case "approved" -> approvedByReviewerState.add(who);
          default -> {}
        }
      }
    }
    Optional<JsonNode> approvals =
        optionalFeature("approvals", mr(HttpRequest.get(), iid, "approvals"));
    Set<String> approvers = new LinkedHashSet<>();
    if (approvals.isPresent()) {
      for (JsonNode a : Nodes.array(approvals.get(), "approved_by")) {
        Nodes.text(a.get("user"), "username").ifPresent(approvers::add);
      }
    } else {
      approvers.addAll(approvedByReviewerState);
    }
    for (String who : approvers) {
      out.add(new Review(who, Review.State.APPROVED, at, Optional.empty()));
    }
    return out;
  }

  private List<Check> checks(JsonNode mr) {
    String sha = Nodes.textOr(mr, "sha", "");
    List<Check> out = new ArrayList<>();
    if (!sha.isEmpty()) {
      List<JsonNode> statuses =
          rest.fetchAll(
              project(HttpRequest.get(), "repository", "commits", sha, "statuses")
                  .query("per_page", PAGE)
                  .build(),
              JsonNode.class,
              MAX_PAGES);
      List<JsonNode> sorted = new ArrayList<>(statuses);
      sorted.sort(Comparator.comparingLong(s -> Nodes.number(s, "id", 0)));
      for (JsonNode s : sorted) {
        Check.State state =
            checkState(Nodes.textOr(s, "status", "pending"), Nodes.bool(s, "allow_failure"));
        out.add(
            new Check(
                Nodes.textOr(s, "name", "default"),
                state,
                Nodes.text(s, "target_url"),
                Nodes.text(s, "description")));
      }
    }
    headPipeline(mr).ifPresent(out::add);
    return out;
  }

  private static Optional<Check> headPipeline(JsonNode mr) {
    String sha = Nodes.textOr(mr, "sha", "");
    return Nodes.object(mr, "head_pipeline")
        .filter(p -> Nodes.textOr(p, "sha", "").equals(sha))
        .map(
            p ->
                new Check(
                    PIPELINE_CHECK,
                    checkState(Nodes.textOr(p, "status", "pending"), false),
                    Nodes.text(p, "web_url")));
  }

  /** GitLab's pipeline and commit-status states as check states. */
  static Check.State checkState(String status, boolean allowFailure) {
    return switch (status) {
      case "success" -> Check.State.SUCCESS;
      case "failed" -> allowFailure ? Check.State.NEUTRAL : Check.State.FAILURE;
      case "canceled", "canceling" -> Check.State.FAILURE;
      case "skipped" -> Check.State.SKIPPED;
      default -> Check.State.PENDING; // created, waiting_for_resource, preparing, pending,
        // running, manual, scheduled
    };
  }

  private ChangeRequest toChangeRequest(JsonNode mr, List<Review> reviews, List<Check> checks) {
    String title = Nodes.textOr(mr, "title", "");
    if (Nodes.bool(mr, "draft") && title.startsWith(DRAFT)) {
      title = title.substring(DRAFT.length());
    }
    ChangeRequest.State state =
        switch (Nodes.textOr(mr, "state", "opened")) {
          case "merged" -> ChangeRequest.State.MERGED;
          case "closed" -> ChangeRequest.State.CLOSED;
          default -> ChangeRequest.State.OPEN;
        };
    String sha =
        Nodes.text(mr, "sha")
            .or(() -> Nodes.object(mr, "diff_refs").flatMap(d -> Nodes.text(d, "head_sha")))
            .orElseThrow(
                () ->
                    new RemoteUnavailableException(
                        rest.baseUrl(),
                        -1,
                        false,
                        "GitLab returned merge request !"
                            + Nodes.textOr(mr, "iid", "?")
                            + " without a head commit (sha)",
                        null));
    ChangeRequest.Mergeability mergeability = ChangeRequest.Mergeability.UNKNOWN;
    String detailed = Nodes.textOr(mr, "detailed_merge_status", "");
    if (Nodes.bool(mr, "has_conflicts") || detailed.equals("conflict")) {
      mergeability = ChangeRequest.Mergeability.CONFLICTING;
    } else if (detailed.equals("mergeable")) {
      mergeability = ChangeRequest.Mergeability.MERGEABLE;
    }
    Optional<Revision> merged = Optional.empty();
    if (state == ChangeRequest.State.MERGED) {
      merged =
          Nodes.text(mr, "merge_commit_sha")
              .or(() -> Nodes.text(mr, "squash_commit_sha"))
              .or(() -> Optional.of(sha))
              .map(Revision::of);
    }
    Optional<Instant> closedAt =
        switch (state) {
          case MERGED -> Nodes.instant(mr, "merged_at").or(() -> Nodes.instant(mr, "updated_at"));
          case CLOSED -> Nodes.instant(mr, "closed_at").or(() -> Nodes.instant(mr, "updated_at"));
          case OPEN -> Optional.empty();
        };
    List<String> labels = new ArrayList<>();
    for (JsonNode l : Nodes.array(mr, "labels")) {
      labels.add(l.isObject() ? Nodes.textOr(l, "name", "") : l.asText());
    }
    return ChangeRequest.builder()
        .id(Nodes.textOr(mr, "iid", "?"))
        .url(Nodes.textOr(mr, "web_url", rest.baseUrl()))
        .sourceBranch(Nodes.textOr(mr, "source_branch", ""))
        .targetBranch(Nodes.textOr(mr, "target_branch", ""))
        .title(title)
        .body(Nodes.textOr(mr, "description", ""))
        .state(state)
        .headRevision(Revision.of(sha))
        .author(Nodes.textOr(mr.get("author"), "username", "unknown"))
        .createdAt(Nodes.instant(mr, "created_at").orElse(Instant.EPOCH))
        .reviews(reviews)
        .checks(checks)
        .labels(labels)
        .mergeability(mergeability)
        .mergeRevision(merged)
        .closedAt(closedAt)
        .build();
  }

  // ----------------------------------------------------------------------------- writing

  @Override
  public ChangeRequest update(String id, ChangeRequestSpec spec) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", spec.draft() ? DRAFT + spec.title() : spec.title());
    body.put("description", spec.body());
    body.put("labels", String.join(",", spec.labels()));
    List<Long> reviewers = reviewerIds(spec.reviewers());
    if (!reviewers.isEmpty()) {
      body.put("reviewer_ids", reviewers);
    }
    HttpResponse r =
        rest.execute(mr(HttpRequest.put(), iid(id)).jsonBody(body).acceptStatus(404).build());
    if (r.status() == 404) {
      throw new InvalidInputException("GitLab project " + project + " has no merge request !" + id);
    }
    return toChangeRequest(r.json(JsonNode.class), List.of(), List.of());
  }

  @Override
  public ChangeRequest close(String id, String comment) {
    Objects.requireNonNull(comment, "comment");
    HttpResponse r =
        rest.execute(
            mr(HttpRequest.put(), iid(id))
                .jsonBody(Map.of("state_event", "close"))
                .acceptStatus(404)
                .build());
    if (r.status() == 404) {
      throw new InvalidInputException("GitLab project " + project + " has no merge request !" + id);
    }
    ChangeRequest closed = toChangeRequest(r.json(JsonNode.class), List.of(), List.of());
    if (closed.state() != ChangeRequest.State.CLOSED) {
      throw new PromotionConflictException(
          "merge request !" + id + " is " + closed.state() + ", so it cannot be closed");
    }
    if (!comment.isBlank()) {
      rest.execute(mr(HttpRequest.post(), id, "notes").jsonBody(Map.of("body", comment)).build());
    }
    return closed;
  }

  @Override
  public ChangeRequest merge(String id, Revision expectedHead, String commitMessage) {
    Objects.requireNonNull(expectedHead, "expectedHead");
    Objects.requireNonNull(commitMessage, "commitMessage");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sha", expectedHead.id());
    body.put("squash", squash);
    body.put("should_remove_source_branch", removeSourceBranch);
    body.put(squash ? "squash_commit_message" : "merge_commit_message", commitMessage);
    if (autoMerge) {
      body.put("auto_merge", true);
      body.put("merge_when_pipeline_succeeds", true);
    }
    HttpResponse r =
        rest.execute(
            mr(HttpRequest.put(), iid(id), "merge")
                .jsonBody(body)
                .acceptStatus(401, 404, 405, 406, 409, 422)
                .build());
    String said = r.errorMessage().map(m -> ": " + m).orElse("");
    switch (r.status()) {
      case 404 ->
          throw new InvalidInputException(
              "GitLab project " + project + " has no merge request !" + id);
      case 409 ->
          throw new PromotionConflictException(
              "merge request !"
                  + id
                  + " moved: its source branch is no longer at "
                  + expectedHead.abbreviated()
                  + " (GitLab 409"
                  + said
                  + "); nothing was merged, evaluate the gates again");
      case 405, 406, 422 -> {
        JsonNode now = readMergeRequest(id);
        throw new PromotionConflictException(
            "GitLab refused to merge !"
                + id
                + " ("
                + r.status()
                + said
                + "); it is "
                + Nodes.textOr(now, "state", "?")
                + " with detailed_merge_status "
                + Nodes.textOr(now, "detailed_merge_status", "unchecked")
                + "; nothing was merged");
      }
      case 401 ->
          throw new RemoteUnavailableException(
              r.host(),
              401,
              false,
              "GitLab refused to merge !"
                  + id
                  + " (401"
                  + said
                  + "): the token's user may not merge into this branch; give it the Developer"
                  + " or Maintainer role the protected branch allows to merge",
              null);
      default -> {
        return toChangeRequest(r.json(JsonNode.class), List.of(), List.of());
      }
    }
  }

  // ------------------------------------------------------------------------- protection

  /**
   * What GitLab demands before merging into {@code branch}; remembered for the protection TTL
   * ({@link Builder#protectionTtl}), since one promotion step asks several times and the rules
   * change rarely.
   */
  @Override
  public BranchProtection protection(String branch) {
    Instant now = clock.instant();
    Remembered r = protections.get(branch);
    if (r != null && now.isBefore(r.at().plus(protectionTtl))) {
      return r.protection();
    }
    BranchProtection p = readProtection(branch);
    if (!protectionTtl.isZero()) {
      protections.put(branch, new Remembered(p, now));
    }
    return p;
  }

  private BranchProtection readProtection(String branch) {
    BranchProtection.Builder b = BranchProtection.builder();
    Optional<JsonNode> rule = protectedBranch(branch);
    rule.ifPresent(p -> b.requireCodeOwnerReview(Nodes.bool(p, "code_owner_approval_required")));
    int approvals = 0;
    Optional<JsonNode> rules =
        optionalFeature(
            "approval_rules", project(HttpRequest.get(), "approval_rules").query("per_page", PAGE));
    if (rules.isPresent() && rules.get().isArray()) {
      for (JsonNode r : rules.get()) {
        if (appliesTo(r, branch)) {
          approvals = Math.max(approvals, (int) Nodes.number(r, "approvals_required", 0));
        }
      }
    }
    b.requiredApprovals(Math.min(approvals, 10));
    Set<String> checks = new LinkedHashSet<>();
    JsonNode settings = rest.fetch(project(HttpRequest.get()).build(), JsonNode.class);
    if (Nodes.bool(settings, "only_allow_merge_if_pipeline_succeeds")) {
      checks.add(PIPELINE_CHECK);
    }
    Optional<JsonNode> external =
        optionalFeature(
            "external_status_checks",
            project(HttpRequest.get(), "external_status_checks").query("per_page", PAGE));
    if (external.isPresent() && external.get().isArray()) {
      for (JsonNode c : external.get()) {
        if (appliesTo(c, branch)) {
          Nodes.text(c, "name").ifPresent(checks::add);
        }
      }
    }
    b.requiredChecks(checks);
    return b.build();
  }

  private Optional<JsonNode> protectedBranch(String branch) {
    List<JsonNode> all =
        rest.fetchAll(
            project(HttpRequest.get(), "protected_branches").query("per_page", PAGE).build(),
            JsonNode.class,
            MAX_PAGES);
    Optional<JsonNode> exact =
        all.stream().filter(p -> Nodes.textOr(p, "name", "").equals(branch)).findFirst();
    return exact.or(
        () ->
            all.stream()
                .filter(p -> wildcardMatches(Nodes.textOr(p, "name", ""), branch))
                .findFirst());
  }

  /** Whether a rule scoped by {@code protected_branches} (none: every branch) covers it. */
  private static boolean appliesTo(JsonNode rule, String branch) {
    List<JsonNode> scoped = Nodes.array(rule, "protected_branches");
    if (scoped.isEmpty()) {
      return true;
    }
    return scoped.stream()
        .map(p -> Nodes.textOr(p, "name", ""))
        .anyMatch(n -> n.equals(branch) || wildcardMatches(n, branch));
  }

  /**
   * GitLab's protected-branch wildcards: {@code *} matches any run of characters, {@code /} too.
   */
  static boolean wildcardMatches(String pattern, String branch) {
    if (!pattern.contains("*")) {
      return false;
    }
    StringBuilder re = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (re.length() > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(part));
    }
    return branch.matches(re.toString());
  }

  // ------------------------------------------------------------------- identity, owners, status

  @Override
  public Optional<HostIdentity> identity() {
    JsonNode user = rest.fetch(HttpRequest.get().segments("user").build(), JsonNode.class);
    String login =
        Nodes.text(user, "username")
            .orElseThrow(
                () ->
                    new RemoteUnavailableException(
                        rest.baseUrl(), -1, false, "GitLab's /user answer has no username", null));
    return Optional.of(
        new HostIdentity(
            login,
            Nodes.text(user, "name"),
            Nodes.text(user, "public_email").or(() -> Nodes.text(user, "email")),
            Nodes.bool(user, "bot")));
  }

  /**
   * The first CODEOWNERS file of {@code branch} where GitLab looks; remembered, like protection,
   * for the protection TTL ({@link Builder#protectionTtl}).
   */
  @Override
  public Optional<CodeOwners> codeOwnersFor(String branch) {
    Instant now = clock.instant();
    RememberedOwners r = codeOwners.get(branch);
    if (r != null && now.isBefore(r.at().plus(protectionTtl))) {
      return r.owners();
    }
    Optional<CodeOwners> found = readCodeOwners(branch);
    if (!protectionTtl.isZero()) {
      codeOwners.put(branch, new RememberedOwners(found, now));
    }
    return found;
  }

  private Optional<CodeOwners> readCodeOwners(String branch) {
    for (String path : CODEOWNERS_LOCATIONS) {
      HttpResponse r =
          rest.execute(
              project(HttpRequest.get(), "repository", "files", path, "raw")
                  .query("ref", branch)
                  .accept("text/plain")
                  .acceptStatus(404)
                  .build());
      if (r.status() != 404) {
        return Optional.of(CodeOwners.parse(Dialect.GITLAB, path, r.bytes()));
      }
    }
    return Optional.empty();
  }

  /**
   * Direct members of groups ({@code @group/sub}, and {@code @name} when it is a group) and project
   * members with a role ({@code @@developer}); emails are not resolved (GitLab shows them to
   * administrators only).
   */
  @Override
  public MembershipLookup membership() {
    return owner -> {
      switch (owner.kind()) {
        case GROUP, TEAM, USER -> {
          String path = owner.name().startsWith("@") ? owner.name().substring(1) : owner.name();
          List<JsonNode> members;
          try {
            members =
                rest.fetchAll(
                    HttpRequest.get()
                        .segments("groups", path, "members")
                        .query("per_page", PAGE)
                        .build(),
                    JsonNode.class,
                    MAX_PAGES);
          } catch (RemoteUnavailableException e) {
            int status = e.httpStatus().orElse(-1);
            if (status == 403 || status == 404) {
              return Set.of(); // not a group, or not visible: no members to count
            }
            throw e;
          }
          Set<String> out = new LinkedHashSet<>();
          members.forEach(m -> Nodes.text(m, "username").ifPresent(out::add));
          return out;
        }
        case ROLE -> {
          int level = roleLevel(owner.name());
          List<JsonNode> members =
              rest.fetchAll(
                  project(HttpRequest.get(), "members").query("per_page", PAGE).build(),
                  JsonNode.class,
                  MAX_PAGES);
          Set<String> out = new LinkedHashSet<>();
          for (JsonNode m : members) {
            if (Nodes.number(m, "access_level", -1) == level) {
              Nodes.text(m, "username").ifPresent(out::add);
            }
          }
          return out;
        }
        default -> {
          return Set.of();
        }
      }
    };
  }

  private static int roleLevel(String role) {
    String r = role.replace("@", "").toLowerCase(Locale.ROOT);
    return switch (r) {
      case "developer" -> 30;
      case "maintainer" -> 40;
      case "owner" -> 50;
      default -> -2;
    };
  }

  @Override
  public void publishStatus(Revision commit, Check status, String description) {
    String state =
        switch (status.state()) {
          case PENDING -> "pending";
          case SUCCESS, NEUTRAL -> "success";
          case FAILURE -> "failed";
          case SKIPPED -> "skipped";
        };
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    body.put("name", status.name());
    status.detailsUrl().ifPresent(u -> body.put("target_url", u));
    body.put("description", SafeText.oneLine(description, 255));
    HttpResponse r =
        rest.execute(
            project(HttpRequest.post(), "statuses", commit.id())
                .jsonBody(body)
                .acceptStatus(400)
                .build());
    if (r.status() == 400) {
      String message = r.errorMessage().orElse("");
      if (!message.contains("Cannot transition status")) {
        throw new InvalidInputException(
            "GitLab refused the commit status '"
                + status.name()
                + "' on "
                + commit.abbreviated()
                + ": "
                + message);
      }
      // already in that state: GitLab refuses a transition to the same state
    }
  }

  /** Names the API URL and project; never the token. */
  @Override
  public String toString() {
    return "GitLabHost[" + rest.baseUrl() + ", project " + project + "]";
  }

  // ---------------------------------------------------------------------------------- builder

  /** Builds a {@link GitLabHost}. API URL, project, token and clock are required. */
  public static final class Builder {
    private String apiUrl;
    private String project;
    private Credentials credentials = Credentials.none();
    private Clock clock;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private HttpRetryPolicy retryPolicy;
    private HttpEventListener listener;
    private String trustedPem;
    private RestClient client;
    private String userAgent = "promotion-sdk";
    private boolean removeSourceBranch = true;
    private boolean squash;
    private boolean autoMerge;
    private Duration protectionTtl = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * How long a branch's protection and CODEOWNERS file, once read, are reused (60 s unless set;
     * zero reads them every time).
     */
    public Builder protectionTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative()) {
        throw new InvalidInputException("protectionTtl must not be negative, got " + ttl);
      }
      this.protectionTtl = ttl;
      return this;
    }

    /** The REST API's base URL: {@code https://gitlab.com/api/v4}, {@code https://HOST/api/v4}. */
    public Builder apiUrl(String apiUrl) {
      this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
      return this;
    }

    /** The project: a numeric id ({@code 4242}) or its full path ({@code group/sub/project}). */
    public Builder project(String project) {
      this.project = Objects.requireNonNull(project, "project");
      return this;
    }

    /**
     * The token, read when the first request needs it.
     *
     * @param kind {@code private} ({@code PRIVATE-TOKEN}: personal, project and group access
     *     tokens), {@code bearer} ({@code Authorization: Bearer}: the same, or OAuth tokens) or
     *     {@code job} ({@code JOB-TOKEN}: a CI job token, where the API allows it)
     * @param token the token, empty when it is not set
     * @param source where it is read from (an environment variable's name), for messages
     */
    public Builder token(String kind, Supplier<Optional<String>> token, String source) {
      this.credentials = TokenCredentials.of(kind, token, source);
      return this;
    }

    /** Any credentials promotion-http offers, instead of a token. */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** The clock waits and rate-limit resets are measured on. Required. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How the client waits before retries and after rate limits. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** How calls are retried; promotion-http's defaults unless set. */
    public Builder retryPolicy(HttpRetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Observes every request (a {@link dev.gitops.promotion.http.RequestCounter}). */
    public Builder listener(HttpEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Trusts exactly these CA certificates (PEM), for a self-managed server with a private CA. */
    public Builder trustedCertificatesPem(String pem) {
      this.trustedPem = Objects.requireNonNull(pem, "pem");
      return this;
    }

    /**
     * A client whose connection pool (and proxy, timeouts) to share; base URL, clock, credentials
     * and the settings above are this builder's.
     */
    public Builder client(RestClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The {@code User-Agent} ({@code promotion-sdk} unless set). */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /** Whether GitLab deletes the source branch when it merges (on unless set). */
    public Builder removeSourceBranch(boolean remove) {
      this.removeSourceBranch = remove;
      return this;
    }

    /** Whether merges squash the source branch into one commit (off unless set). */
    public Builder squash(boolean squash) {
      this.squash = squash;
      return this;
    }

    /**
     * Whether a merge sets auto-merge instead ({@code auto_merge}, and {@code
     * merge_when_pipeline_succeeds} for servers before 17.11), leaving GitLab to merge when the
     * pipeline and approvals allow; off unless set.
     */
    public Builder autoMerge(boolean autoMerge) {
      this.autoMerge = autoMerge;
      return this;
    }

    /**
     * The host.
     *
     * @throws InvalidInputException when the API URL, project or clock is missing or unusable
     */
    public GitLabHost build() {
      return new GitLabHost(this);
    }
  }
}
