package dev.gitops.promotion.github;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Dialect;
import dev.gitops.promotion.codeowners.MembershipLookup;
import dev.gitops.promotion.codeowners.Owner;
import dev.gitops.promotion.codeowners.Problem;
import dev.gitops.promotion.github.internal.AppJwt;
import dev.gitops.promotion.github.internal.Payloads;
import dev.gitops.promotion.github.internal.Texts;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.ExpiringToken;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub (github.com, GitHub Enterprise Cloud and Server) as a {@link ChangeRequestHost}: pull
 * requests of one repository through the REST API, version {@value #API_VERSION}.
 *
 * <pre>{@code
 * ChangeRequestHost github = GitHubHost.builder()
 *     .repository("myorg/gitops-config")
 *     .apiUrl("https://api.github.com")          // GHES: https://HOST/api/v3
 *     .token(System.getenv("GITHUB_TOKEN"))      // or .app(GitHubApp.fromKeyFile(...))
 *     .clock(Clock.systemUTC())
 *     .build();
 * }</pre>
 *
 * <p>What each call costs and reads:
 *
 * <ul>
 *   <li>{@link #open}: {@code POST /pulls} (title, head, base, body trimmed under 65,536
 *       characters, draft), then labels ({@code POST /issues/{n}/labels}) and requested reviewers
 *       and teams when the spec has them. A 422 "A pull request already exists" is a {@link
 *       PromotionConflictException} naming the open one (the promoter then updates it); a timeout
 *       or 5xx after sending is resolved by looking the pull request up, never by sending twice.
 *   <li>{@link #findOpen}: {@code GET /pulls?state=open&head=OWNER:BRANCH&base=...} (the owner
 *       prefix is required, else GitHub ignores the filter), then {@link #get}.
 *   <li>{@link #get}: the pull request, its reviews (every page), and for an open one the combined
 *       commit status and the latest check runs of its head SHA; a name reported both as a status
 *       and as a check run gives one {@link Check} that passes only when both pass. GETs are
 *       conditional ({@code If-None-Match}), so polling a waiting pull request costs no primary
 *       rate limit while nothing changed.
 *   <li>{@link #merge}: {@code PUT /pulls/{n}/merge} with the head SHA guard and the configured
 *       method; 405 (GitHub's reason), 409 (head moved) and 422 are {@link
 *       PromotionConflictException}s the promoter re-evaluates on.
 *   <li>{@link #protection}: classic protection ({@code 404 Branch not protected} is none; without
 *       admin rights the branch's own {@code protection} summary) united with the rules of rulesets
 *       ({@code GET /rules/branches/{b}}).
 *   <li>{@link #codeOwnersFor}: {@code .github/CODEOWNERS}, then {@code CODEOWNERS}, then {@code
 *       docs/CODEOWNERS} on the branch, first found; {@link #codeOwnersErrors} is GitHub's own
 *       reading of it.
 * </ul>
 *
 * <p>Credentials never appear in messages, logs or {@code toString}.
 */
public final class GitHubHost implements ChangeRequestHost {
  /** The REST API version every request pins (newer ones drop {@code merge_commit_sha}). */
  public static final String API_VERSION = "2022-11-28";

  /** The public API. */
  public static final String PUBLIC_API = "https://api.github.com";

  private static final Logger LOG = LoggerFactory.getLogger(GitHubHost.class);
  private static final List<String> CODEOWNERS_PATHS =
      List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");
  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 20;

  /** How a pull request is merged. */
  public enum MergeMethod {
    /** A merge commit. */
    MERGE,
    /** One squashed commit. */
    SQUASH,
    /** The commits rebased onto the base. */
    REBASE;

    String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The method named {@code merge}, {@code squash} or {@code rebase}.
     *
     * @throws InvalidInputException for any other name
     */
    public static MergeMethod parse(String name) {
      for (MergeMethod m : values()) {
        if (m.apiName().equals(name.strip().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new InvalidInputException(
          "unknown merge method '" + name + "'; use merge, squash or rebase");
    }
  }

  private final RestClient api;
  private final Optional<RestClient> appApi;
  private final String owner;
  private final String name;
  private final MergeMethod mergeMethod;
  private final Optional<GitHubApp> app;
  private final Clock clock;
  private final Map<String, Set<String>> teams = new ConcurrentHashMap<>();
  private final List<String> extraLabels;
  private final List<String> extraReviewers;
  private final List<String> extraTeamReviewers;
  private final boolean alwaysDraft;
  private final boolean autoMerge;
  private volatile HostIdentity identity;
  private final Map<String, Memo> protections = new ConcurrentHashMap<>();

  /**
   * How long a branch's protection is reused: it changes rarely, and a promotion reads it often.
   */
  static final long PROTECTION_TTL_SECONDS = 60;

  static final java.time.Duration PROTECTION_TTL =
      java.time.Duration.ofSeconds(PROTECTION_TTL_SECONDS);

  private record Memo(BranchProtection protection, Instant readAt) {}

  private final Map<String, OwnersMemo> codeOwners = new ConcurrentHashMap<>();

  private record OwnersMemo(Optional<CodeOwners> owners, Instant readAt) {}

  private GitHubHost(Builder b) {
    this.owner = b.owner;
    this.name = b.name;
    this.mergeMethod = b.mergeMethod;
    this.app = Optional.ofNullable(b.app);
    this.clock = b.clock;
    this.extraLabels = List.copyOf(b.labels);
    this.extraReviewers = List.copyOf(b.reviewers);
    this.extraTeamReviewers = List.copyOf(b.teamReviewers);
    this.alwaysDraft = b.draft;
    this.autoMerge = b.autoMerge;
    RestClient.Builder base =
        RestClient.builder()
            .baseUrl(b.apiUrl)
            .defaultHeader("Accept", "application/vnd.github+json")
            .defaultHeader("X-GitHub-Api-Version", API_VERSION)
            .userAgent(b.userAgent)
            .clock(b.clock)
            .sleeper(b.sleeper)
            .retryPolicy(b.retryPolicy)
            .listener(b.listener)
            .allowPlainHttp(b.allowPlainHttp)
            .conditionalRequests(true);
    if (b.app != null) {
      AppJwt jwt = new AppJwt(b.app.appId(), b.app.privateKey(), b.clock);
      RestClient asApp = base.credentials(Credentials.bearer(jwt::sign)).build();
      this.appApi = Optional.of(asApp);
      this.api =
          asApp
              .newBuilder()
              .credentials(Credentials.refreshing(() -> installationToken(asApp, b.app), b.clock))
              .build();
    } else {
      this.appApi = Optional.empty();
      this.api =
          base.credentials(
                  b.token != null
                      ? Credentials.bearer(b.token)
                      : b.tokenSource != null
                          ? Credentials.bearer(b.tokenSource)
                          : Credentials.none())
              .build();
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The repository's owner (user or organization). */
  public String owner() {
    return owner;
  }

  /** The repository's name. */
  public String repository() {
    return name;
  }

  /** The base URL of the REST API. */
  public String apiUrl() {
    String url = api.baseUrl();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  // ------------------------------------------------------------------------------- requests

  private HttpRequest.Builder repo(HttpRequest.Builder b, String... segments) {
    return b.segments("repos", owner, name).segments(segments);
  }

  private static long number(String id) {
    if (id == null || !id.matches("[1-9][0-9]{0,17}")) {
      throw new InvalidInputException(
          "'" + id + "' is not a GitHub pull request number; give a number such as 42");
    }
    return Long.parseLong(id);
  }

  // ------------------------------------------------------------------------------- open

  /** {@code spec} with the labels, reviewers and draft flag every pull request gets. */
  private ChangeRequestSpec withDefaults(ChangeRequestSpec spec) {
    return ChangeRequestSpec.builder()
        .from(spec)
        .labels(union(spec.labels(), extraLabels))
        .reviewers(union(spec.reviewers(), extraReviewers))
        .teamReviewers(union(spec.teamReviewers(), extraTeamReviewers))
        .draft(spec.draft() || alwaysDraft)
        .build();
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  @Override
  public ChangeRequest open(ChangeRequestSpec requested) {
    ChangeRequestSpec spec = withDefaults(requested);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", SafeText.oneLine(spec.title(), Texts.MAX_TITLE));
    body.put("head", spec.sourceBranch());
    body.put("base", spec.targetBranch());
    body.put("body", Texts.body(spec.body()));
    body.put("draft", spec.draft());
    body.put("maintainer_can_modify", false);
    Payloads.Pull pull;
    try {
      pull =
          api.create(
              repo(HttpRequest.post(), "pulls").jsonBody(body).build(),
              Payloads.Pull.class,
              () -> findPull(spec.sourceBranch(), spec.targetBranch()));
    } catch (RemoteUnavailableException e) {
      if (e.httpStatus().orElse(0) != 422) {
        throw e;
      }
      Optional<Payloads.Pull> existing = findPull(spec.sourceBranch(), spec.targetBranch());
      if (existing.isPresent()) {
        throw new PromotionConflictException(
            "a pull request from "
                + spec.sourceBranch()
                + " into "
                + spec.targetBranch()
                + " is already open: #"
                + existing.get().number()
                + " "
                + existing.get().htmlUrl()
                + "; update it instead of opening another",
            e);
      }
      throw new InvalidInputException(
          "GitHub refused to open a pull request from "
              + spec.sourceBranch()
              + " into "
              + spec.targetBranch()
              + " in "
              + owner
              + "/"
              + name
              + " (does the branch exist, and does it differ from the base?): "
              + e.getMessage(),
          null,
          e);
    }
    if (!spec.labels().isEmpty()) {
      List<Payloads.Label> labels =
          api.fetchList(
              repo(HttpRequest.post(), "issues", Long.toString(pull.number()), "labels")
                  .jsonBody(Map.of("labels", spec.labels()))
                  .idempotent(true)
                  .build(),
              Payloads.Label.class);
      pull = withLabels(pull, labels);
    }
    if (!spec.reviewers().isEmpty() || !spec.teamReviewers().isEmpty()) {
      pull = requestReviewers(pull, spec.reviewers(), spec.teamReviewers());
    }
    if (autoMerge && pull.nodeId() != null) {
      Optional<String> refused = enableAutoMerge(pull);
      if (refused.isPresent()) {
        LOG.warn(
            "GitHub did not enable auto-merge on #{}: {}; the promoter merges it when its gates"
                + " pass",
            pull.number(),
            refused.get());
      }
    }
    return changeRequest(pull, List.of(), List.of());
  }

  /**
   * Turns on GitHub's auto-merge for pull request {@code id} with the configured method (GraphQL
   * {@code enablePullRequestAutoMerge}; REST has no such call): GitHub merges it once branch
   * protection is satisfied, including the promotion's own required status ({@link
   * #publishStatus}). Needs auto-merge allowed on the repository and a protected base branch.
   *
   * @return empty when it is on, else GitHub's reason
   * @throws InvalidInputException when there is no such pull request
   */
  public Optional<String> enableAutoMerge(String id) {
    return enableAutoMerge(pull(number(id)));
  }

  private Optional<String> enableAutoMerge(Payloads.Pull pull) {
    String base = apiUrl();
    String graphql =
        base.endsWith("/api/v3")
            ? base.substring(0, base.length() - "/v3".length()) + "/graphql"
            : base + "/graphql";
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("id", pull.nodeId());
    variables.put("method", mergeMethod.name());
    Payloads.GraphQlAnswer answer =
        api.fetch(
            HttpRequest.post()
                .url(graphql)
                .jsonBody(
                    Map.of(
                        "query",
                        "mutation($id: ID!, $method: PullRequestMergeMethod!) {"
                            + " enablePullRequestAutoMerge(input: {pullRequestId: $id,"
                            + " mergeMethod: $method}) { pullRequest { number } } }",
                        "variables",
                        variables))
                .idempotent(true)
                .build(),
            Payloads.GraphQlAnswer.class);
    if (answer.errors() != null && !answer.errors().isEmpty()) {
      return Optional.of(
          answer.errors().stream()
              .map(e -> e.message() == null ? String.valueOf(e.type()) : e.message())
              .collect(Collectors.joining("; ")));
    }
    return Optional.empty();
  }

  private Payloads.Pull requestReviewers(
      Payloads.Pull pull, List<String> reviewers, List<String> teamReviewers) {
    HttpResponse r =
        api.execute(
            repo(HttpRequest.post(), "pulls", Long.toString(pull.number()), "requested_reviewers")
                .jsonBody(Map.of("reviewers", reviewers, "team_reviewers", teamReviewers))
                .idempotent(true)
                .acceptStatus(422)
                .build());
    if (r.status() == 422) {
      // the pull request stands; a reviewer who cannot review must not undo it
      LOG.warn(
          "GitHub did not request reviews from {} {} on #{}: {}",
          reviewers,
          teamReviewers,
          pull.number(),
          r.errorMessage().orElse("422"));
      return pull;
    }
    return r.json(Payloads.Pull.class);
  }

  private static Payloads.Pull withLabels(Payloads.Pull p, List<Payloads.Label> labels) {
    return new Payloads.Pull(
        p.number(),
        p.nodeId(),
        p.state(),
        p.title(),
        p.body(),
        p.user(),
        labels,
        p.head(),
        p.base(),
        p.draft(),
        p.merged(),
        p.mergeable(),
        p.mergeableState(),
        p.htmlUrl(),
        p.createdAt(),
        p.closedAt(),
        p.mergedAt(),
        p.mergeCommitSha(),
        p.requestedReviewers(),
        p.requestedTeams());
  }

  // ------------------------------------------------------------------------------- read

  private Optional<Payloads.Pull> findPull(String sourceBranch, String targetBranch) {
    List<Payloads.Pull> pulls =
        api.fetchList(
            repo(HttpRequest.get(), "pulls")
                .query("state", "open")
                .query("head", owner + ":" + sourceBranch)
                .query("base", targetBranch)
                .query("per_page", PER_PAGE)
                .build(),
            Payloads.Pull.class);
    return pulls.stream()
        .filter(p -> p.head() != null && sourceBranch.equals(p.head().ref()))
        .findFirst();
  }

  @Override
  public List<ChangeRequest> listOpen(String targetBranch) {
    List<Payloads.Pull> pulls =
        api.fetchAll(
            repo(HttpRequest.get(), "pulls")
                .query("state", "open")
                .query("base", targetBranch)
                .query("sort", "created")
                .query("direction", "asc")
                .query("per_page", PER_PAGE)
                .build(),
            Payloads.Pull.class,
            MAX_PAGES);
    return pulls.stream()
        .filter(p -> p.base() != null && targetBranch.equals(p.base().ref()))
        .map(p -> changeRequest(p, List.of(), List.of()))
        .toList();
  }

  @Override
  public Optional<ChangeRequest> findOpen(String sourceBranch, String targetBranch) {
    return findPull(sourceBranch, targetBranch).map(p -> get(Long.toString(p.number())));
  }

  @Override
  public ChangeRequest get(String id) {
    Payloads.Pull pull = pull(number(id));
    if (!"open".equals(pull.state())) {
      return changeRequest(pull, reviews(pull.number()), List.of());
    }
    return changeRequest(pull, reviews(pull.number()), checks(pull.head().sha()));
  }

  private Payloads.Pull pull(long number) {
    return api.find(
            repo(HttpRequest.get(), "pulls", Long.toString(number)).build(), Payloads.Pull.class)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "there is no pull request #" + number + " in " + owner + "/" + name));
  }

  private List<Review> reviews(long number) {
    List<Payloads.Review> raw =
        api.fetchAll(
            repo(HttpRequest.get(), "pulls", Long.toString(number), "reviews")
                .query("per_page", PER_PAGE)
                .build(),
            Payloads.Review.class,
            MAX_PAGES);
    List<Review> out = new ArrayList<>();
    for (Payloads.Review r : raw) {
      if (r.user() == null || r.user().login() == null || r.submittedAt() == null) {
        continue; // a deleted account ("ghost" without login) or a pending review
      }
      Review.State state;
      try {
        state = Review.State.valueOf(r.state());
      } catch (IllegalArgumentException | NullPointerException e) {
        continue;
      }
      out.add(
          new Review(
              r.user().login(),
              state,
              instant(r.submittedAt()).orElse(Instant.EPOCH),
              Optional.ofNullable(r.commitId()).filter(s -> !s.isBlank()).map(Revision::of)));
    }
    return out;
  }

  /**
   * The checks on {@code sha}: the latest commit status of each context and the latest check run of
   * each name; a name with both passes only when both pass.
   */
  List<Check> checks(String sha) {
    Map<String, List<Check>> byName = new LinkedHashMap<>();
    api.pages(
            repo(HttpRequest.get(), "commits", sha, "status").query("per_page", PER_PAGE).build(),
            MAX_PAGES)
        .forEach(
            page -> {
              Payloads.CombinedStatus combined = page.json(Payloads.CombinedStatus.class);
              for (Payloads.Status s : nonNull(combined.statuses())) {
                if (s.context() != null) {
                  byName
                      .computeIfAbsent(s.context(), k -> new ArrayList<>())
                      .add(
                          new Check(
                              s.context(),
                              statusState(s.state()),
                              Optional.ofNullable(s.targetUrl()),
                              Optional.ofNullable(s.description())));
                }
              }
            });
    api.pages(
            repo(HttpRequest.get(), "commits", sha, "check-runs")
                .query("filter", "latest")
                .query("per_page", PER_PAGE)
                .build(),
            MAX_PAGES)
        .forEach(
            page -> {
              Payloads.CheckRuns runs = page.json(Payloads.CheckRuns.class);
              for (Payloads.CheckRun c : nonNull(runs.checkRuns())) {
                if (c.name() != null) {
                  byName
                      .computeIfAbsent(c.name(), k -> new ArrayList<>())
                      .add(
                          new Check(
                              c.name(),
                              checkRunState(c.status(), c.conclusion()),
                              Optional.ofNullable(
                                  c.detailsUrl() != null ? c.detailsUrl() : c.htmlUrl())));
                }
              }
            });
    List<Check> out = new ArrayList<>();
    byName.forEach((n, all) -> out.add(combine(all)));
    return out;
  }

  private static Check combine(List<Check> all) {
    Check worst = all.get(0);
    for (Check c : all) {
      if (rank(c.state()) > rank(worst.state())) {
        worst = c;
      }
    }
    return worst;
  }

  private static int rank(Check.State s) {
    return switch (s) {
      case SUCCESS -> 0;
      case NEUTRAL -> 1;
      case SKIPPED -> 2;
      case PENDING -> 3;
      case FAILURE -> 4;
    };
  }

  static Check.State statusState(String state) {
    return switch (state == null ? "" : state) {
      case "success" -> Check.State.SUCCESS;
      case "failure", "error" -> Check.State.FAILURE;
      default -> Check.State.PENDING;
    };
  }

  static Check.State checkRunState(String status, String conclusion) {
    if (!"completed".equals(status)) {
      return Check.State.PENDING;
    }
    return switch (conclusion == null ? "" : conclusion) {
      case "success" -> Check.State.SUCCESS;
      case "neutral" -> Check.State.NEUTRAL;
      case "skipped" -> Check.State.SKIPPED;
      case "failure", "cancelled", "timed_out", "action_required", "startup_failure" ->
          Check.State.FAILURE;
      default -> Check.State.PENDING; // stale, or a conclusion this version does not know
    };
  }

  // ------------------------------------------------------------------------------- write

  @Override
  public ChangeRequest update(String id, ChangeRequestSpec requested) {
    ChangeRequestSpec spec = withDefaults(requested);
    long n = number(id);
    Payloads.Pull pull =
        api.fetch(
            repo(HttpRequest.patch(), "pulls", Long.toString(n))
                .jsonBody(
                    Map.of(
                        "title",
                        SafeText.oneLine(spec.title(), Texts.MAX_TITLE),
                        "body",
                        Texts.body(spec.body())))
                .build(),
            Payloads.Pull.class);
    final Payloads.Pull patched = pull;
    Set<String> current =
        nonNull(pull.labels()).stream()
            .map(Payloads.Label::name)
            .collect(Collectors.toCollection(TreeSet::new));
    if (!current.equals(new TreeSet<>(spec.labels()))) {
      List<Payloads.Label> labels =
          api.fetchList(
              repo(HttpRequest.put(), "issues", Long.toString(n), "labels")
                  .jsonBody(Map.of("labels", spec.labels()))
                  .build(),
              Payloads.Label.class);
      pull = withLabels(patched, labels);
    }
    List<String> missingReviewers =
        spec.reviewers().stream()
            .filter(
                r ->
                    nonNull(patched.requestedReviewers()).stream()
                        .noneMatch(u -> r.equalsIgnoreCase(u.login())))
            .toList();
    List<String> missingTeams =
        spec.teamReviewers().stream()
            .filter(
                t ->
                    nonNull(patched.requestedTeams()).stream()
                        .noneMatch(u -> t.equalsIgnoreCase(u.slug())))
            .toList();
    Payloads.Pull result = pull;
    if (!missingReviewers.isEmpty() || !missingTeams.isEmpty()) {
      // someone who reviewed already drops out of requested_reviewers; asking again only
      // re-requests their review, which is what a changed promotion needs
      result = requestReviewers(pull, missingReviewers, missingTeams);
    }
    return changeRequest(result, List.of(), List.of());
  }

  @Override
  public ChangeRequest close(String id, String comment) {
    long n = number(id);
    Payloads.Pull pull =
        api.fetch(
            repo(HttpRequest.patch(), "pulls", Long.toString(n))
                .jsonBody(Map.of("state", "closed"))
                .build(),
            Payloads.Pull.class);
    if (comment != null && !comment.isBlank()) {
      api.execute(
          repo(HttpRequest.post(), "issues", Long.toString(n), "comments")
              .jsonBody(Map.of("body", Texts.body(comment)))
              .build());
    }
    return changeRequest(pull, List.of(), List.of());
  }

  @Override
  public ChangeRequest merge(String id, Revision expectedHead, String commitMessage) {
    long n = number(id);
    String message = commitMessage == null ? "" : commitMessage.strip();
    int eol = message.indexOf('\n');
    String title = eol < 0 ? message : message.substring(0, eol).strip();
    String rest = eol < 0 ? "" : message.substring(eol + 1).strip();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("merge_method", mergeMethod.apiName());
    body.put("sha", expectedHead.id());
    if (!title.isEmpty()) {
      body.put("commit_title", title);
      body.put("commit_message", rest);
    }
    HttpResponse r =
        api.execute(
            repo(HttpRequest.put(), "pulls", Long.toString(n), "merge")
                .jsonBody(body)
                .acceptStatus(404, 405, 409, 422)
                .build());
    String reason = r.errorMessage().orElse("HTTP " + r.status());
    switch (r.status()) {
      case 404 ->
          throw new InvalidInputException(
              "there is no pull request #" + n + " in " + owner + "/" + name);
      case 405 ->
          throw new PromotionConflictException(
              "GitHub will not merge #" + n + " (" + owner + "/" + name + "): " + reason);
      case 409 ->
          throw new PromotionConflictException(
              "the head of #"
                  + n
                  + " is no longer "
                  + expectedHead.abbreviated()
                  + " (GitHub: "
                  + reason
                  + "); re-evaluate the gates on the new head");
      case 422 ->
          throw new PromotionConflictException("GitHub refused the merge of #" + n + ": " + reason);
      default -> {}
    }
    Payloads.MergeResult merged = r.json(Payloads.MergeResult.class);
    Payloads.Pull pull = pull(n);
    ChangeRequest cr = changeRequest(pull, List.of(), List.of());
    if (merged.sha() != null && !merged.sha().isBlank()) {
      cr =
          cr.toBuilder()
              .state(ChangeRequest.State.MERGED)
              .mergeRevision(Revision.of(merged.sha()))
              .closedAt(cr.closedAt().orElse(clock.instant()))
              .build();
    }
    return cr;
  }

  // ------------------------------------------------------------------------------- protection

  /**
   * Classic protection united with the branch's ruleset rules: two requests, reused for {@value
   * #PROTECTION_TTL_SECONDS} seconds by this host (one promotion asks for it several times).
   */
  @Override
  public BranchProtection protection(String branch) {
    Instant now = clock.instant();
    Memo memo = protections.get(branch);
    if (memo != null && now.isBefore(memo.readAt().plus(PROTECTION_TTL))) {
      return memo.protection();
    }
    BranchProtection read = readProtection(branch);
    protections.put(branch, new Memo(read, now));
    return read;
  }

  private BranchProtection readProtection(String branch) {
    Set<String> checks = new LinkedHashSet<>();
    int approvals = 0;
    boolean codeOwners = false;
    boolean dismissStale = false;
    boolean strict = false;
    boolean lastPush = false;
    HttpResponse classic =
        api.execute(
            repo(HttpRequest.get(), "branches")
                .path(branch + "/protection")
                .acceptStatus(403, 404)
                .build());
    Payloads.Protection p = null;
    if (classic.status() == 200 || classic.notModified()) {
      p = classic.json(Payloads.Protection.class);
    } else if (classic.status() == 403) {
      // no administration permission: the branch's own summary has the required checks
      Optional<Payloads.Branch> b =
          api.find(repo(HttpRequest.get(), "branches").path(branch).build(), Payloads.Branch.class);
      p = b.map(Payloads.Branch::protection).orElse(null);
    }
    if (p != null) {
      Payloads.RequiredStatusChecks rsc = p.requiredStatusChecks();
      if (rsc != null) {
        checks.addAll(nonNull(rsc.contexts()));
        nonNull(rsc.checks()).forEach(c -> checks.add(c.context()));
        strict |= Boolean.TRUE.equals(rsc.strict());
      }
      Payloads.RequiredReviews rr = p.requiredPullRequestReviews();
      if (rr != null) {
        approvals = Math.max(approvals, orZero(rr.requiredApprovingReviewCount()));
        codeOwners |= Boolean.TRUE.equals(rr.requireCodeOwnerReviews());
        dismissStale |= Boolean.TRUE.equals(rr.dismissStaleReviews());
        lastPush |= Boolean.TRUE.equals(rr.requireLastPushApproval());
      }
    }
    HttpResponse rules =
        api.execute(
            repo(HttpRequest.get(), "rules", "branches")
                .path(branch)
                .query("per_page", PER_PAGE)
                .acceptStatus(404)
                .build());
    if (rules.status() != 404) {
      for (Payloads.Rule rule : rules.jsonList(Payloads.Rule.class)) {
        Payloads.RuleParameters params = rule.parameters();
        if (params == null || rule.type() == null) {
          continue;
        }
        switch (rule.type()) {
          case "required_status_checks" -> {
            nonNull(params.requiredStatusChecks()).forEach(c -> checks.add(c.context()));
            strict |= Boolean.TRUE.equals(params.strictPolicy());
          }
          case "pull_request" -> {
            approvals = Math.max(approvals, orZero(params.requiredApprovingReviewCount()));
            codeOwners |= Boolean.TRUE.equals(params.requireCodeOwnerReview());
            dismissStale |= Boolean.TRUE.equals(params.dismissStaleReviewsOnPush());
            lastPush |= Boolean.TRUE.equals(params.requireLastPushApproval());
          }
          default -> {}
        }
      }
    }
    checks.remove(null);
    return BranchProtection.builder()
        .requiredChecks(checks)
        .requiredApprovals(Math.min(10, approvals))
        .requireCodeOwnerReview(codeOwners)
        .dismissStaleReviews(dismissStale)
        .requireUpToDate(strict)
        .requireLastPushApproval(lastPush)
        .build();
  }

  // ------------------------------------------------------------------------------- identity

  /**
   * {@code GET /user} for a token; for an App, its bot user {@code <slug>[bot]} from {@code GET
   * /app}. Read once per host.
   */
  @Override
  public Optional<HostIdentity> identity() {
    HostIdentity known = identity;
    if (known != null) {
      return Optional.of(known);
    }
    if (appApi.isPresent()) {
      Payloads.AppInfo info =
          appApi.get().fetch(HttpRequest.get().segments("app").build(), Payloads.AppInfo.class);
      known =
          new HostIdentity(
              info.slug() + "[bot]", Optional.ofNullable(info.name()), Optional.empty(), true);
    } else {
      Payloads.User user =
          api.fetch(HttpRequest.get().segments("user").build(), Payloads.User.class);
      known =
          new HostIdentity(
              user.login(),
              Optional.ofNullable(user.name()),
              Optional.ofNullable(user.email()),
              "Bot".equals(user.type()));
    }
    identity = known;
    return Optional.of(known);
  }

  // ------------------------------------------------------------------------------- CODEOWNERS

  /**
   * The first of {@code .github/CODEOWNERS}, {@code CODEOWNERS}, {@code docs/CODEOWNERS} on {@code
   * branch} (up to three requests), reused for {@value #PROTECTION_TTL_SECONDS} seconds by this
   * host: the gates ask for it on every evaluation.
   */
  @Override
  public Optional<CodeOwners> codeOwnersFor(String branch) {
    Instant now = clock.instant();
    OwnersMemo memo = codeOwners.get(branch);
    if (memo != null && now.isBefore(memo.readAt().plus(PROTECTION_TTL))) {
      return memo.owners();
    }
    Optional<CodeOwners> read = readCodeOwners(branch);
    codeOwners.put(branch, new OwnersMemo(read, now));
    return read;
  }

  private Optional<CodeOwners> readCodeOwners(String branch) {
    for (String path : CODEOWNERS_PATHS) {
      Optional<byte[]> content = file(path, branch);
      if (content.isPresent()) {
        return Optional.of(CodeOwners.parse(Dialect.GITHUB, path, content.get()));
      }
    }
    return Optional.empty();
  }

  private Optional<byte[]> file(String path, String ref) {
    Optional<Payloads.Content> c =
        api.find(
            repo(HttpRequest.get(), "contents").path(path).query("ref", ref).build(),
            Payloads.Content.class);
    if (c.isEmpty() || !"file".equals(c.get().type())) {
      return Optional.empty();
    }
    if ("base64".equals(c.get().encoding()) && c.get().content() != null) {
      return Optional.of(Base64.getMimeDecoder().decode(c.get().content()));
    }
    // files over 1 MB come without content: ask for the raw bytes
    HttpResponse raw =
        api.execute(
            repo(HttpRequest.get(), "contents")
                .path(path)
                .query("ref", ref)
                .accept("application/vnd.github.raw+json")
                .conditional(false) // its ETag memory holds the JSON answer of the same URL
                .build());
    return Optional.of(raw.bytes());
  }

  /**
   * GitHub's own reading of the CODEOWNERS file on {@code branch} ({@code GET /codeowners/errors}):
   * lines it skips, as {@link Problem}s; empty when there is no file or nothing wrong.
   */
  public List<Problem> codeOwnersErrors(String branch) {
    Optional<Payloads.CodeOwnersErrors> errors =
        api.find(
            repo(HttpRequest.get(), "codeowners", "errors").query("ref", branch).build(),
            Payloads.CodeOwnersErrors.class);
    List<Problem> out = new ArrayList<>();
    for (Payloads.CodeOwnersError e :
        errors.map(Payloads.CodeOwnersErrors::errors).orElse(List.of())) {
      String kind = e.kind() == null ? "" : e.kind().toLowerCase(Locale.ROOT);
      out.add(
          Problem.builder()
              .file(e.path() == null ? "CODEOWNERS" : e.path())
              .line(Math.max(1, orZero(e.line())))
              .column(Math.max(1, orZero(e.column())))
              .kind(
                  kind.contains("owner")
                      ? Problem.Kind.INVALID_OWNER
                      : kind.contains("pattern")
                          ? Problem.Kind.INVALID_PATTERN
                          : Problem.Kind.UNSUPPORTED_SYNTAX)
              .message(
                  e.message() == null
                      ? e.kind() == null ? "skipped by GitHub" : e.kind()
                      : e.message().lines().findFirst().orElse(e.kind()))
              .source(e.source() == null ? "" : e.source())
              .lineSkipped(true)
              .build());
    }
    return out;
  }

  /**
   * Team members through {@code GET /orgs/{org}/teams/{slug}/members} (every page, read once per
   * team and host); users and emails have no members here.
   */
  @Override
  public MembershipLookup membership() {
    return this::membersOf;
  }

  private Set<String> membersOf(Owner o) {
    if (o.kind() != Owner.Kind.TEAM) {
      return Set.of();
    }
    return teams.computeIfAbsent(
        o.name().toLowerCase(Locale.ROOT),
        key -> {
          int slash = o.name().indexOf('/');
          String org = o.name().substring(0, slash);
          String slug = o.name().substring(slash + 1);
          HttpRequest first =
              HttpRequest.get()
                  .segments("orgs", org, "teams", slug, "members")
                  .query("per_page", PER_PAGE)
                  .acceptStatus(404)
                  .build();
          Set<String> logins = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
          api.pages(first, MAX_PAGES)
              .filter(r -> r.status() != 404)
              .forEach(r -> r.jsonList(Payloads.Member.class).forEach(m -> logins.add(m.login())));
          return Set.copyOf(logins);
        });
  }

  // ------------------------------------------------------------------------------- status

  /**
   * {@code POST /statuses/{sha}} with the check's name as context: {@code success} for a passed,
   * neutral or skipped check, {@code pending}, or {@code failure}; the description on one line,
   * trimmed to 140 characters.
   */
  @Override
  public void publishStatus(Revision commit, Check status, String description) {
    String state =
        switch (status.state()) {
          case SUCCESS, NEUTRAL, SKIPPED -> "success";
          case PENDING -> "pending";
          case FAILURE -> "failure";
        };
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    body.put("context", status.name());
    body.put(
        "description",
        SafeText.oneLine(description == null ? "" : description, Texts.MAX_STATUS_DESCRIPTION));
    status.detailsUrl().ifPresent(u -> body.put("target_url", u));
    // statuses are append-only and the latest per context counts: sending one twice is harmless
    api.execute(
        repo(HttpRequest.post(), "statuses", commit.id()).jsonBody(body).idempotent(true).build());
  }

  // ------------------------------------------------------------------------------- mapping

  private ChangeRequest changeRequest(Payloads.Pull p, List<Review> reviews, List<Check> checks) {
    // list items lack 'merged': a closed one with merged_at was merged
    ChangeRequest.State state =
        !"closed".equals(p.state())
            ? ChangeRequest.State.OPEN
            : Boolean.TRUE.equals(p.merged()) || (p.merged() == null && p.mergedAt() != null)
                ? ChangeRequest.State.MERGED
                : ChangeRequest.State.CLOSED;
    ChangeRequest.Mergeability mergeability =
        p.mergeable() == null
            ? ChangeRequest.Mergeability.UNKNOWN
            : p.mergeable()
                ? ChangeRequest.Mergeability.MERGEABLE
                : "dirty".equals(p.mergeableState())
                    ? ChangeRequest.Mergeability.CONFLICTING
                    : ChangeRequest.Mergeability.UNKNOWN;
    ChangeRequest.Builder b =
        ChangeRequest.builder()
            .id(Long.toString(p.number()))
            .url(p.htmlUrl() == null ? "" : p.htmlUrl())
            .sourceBranch(p.head().ref())
            .targetBranch(p.base().ref())
            .title(p.title() == null ? "" : p.title())
            .body(p.body() == null ? "" : p.body())
            .state(state)
            .headRevision(Revision.of(p.head().sha()))
            .author(p.user() == null || p.user().login() == null ? "ghost" : p.user().login())
            .createdAt(instant(p.createdAt()).orElse(Instant.EPOCH))
            .reviews(reviews)
            .checks(checks)
            .labels(nonNull(p.labels()).stream().map(Payloads.Label::name).toList())
            .mergeability(mergeability);
    if (state == ChangeRequest.State.MERGED && p.mergeCommitSha() != null) {
      b.mergeRevision(Revision.of(p.mergeCommitSha()));
    }
    if (state != ChangeRequest.State.OPEN) {
      instant(p.mergedAt() != null ? p.mergedAt() : p.closedAt()).ifPresent(b::closedAt);
    }
    return b.build();
  }

  private static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  // ------------------------------------------------------------------------------- App tokens

  private ExpiringToken installationToken(RestClient asApp, GitHubApp app) {
    long installation =
        app.installationId().isPresent()
            ? app.installationId().getAsLong()
            : asApp
                .fetch(
                    HttpRequest.get().segments("repos", owner, name, "installation").build(),
                    Payloads.Installation.class)
                .id();
    Payloads.AccessToken t =
        asApp.fetch(
            HttpRequest.post()
                .segments("app", "installations", Long.toString(installation), "access_tokens")
                .jsonBody(Map.of("repositories", List.of(name)))
                .idempotent(true)
                .build(),
            Payloads.AccessToken.class);
    Instant expires =
        instant(t.expiresAt())
            .orElseThrow(
                () ->
                    new RemoteUnavailableException(
                        asApp.baseUrl(),
                        -1,
                        false,
                        "GitHub answered an installation token without a readable expiry",
                        null));
    return new ExpiringToken(t.token(), expires);
  }

  /** The repository and the API; never a credential. */
  @Override
  public String toString() {
    return "GitHubHost["
        + owner
        + "/"
        + name
        + " at "
        + api.baseUrl()
        + ", "
        + app.map(GitHubApp::toString).orElse("token")
        + ", merge "
        + mergeMethod.apiName()
        + "]";
  }

  // ------------------------------------------------------------------------------- builder

  /** Builds a {@link GitHubHost}; {@link #repository} and {@link #clock} are required. */
  public static final class Builder {
    private String apiUrl = PUBLIC_API;
    private String owner;
    private String name;
    private String token;
    private java.util.function.Supplier<String> tokenSource;
    private GitHubApp app;
    private MergeMethod mergeMethod = MergeMethod.MERGE;
    private String userAgent = "promotion-sdk (+https://github.com/gitops-promotion)";
    private Clock clock;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private HttpRetryPolicy retryPolicy = HttpRetryPolicy.defaults();
    private HttpEventListener listener = HttpEventListener.NONE;
    private boolean allowPlainHttp;
    private List<String> labels = List.of();
    private List<String> reviewers = List.of();
    private List<String> teamReviewers = List.of();
    private boolean draft;
    private boolean autoMerge;

    private Builder() {}

    /**
     * Whether every pull request gets GitHub's auto-merge turned on when it is opened (off unless
     * set): GitHub then merges it once branch protection is satisfied, so require the promotion's
     * own status in that protection, or GitHub merges without the promoter's gates.
     */
    public Builder autoMerge(boolean autoMerge) {
      this.autoMerge = autoMerge;
      return this;
    }

    /** Labels every pull request gets, besides those its spec names. */
    public Builder labels(List<String> labels) {
      this.labels = List.copyOf(labels);
      return this;
    }

    /** Users asked to review every pull request (logins). */
    public Builder reviewers(List<String> logins) {
      this.reviewers = List.copyOf(logins);
      return this;
    }

    /** Teams asked to review every pull request (slugs of the repository's organization). */
    public Builder teamReviewers(List<String> slugs) {
      this.teamReviewers = List.copyOf(slugs);
      return this;
    }

    /** Whether every pull request is opened as a draft. */
    public Builder draft(boolean draft) {
      this.draft = draft;
      return this;
    }

    /**
     * The REST API: {@code https://api.github.com} (the default), {@code https://HOST/api/v3} for
     * GitHub Enterprise Server, {@code https://api.SUBDOMAIN.ghe.com} for data residency.
     */
    public Builder apiUrl(String apiUrl) {
      String url = Objects.requireNonNull(apiUrl, "apiUrl").strip();
      this.apiUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      return this;
    }

    /**
     * The repository as {@code owner/name}.
     *
     * @throws InvalidInputException when it is not of that form
     */
    public Builder repository(String ownerSlashName) {
      Objects.requireNonNull(ownerSlashName, "repository");
      String[] parts = ownerSlashName.strip().split("/");
      if (parts.length != 2
          || !parts[0].matches("[A-Za-z0-9._-]+")
          || !parts[1].matches("[A-Za-z0-9._-]+")) {
        throw new InvalidInputException(
            "a GitHub repository is written owner/name, got '" + ownerSlashName + "'");
      }
      this.owner = parts[0];
      this.name =
          parts[1].endsWith(".git") ? parts[1].substring(0, parts[1].length() - 4) : parts[1];
      return this;
    }

    /** A personal, fine-grained or Actions token ({@code Authorization: Bearer}). */
    public Builder token(String token) {
      if (token == null || token.isBlank()) {
        throw new InvalidInputException("the GitHub token is empty");
      }
      this.token = token.strip();
      this.tokenSource = null;
      this.app = null;
      return this;
    }

    /**
     * A token read when a request is first sent, and again for each request (so that a missing
     * token fails only the calls that need one, with the supplier's message).
     */
    public Builder token(java.util.function.Supplier<String> source) {
      this.tokenSource = Objects.requireNonNull(source, "source");
      this.token = null;
      this.app = null;
      return this;
    }

    /** Authenticates as a GitHub App installation instead of with a token. */
    public Builder app(GitHubApp app) {
      this.app = Objects.requireNonNull(app, "app");
      this.token = null;
      this.tokenSource = null;
      return this;
    }

    /** How pull requests are merged ({@link MergeMethod#MERGE} unless set). */
    public Builder mergeMethod(MergeMethod method) {
      this.mergeMethod = Objects.requireNonNull(method, "method");
      return this;
    }

    /** The {@code User-Agent} GitHub requires. */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /** The clock rate limits and token expiries are measured on. Required. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How the client waits for retries and rate limits ({@link Sleeper#SYSTEM} unless set). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Retries and the wait budget ({@link HttpRetryPolicy#defaults()} unless set). */
    public Builder retryPolicy(HttpRetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Observes every request (a {@code RequestCounter} for the request economy). */
    public Builder listener(HttpEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Allows plain http to a host other than this machine (a lab GHES). Off unless set: the token
     * would cross the network unencrypted.
     */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /**
     * The host.
     *
     * @throws InvalidInputException when the repository or the clock is missing, or the API URL is
     *     unusable
     */
    public GitHubHost build() {
      if (owner == null) {
        throw new InvalidInputException("a GitHub host needs its repository (owner/name)");
      }
      if (clock == null) {
        throw new InvalidInputException("a GitHub host needs a clock");
      }
      return new GitHubHost(this);
    }

    /** Names the repository and the API, never the credentials. */
    @Override
    public String toString() {
      return "GitHubHost.Builder[" + owner + "/" + name + " at " + apiUrl + "]";
    }
  }
}
