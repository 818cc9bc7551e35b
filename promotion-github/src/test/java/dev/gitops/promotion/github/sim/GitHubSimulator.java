package dev.gitops.promotion.github.sim;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.git.testing.BareRepo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A small, stateful GitHub REST API for tests, served by MockWebServer over a real bare Git
 * repository: the pull-request endpoints the adapter uses, with payloads shaped like the contract
 * samples (../shared/contracts/github/samples), GitHub's validation errors (422 duplicate, 405 not
 * mergeable with GitHub's reasons, 409 head moved), branch protection and rulesets, commit statuses
 * and check runs, reviews, labels, CODEOWNERS through the contents API, teams, {@code GET /user},
 * GitHub App JWTs and installation tokens, pagination with {@code Link} headers, and ETags (a 304
 * when {@code If-None-Match} matches).
 *
 * <p>Every request is checked against the contract's mandatory headers ({@code Accept}, {@code
 * X-GitHub-Api-Version: 2022-11-28}, {@code User-Agent}) and credentials; {@link #violations()}
 * lists what was wrong. {@link #requests()} is the log ("METHOD /path?query") for counting.
 */
public final class GitHubSimulator extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who GitHub's merge button commits as. */
  private static final PersonIdent MERGE_BUTTON = BareRepo.at("GitHub", "noreply@github.com");

  private static final Pattern REPO = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");

  /** Classic branch protection as the simulator enforces it. */
  public record Protection(
      List<String> requiredChecks,
      int requiredApprovals,
      boolean dismissStaleReviews,
      boolean requireCodeOwnerReviews,
      boolean strict) {}

  // at: when it was posted; GitHub's created_at and updated_at do not move when it is read
  private record Status(
      String context, String state, String targetUrl, String description, Instant at) {}

  private record CheckRun(long id, String name, String status, String conclusion) {}

  private record Review(long id, String login, String state, String commitId, Instant at) {}

  private static final class Pull {
    long number;
    String title;
    String body;
    String head;
    String base;
    String state = "open";
    boolean draft;
    boolean merged;
    String autoMerge;
    String frozenHead;
    String mergeCommit;
    Instant createdAt;
    Instant updatedAt;
    Instant closedAt;
    Instant mergedAt;
    final List<String> labels = new ArrayList<>();
    final Set<String> reviewers = new LinkedHashSet<>();
    final Set<String> teams = new LinkedHashSet<>();
    final List<Review> reviews = new ArrayList<>();
    final List<String> comments = new ArrayList<>();
    String user;
  }

  private final BareRepo git;
  private final Clock clock;
  private final String owner;
  private final String name;
  private final String token;
  private final Map<Long, Pull> pulls = new LinkedHashMap<>();
  private final Map<String, Map<String, Status>> statuses = new LinkedHashMap<>();
  private final Map<String, Map<String, CheckRun>> checkRuns = new LinkedHashMap<>();
  private final Map<String, Protection> protections = new LinkedHashMap<>();
  private final Map<String, List<Map<String, Object>>> rules = new LinkedHashMap<>();
  private final Map<String, List<String>> teams = new LinkedHashMap<>();
  private final Map<String, Instant> installationTokens = new LinkedHashMap<>();
  private final List<Map<String, Object>> codeOwnersErrors = new ArrayList<>();
  private final Set<String> notCollaborators = new LinkedHashSet<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger notModified =
      new java.util.concurrent.atomic.AtomicInteger();
  private int inlineContentLimit = 1024 * 1024;
  private long nextNumber = 1;
  private long nextId = 1000;
  private boolean protectionNeedsAdmin;
  private int mergeableNullReads;
  private String userLogin = "promotion-bot";
  private RSAPublicKey appKey;
  private long appId;
  private long installationId;

  private record Fault(
      String method, Predicate<String> path, MockResponse response, boolean afterHandling) {}

  /**
   * A simulator of {@code owner/name} whose branches live in {@code git}, accepting {@code token}
   * as {@code Authorization: Bearer}.
   */
  public GitHubSimulator(BareRepo git, Clock clock, String owner, String name, String token) {
    this.git = git;
    this.clock = clock;
    this.owner = owner;
    this.name = name;
    this.token = token;
  }

  // ------------------------------------------------------------------ test hooks

  /** The requests served, as "METHOD /path?query", oldest first. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the request log (and the count of 304 answers). */
  public void clearRequests() {
    requests.clear();
    notModified.set(0);
  }

  /** How many requests since {@link #clearRequests()} were answered 304 Not Modified. */
  public int notModifiedCount() {
    return notModified.get();
  }

  /** Contract violations seen (missing headers, bad credentials, malformed bodies). */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** Protects {@code branch} with classic protection. */
  public synchronized void protect(String branch, Protection protection) {
    protections.put(branch, protection);
  }

  /** Adds a ruleset rule ({@code {type, parameters}}) that applies to {@code branch}. */
  public synchronized void rule(String branch, Map<String, Object> rule) {
    rules.computeIfAbsent(branch, b -> new ArrayList<>()).add(rule);
  }

  /** Classic protection answers 403 (the token lacks administration rights). */
  public synchronized void protectionNeedsAdmin(boolean needsAdmin) {
    this.protectionNeedsAdmin = needsAdmin;
  }

  /** The next {@code reads} reads of a pull request answer {@code mergeable: null}. */
  public synchronized void mergeableNotComputedFor(int reads) {
    this.mergeableNullReads = reads;
  }

  /** Team {@code org/slug} with these members. */
  public synchronized void team(String orgSlashSlug, String... members) {
    teams.put(orgSlashSlug, List.of(members));
  }

  /** What {@code GET /codeowners/errors} reports. */
  public synchronized void codeOwnersError(Map<String, Object> error) {
    codeOwnersErrors.add(error);
  }

  /**
   * Files larger than {@code bytes} come from the contents API without their content ({@code
   * encoding: none}), as GitHub answers for files over 1 MB; the raw media type still has them.
   */
  public synchronized void inlineContentLimit(int bytes) {
    this.inlineContentLimit = bytes;
  }

  /** A login that requested reviews refuse with 422. */
  public synchronized void notACollaborator(String login) {
    notCollaborators.add(login);
  }

  /** The login {@code GET /user} answers. */
  public synchronized void user(String login) {
    this.userLogin = login;
  }

  /** Accepts App JWTs signed by the key of {@code publicKey} for App {@code id}. */
  public synchronized void app(long id, RSAPublicKey publicKey, long installation) {
    this.appId = id;
    this.appKey = publicKey;
    this.installationId = installation;
  }

  /** The next request with {@code method} whose path matches answers {@code response} once. */
  public synchronized void failNext(String method, String pathRegex, MockResponse response) {
    Pattern p = Pattern.compile(pathRegex);
    faults.add(new Fault(method, s -> p.matcher(s).find(), response, false));
  }

  /**
   * The next request with {@code method} whose path matches is handled, and then answered with
   * {@code response} instead (the answer was lost on the way back).
   */
  public synchronized void loseAnswerOfNext(
      String method, String pathRegex, MockResponse response) {
    Pattern p = Pattern.compile(pathRegex);
    faults.add(new Fault(method, s -> p.matcher(s).find(), response, true));
  }

  /** {@code login} submits a review in {@code state} on the pull request's current head. */
  public synchronized void review(long number, String login, String state) {
    Pull p = pull(number).orElseThrow();
    p.reviews.add(new Review(nextId++, login, state, headSha(p), clock.instant()));
    p.updatedAt = clock.instant();
    p.reviewers.remove(login);
  }

  /** A commit status on {@code sha}. */
  public synchronized void status(String sha, String context, String state) {
    statuses
        .computeIfAbsent(sha, s -> new LinkedHashMap<>())
        .put(context, new Status(context, state, null, null, clock.instant()));
  }

  /** A check run on {@code sha}; the latest of a name replaces the earlier one. */
  public synchronized void checkRun(String sha, String name, String status, String conclusion) {
    checkRuns
        .computeIfAbsent(sha, s -> new LinkedHashMap<>())
        .put(name, new CheckRun(nextId++, name, status, conclusion));
  }

  /** Comments left on a pull request. */
  public synchronized List<String> comments(long number) {
    return List.copyOf(pull(number).orElseThrow().comments);
  }

  /** The labels of a pull request. */
  public synchronized List<String> labels(long number) {
    return List.copyOf(pull(number).orElseThrow().labels);
  }

  /** The requested reviewers and teams of a pull request. */
  public synchronized List<String> requestedReviewers(long number) {
    Pull p = pull(number).orElseThrow();
    List<String> out = new ArrayList<>(p.reviewers);
    p.teams.forEach(t -> out.add("team:" + t));
    return out;
  }

  /** The head branch of a pull request. */
  public synchronized String headBranch(long number) {
    return pull(number).orElseThrow().head;
  }

  /** Whether the pull request is a draft. */
  public synchronized boolean draft(long number) {
    return pull(number).orElseThrow().draft;
  }

  /** The statuses posted on {@code sha}, by context: state and description. */
  public synchronized Map<String, String> statusesOf(String sha) {
    Map<String, String> out = new LinkedHashMap<>();
    statuses
        .getOrDefault(sha, Map.of())
        .forEach((c, s) -> out.put(c, s.state() + ": " + s.description()));
    return out;
  }

  /** The number of pull requests ever opened. */
  public synchronized int pullCount() {
    return pulls.size();
  }

  // ------------------------------------------------------------------ dispatch

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    String method = request.getMethod();
    requests.add(method + " " + request.getTarget());
    Fault lost = null;
    for (Fault f : faults) {
      if (f.method().equals(method) && f.path().test(request.getTarget())) {
        faults.remove(f);
        if (!f.afterHandling()) {
          return f.response();
        }
        lost = f;
        break;
      }
    }
    Optional<MockResponse> refused = checkHeaders(request, path);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      MockResponse r = route(request, method, path, url);
      return lost != null ? lost.response() : withEtag(request, method, r);
    } catch (RuntimeException e) {
      violations.add(method + " " + path + ": " + e);
      return error(500, "simulator failure: " + e.getClass().getSimpleName());
    }
  }

  private Optional<MockResponse> checkHeaders(RecordedRequest request, String path) {
    String accept = request.getHeaders().get("Accept");
    String version = request.getHeaders().get("X-GitHub-Api-Version");
    String agent = request.getHeaders().get("User-Agent");
    String where = request.getMethod() + " " + path;
    if (agent == null || agent.isBlank()) {
      violations.add(where + ": no User-Agent");
      return Optional.of(
          error(
              403,
              "Request forbidden by administrative rules. Please make sure"
                  + " your request has a User-Agent header"));
    }
    if (accept == null || !accept.startsWith("application/vnd.github")) {
      violations.add(where + ": Accept " + accept);
    }
    if (!"2022-11-28".equals(version)) {
      violations.add(where + ": X-GitHub-Api-Version " + version);
    }
    String auth = request.getHeaders().get("Authorization");
    boolean appEndpoint =
        path.equals("/app")
            || path.startsWith("/app/")
            || path.equals("/repos/" + owner + "/" + name + "/installation");
    if (auth == null || !auth.startsWith("Bearer ")) {
      return Optional.of(error(401, "Requires authentication"));
    }
    String credential = auth.substring("Bearer ".length());
    if (appEndpoint) {
      if (!validJwt(credential)) {
        return Optional.of(error(401, "A JSON web token could not be decoded"));
      }
      return Optional.empty();
    }
    if (credential.equals(token)) {
      return Optional.empty();
    }
    Instant expiry = installationTokens.get(credential);
    if (expiry != null && clock.instant().isBefore(expiry)) {
      if (path.equals("/user")) {
        return Optional.of(error(403, "Resource not accessible by integration"));
      }
      return Optional.empty();
    }
    return Optional.of(error(401, "Bad credentials"));
  }

  private boolean validJwt(String jwt) {
    if (appKey == null) {
      return false;
    }
    try {
      var decoded =
          ((com.auth0.jwt.JWTVerifier.BaseVerification)
                  JWT.require(Algorithm.RSA256(appKey, null)).withIssuer(Long.toString(appId)))
              .build(clock)
              .verify(jwt);
      Instant iat = decoded.getIssuedAtAsInstant();
      Instant exp = decoded.getExpiresAtAsInstant();
      Instant now = clock.instant();
      if (Duration.between(iat, exp).compareTo(Duration.ofMinutes(10)) > 0
          || now.isAfter(exp)
          || now.plusSeconds(60).isBefore(iat)) {
        violations.add("JWT times: iat " + iat + ", exp " + exp + ", now " + now);
        return false;
      }
      return true;
    } catch (JWTVerificationException e) {
      // java-jwt checks exp against the system clock; the simulator checks its own clock above
      return false;
    }
  }

  private MockResponse route(RecordedRequest request, String method, String path, HttpUrl url) {
    if (path.equals("/user") && method.equals("GET")) {
      return json(
          200, Map.of("login", userLogin, "id", 1, "type", "User", "name", "Promotion Bot"));
    }
    if (path.equals("/app") && method.equals("GET")) {
      return json(200, Map.of("id", appId, "slug", "promotion-app", "name", "Promotion App"));
    }
    if (path.equals("/app/installations/" + installationId + "/access_tokens")
        && method.equals("POST")) {
      String t = "ghs_" + HexFormat.of().formatHex(sha1(Long.toString(nextId++)));
      Instant expires = clock.instant().plus(Duration.ofHours(1));
      installationTokens.put(t, expires);
      return json(201, Map.of("token", t, "expires_at", expires.toString()));
    }
    if ((path.equals("/graphql") || path.equals("/api/graphql")) && method.equals("POST")) {
      return graphql(bodyOf(request));
    }
    Matcher org = Pattern.compile("^/orgs/([^/]+)/teams/([^/]+)/members$").matcher(path);
    if (org.matches() && method.equals("GET")) {
      List<String> members = teams.get(org.group(1) + "/" + org.group(2));
      if (members == null) {
        return error(404, "Not Found");
      }
      return page(
          url, members.stream().map(m -> (Object) Map.of("login", m, "type", "User")).toList());
    }
    Matcher m = REPO.matcher(path);
    if (!m.matches() || !m.group(1).equals(owner) || !m.group(2).equals(name)) {
      return error(404, "Not Found");
    }
    String rest = m.group(3) == null ? "" : m.group(3);
    String[] seg = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
    Map<String, Object> body = bodyOf(request);
    if (rest.equals("/installation") && method.equals("GET")) {
      return json(200, Map.of("id", installationId));
    }
    if (rest.equals("/pulls") && method.equals("POST")) {
      return createPull(body);
    }
    if (rest.equals("/pulls") && method.equals("GET")) {
      return listPulls(url);
    }
    if (seg.length >= 2 && seg[0].equals("pulls")) {
      Optional<Pull> p = pull(parse(seg[1]));
      if (p.isEmpty()) {
        return error(404, "Not Found");
      }
      if (seg.length == 2 && method.equals("GET")) {
        return json(200, pullJson(p.get(), true));
      }
      if (seg.length == 2 && method.equals("PATCH")) {
        return patchPull(p.get(), body);
      }
      if (seg.length == 3 && seg[2].equals("merge") && method.equals("PUT")) {
        return merge(p.get(), body);
      }
      if (seg.length == 3 && seg[2].equals("reviews") && method.equals("GET")) {
        return page(url, p.get().reviews.stream().map(this::reviewJson).toList());
      }
      if (seg.length == 3 && seg[2].equals("requested_reviewers") && method.equals("POST")) {
        return requestReviewers(p.get(), body);
      }
    }
    if (seg.length == 3 && seg[0].equals("issues") && seg[2].equals("labels")) {
      Optional<Pull> p = pull(parse(seg[1]));
      if (p.isEmpty()) {
        return error(404, "Not Found");
      }
      @SuppressWarnings("unchecked")
      List<String> labels = (List<String>) body.getOrDefault("labels", List.of());
      if (method.equals("PUT")) {
        p.get().labels.clear();
      }
      if (method.equals("POST") || method.equals("PUT")) {
        p.get().updatedAt = clock.instant();
        labels.stream().filter(l -> !p.get().labels.contains(l)).forEach(p.get().labels::add);
        return json(200, p.get().labels.stream().map(GitHubSimulator::labelJson).toList());
      }
    }
    if (seg.length == 3
        && seg[0].equals("issues")
        && seg[2].equals("comments")
        && method.equals("POST")) {
      Optional<Pull> p = pull(parse(seg[1]));
      if (p.isEmpty()) {
        return error(404, "Not Found");
      }
      p.get().comments.add((String) body.get("body"));
      return json(201, Map.of("id", nextId++, "body", body.get("body")));
    }
    if (seg.length == 3 && seg[0].equals("commits") && seg[2].equals("status")) {
      return combinedStatus(seg[1], url);
    }
    if (seg.length == 3 && seg[0].equals("commits") && seg[2].equals("check-runs")) {
      return checkRunsOf(seg[1]);
    }
    if (seg.length == 2 && seg[0].equals("statuses") && method.equals("POST")) {
      String state = (String) body.get("state");
      if (!List.of("error", "failure", "pending", "success").contains(state)) {
        return validation("Status", "state", "invalid");
      }
      String context = (String) body.getOrDefault("context", "default");
      String description = (String) body.get("description");
      if (description != null && description.length() > 140) {
        violations.add("status description longer than 140");
      }
      statuses
          .computeIfAbsent(seg[1], s -> new LinkedHashMap<>())
          .put(
              context,
              new Status(
                  context, state, (String) body.get("target_url"), description, clock.instant()));
      return json(201, Map.of("id", nextId++, "state", state, "context", context));
    }
    if (seg.length >= 2 && seg[0].equals("branches") && method.equals("GET")) {
      return branch(rest.substring("/branches/".length()));
    }
    if (seg.length >= 3 && seg[0].equals("rules") && seg[1].equals("branches")) {
      String b = rest.substring("/rules/branches/".length());
      return json(200, rules.getOrDefault(b, List.of()));
    }
    if (seg.length >= 2 && seg[0].equals("contents") && method.equals("GET")) {
      return contents(rest.substring("/contents/".length()), url, request);
    }
    if (rest.equals("/codeowners/errors") && method.equals("GET")) {
      return json(200, Map.of("errors", codeOwnersErrors));
    }
    return error(404, "Not Found");
  }

  // ------------------------------------------------------------------ GraphQL (auto-merge only)

  private boolean autoMergeAllowed = true;

  /** Whether the repository allows auto-merge (GraphQL answers an error when not). */
  public synchronized void autoMergeAllowed(boolean allowed) {
    this.autoMergeAllowed = allowed;
  }

  /** The merge method auto-merge was enabled with on a pull request, or null. */
  public synchronized String autoMerge(long number) {
    return pull(number).orElseThrow().autoMerge;
  }

  @SuppressWarnings("unchecked")
  private MockResponse graphql(Map<String, Object> body) {
    String query = (String) body.getOrDefault("query", "");
    Map<String, Object> variables = (Map<String, Object>) body.getOrDefault("variables", Map.of());
    if (!query.contains("enablePullRequestAutoMerge")) {
      return json(
          200, Map.of("errors", List.of(Map.of("message", "unsupported by the simulator"))));
    }
    String id = (String) variables.get("id");
    for (Pull p : pulls.values()) {
      if (("PR_" + p.number).equals(id)) {
        if (!autoMergeAllowed) {
          return json(
              200,
              Map.of(
                  "data", Map.of("enablePullRequestAutoMerge", Map.of()),
                  "errors",
                      List.of(
                          Map.of(
                              "type", "UNPROCESSABLE",
                              "message",
                                  "Pull request Auto merge is not allowed for this repository"))));
        }
        p.autoMerge = (String) variables.get("method");
        return json(
            200,
            Map.of(
                "data",
                Map.of(
                    "enablePullRequestAutoMerge",
                    Map.of("pullRequest", Map.of("number", p.number)))));
      }
    }
    return json(
        200,
        Map.of(
            "errors",
            List.of(
                Map.of(
                    "type",
                    "NOT_FOUND",
                    "message",
                    "Could not resolve to a node with the global id of '" + id + "'"))));
  }

  // ------------------------------------------------------------------ pulls

  private MockResponse createPull(Map<String, Object> body) {
    String head = (String) body.get("head");
    String base = (String) body.get("base");
    if (head == null || base == null || body.get("title") == null) {
      return validation(
          "PullRequest", head == null ? "head" : base == null ? "base" : "title", "missing_field");
    }
    if (head.contains(":")) {
      head = head.substring(head.indexOf(':') + 1);
    }
    if (git.head(head).isEmpty()) {
      return validation("PullRequest", "head", "invalid");
    }
    if (git.head(base).isEmpty()) {
      return validation("PullRequest", "base", "invalid");
    }
    for (Pull p : pulls.values()) {
      if (p.state.equals("open") && p.head.equals(head) && p.base.equals(base)) {
        return customValidation(
            "A pull request already exists for " + owner + ":" + head + ".",
            Optional.of("https://docs.github.com/rest/pulls/pulls#create-a-pull-request"));
      }
    }
    if (git.sameTree(git.head(head).get(), git.head(base).get())) {
      return customValidation("No commits between " + base + " and " + head, Optional.empty());
    }
    String text = (String) body.get("body");
    if (text != null && text.length() > 65_536) {
      return validation("Issue", "body", "too_long");
    }
    String title = (String) body.get("title");
    if (title.length() > 256) {
      return validation("Issue", "title", "too_long");
    }
    Pull p = new Pull();
    p.number = nextNumber++;
    p.title = title;
    p.body = text;
    p.head = head;
    p.base = base;
    p.draft = Boolean.TRUE.equals(body.get("draft"));
    p.createdAt = clock.instant();
    p.user = userLogin;
    pulls.put(p.number, p);
    return json(201, pullJson(p, false))
        .newBuilder()
        .addHeader("Location", "/repos/" + owner + "/" + name + "/pulls/" + p.number)
        .build();
  }

  private MockResponse listPulls(HttpUrl url) {
    String state = Optional.ofNullable(url.queryParameter("state")).orElse("open");
    String head = url.queryParameter("head");
    String base = url.queryParameter("base");
    String direction = url.queryParameter("direction");
    List<Pull> found = new ArrayList<>();
    for (Pull p : pulls.values()) {
      if (!state.equals("all") && !p.state.equals(state)) {
        continue;
      }
      // GitHub ignores a head filter without its owner: prefix
      if (head != null && head.contains(":")) {
        String o = head.substring(0, head.indexOf(':'));
        String b = head.substring(head.indexOf(':') + 1);
        if (!o.equals(owner) || !b.equals(p.head)) {
          continue;
        }
      }
      if (base != null && !base.equals(p.base)) {
        continue;
      }
      found.add(p);
    }
    found.sort(Comparator.comparingLong((Pull p) -> p.number));
    if (!"asc".equals(direction)) {
      java.util.Collections.reverse(found);
    }
    return page(url, found.stream().map(p -> (Object) pullJson(p, false)).toList());
  }

  private MockResponse patchPull(Pull p, Map<String, Object> body) {
    p.updatedAt = clock.instant();
    if (body.containsKey("title")) {
      p.title = (String) body.get("title");
    }
    if (body.containsKey("body")) {
      p.body = (String) body.get("body");
    }
    if ("closed".equals(body.get("state")) && p.state.equals("open")) {
      p.frozenHead = headSha(p);
      p.state = "closed";
      p.closedAt = clock.instant();
    }
    return json(200, pullJson(p, true));
  }

  private MockResponse requestReviewers(Pull p, Map<String, Object> body) {
    @SuppressWarnings("unchecked")
    List<String> users = (List<String>) body.getOrDefault("reviewers", List.of());
    @SuppressWarnings("unchecked")
    List<String> teamSlugs = (List<String>) body.getOrDefault("team_reviewers", List.of());
    for (String u : users) {
      if (notCollaborators.contains(u)) {
        return json(
            422,
            Map.of(
                "message",
                "Reviews may only be requested from collaborators. One or more of the users or"
                    + " teams you specified is not a collaborator of the "
                    + owner
                    + "/"
                    + name
                    + " repository."));
      }
    }
    p.updatedAt = clock.instant();
    p.reviewers.addAll(users);
    p.teams.addAll(teamSlugs);
    return json(201, pullJson(p, false));
  }

  private MockResponse merge(Pull p, Map<String, Object> body) {
    if (!p.state.equals("open")) {
      return error(405, "Pull Request is not mergeable");
    }
    String head = headSha(p);
    Object sha = body.get("sha");
    if (sha != null && !sha.equals(head)) {
      return error(409, "Head branch was modified. Review and try the merge again.");
    }
    String method = (String) body.getOrDefault("merge_method", "merge");
    if (!List.of("merge", "squash", "rebase").contains(method)) {
      return validation("PullRequest", "merge_method", "invalid");
    }
    Optional<String> blocked = blockedBy(p, head);
    if (blocked.isPresent()) {
      return error(405, blocked.get());
    }
    String baseSha = git.head(p.base).orElseThrow();
    Optional<ObjectId> tree = git.mergeTree(baseSha, head);
    if (tree.isEmpty()) {
      return error(405, "Pull Request is not mergeable");
    }
    String title =
        (String)
            body.getOrDefault(
                "commit_title",
                "Merge pull request #" + p.number + " from " + owner + "/" + p.head);
    String message = (String) body.getOrDefault("commit_message", "");
    String commit =
        git.writeMerge(
            p.base,
            baseSha,
            head,
            tree.get(),
            message.isEmpty() ? title : title + "\n\n" + message,
            !method.equals("merge"),
            MERGE_BUTTON);
    p.frozenHead = head;
    p.updatedAt = clock.instant();
    p.merged = true;
    p.mergeCommit = commit;
    p.state = "closed";
    p.mergedAt = clock.instant();
    p.closedAt = p.mergedAt;
    return json(
        200, Map.of("sha", commit, "merged", true, "message", "Pull Request successfully merged"));
  }

  /** Why protection refuses the merge, in GitHub's words; empty when it allows it. */
  private Optional<String> blockedBy(Pull p, String head) {
    Protection prot = protections.get(p.base);
    if (prot == null) {
      return Optional.empty();
    }
    for (String required : prot.requiredChecks()) {
      Status s = statuses.getOrDefault(head, Map.of()).get(required);
      CheckRun c = checkRuns.getOrDefault(head, Map.of()).get(required);
      boolean statusOk = s == null || s.state().equals("success");
      boolean checkOk =
          c == null
              || (c.status().equals("completed")
                  && List.of("success", "neutral", "skipped").contains(c.conclusion()));
      if ((s == null && c == null) || !statusOk || !checkOk) {
        return Optional.of("Required status check \"" + required + "\" is expected.");
      }
    }
    Map<String, Review> latest = new LinkedHashMap<>();
    for (Review r : p.reviews) {
      if (!r.state().equals("COMMENTED") && !r.state().equals("PENDING")) {
        latest.put(r.login(), r);
      }
    }
    if (latest.values().stream().anyMatch(r -> r.state().equals("CHANGES_REQUESTED"))) {
      return Optional.of("Changes have been requested.");
    }
    long approvals =
        latest.values().stream()
            .filter(r -> r.state().equals("APPROVED"))
            .filter(r -> !prot.dismissStaleReviews() || r.commitId().equals(head))
            .count();
    if (approvals < prot.requiredApprovals()) {
      return Optional.of(
          "At least "
              + prot.requiredApprovals()
              + " approving review"
              + (prot.requiredApprovals() == 1 ? " is" : "s are")
              + " required by reviewers with write access.");
    }
    return Optional.empty();
  }

  private Map<String, Object> pullJson(Pull p, boolean full) {
    String head = headSha(p);
    String baseSha = git.head(p.base).orElse(head);
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("url", "https://api.github.com/repos/" + owner + "/" + name + "/pulls/" + p.number);
    j.put("id", p.number * 1000);
    j.put("node_id", "PR_" + p.number);
    j.put("html_url", "https://github.com/" + owner + "/" + name + "/pull/" + p.number);
    j.put("number", p.number);
    j.put("state", p.state);
    j.put("locked", false);
    j.put("title", p.title);
    j.put("user", Map.of("login", p.user, "id", 1, "type", "User"));
    j.put("body", p.body);
    j.put("labels", p.labels.stream().map(GitHubSimulator::labelJson).toList());
    j.put("created_at", p.createdAt.toString());
    j.put("updated_at", (p.updatedAt == null ? p.createdAt : p.updatedAt).toString());
    j.put("closed_at", p.closedAt == null ? null : p.closedAt.toString());
    j.put("merged_at", p.mergedAt == null ? null : p.mergedAt.toString());
    j.put("merge_commit_sha", p.mergeCommit);
    j.put(
        "requested_reviewers", p.reviewers.stream().map(r -> Map.of("login", r, "id", 2)).toList());
    j.put(
        "requested_teams",
        p.teams.stream().map(t -> Map.of("slug", t, "id", 3, "name", t)).toList());
    j.put("head", ref(p.head, head));
    j.put("base", ref(p.base, baseSha));
    j.put("author_association", "MEMBER");
    j.put(
        "auto_merge",
        p.autoMerge == null
            ? null
            : Map.of("merge_method", p.autoMerge.toLowerCase(java.util.Locale.ROOT)));
    j.put("draft", p.draft);
    if (full) {
      j.put("merged", p.merged);
      Boolean mergeable = null;
      String mergeableState = "unknown";
      if (p.state.equals("open")) {
        if (mergeableNullReads > 0) {
          mergeableNullReads--;
        } else {
          mergeable = git.mergeTree(baseSha, head).isPresent();
          mergeableState =
              !mergeable
                  ? "dirty"
                  : blockedBy(p, head).isPresent()
                      ? "blocked"
                      : git.contains(head, baseSha) ? "clean" : "behind";
        }
      }
      j.put("mergeable", mergeable);
      j.put("rebaseable", mergeable);
      j.put("mergeable_state", mergeableState);
      j.put("merged_by", p.merged ? Map.of("login", userLogin) : null);
      j.put("comments", p.comments.size());
      j.put("commits", 1);
      j.put("additions", 1);
      j.put("deletions", 1);
      j.put("changed_files", 1);
    }
    return j;
  }

  private Map<String, Object> ref(String branch, String sha) {
    return Map.of(
        "label",
        owner + ":" + branch,
        "ref",
        branch,
        "sha",
        sha,
        "user",
        Map.of("login", owner),
        "repo",
        Map.of("id", 1296269, "name", name, "full_name", owner + "/" + name));
  }

  private static Map<String, Object> labelJson(String l) {
    return Map.of("id", Math.abs(l.hashCode()), "name", l, "color", "f29513", "default", false);
  }

  private Map<String, Object> reviewJson(Review r) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", r.id());
    j.put("user", Map.of("login", r.login(), "id", Math.abs(r.login().hashCode()), "type", "User"));
    j.put("body", "");
    j.put("state", r.state());
    j.put("submitted_at", r.state().equals("PENDING") ? null : r.at().toString());
    j.put("commit_id", r.commitId());
    j.put("author_association", "MEMBER");
    return j;
  }

  private String headSha(Pull p) {
    if (p.frozenHead != null) {
      return p.frozenHead;
    }
    return git.head(p.head).orElse("0".repeat(40));
  }

  private Optional<Pull> pull(long number) {
    return Optional.ofNullable(pulls.get(number));
  }

  private static long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ------------------------------------------------------------------ statuses and checks

  private MockResponse combinedStatus(String ref, HttpUrl url) {
    String sha = ref.matches("[0-9a-f]{40}") ? ref : git.head(ref).orElse(ref);
    List<Status> all = new ArrayList<>(statuses.getOrDefault(sha, Map.of()).values());
    String state =
        all.stream().anyMatch(s -> s.state().equals("failure") || s.state().equals("error"))
            ? "failure"
            : all.isEmpty() || all.stream().anyMatch(s -> s.state().equals("pending"))
                ? "pending"
                : "success";
    List<Object> items = new ArrayList<>();
    for (Status s : all) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("url", "https://api.github.com/repos/" + owner + "/" + name + "/statuses/" + sha);
      j.put("id", Math.abs((sha + s.context()).hashCode()));
      j.put("state", s.state());
      j.put("description", s.description());
      j.put("target_url", s.targetUrl());
      j.put("context", s.context());
      j.put("created_at", s.at().toString());
      j.put("updated_at", s.at().toString());
      items.add(j);
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("state", state);
    j.put("statuses", items);
    j.put("sha", sha);
    j.put("total_count", items.size());
    j.put("repository", Map.of("id", 1296269, "full_name", owner + "/" + name));
    return json(200, j);
  }

  private MockResponse checkRunsOf(String ref) {
    String sha = ref.matches("[0-9a-f]{40}") ? ref : git.head(ref).orElse(ref);
    List<Object> runs = new ArrayList<>();
    for (CheckRun c : checkRuns.getOrDefault(sha, Map.of()).values()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("id", c.id());
      j.put("head_sha", sha);
      j.put("name", c.name());
      j.put("status", c.status());
      j.put("conclusion", c.conclusion());
      j.put("details_url", "https://ci.example/runs/" + c.id());
      j.put("app", Map.of("id", 1, "slug", "octoapp", "name", "Octocat App"));
      j.put("pull_requests", List.of());
      runs.add(j);
    }
    return json(200, Map.of("total_count", runs.size(), "check_runs", runs));
  }

  // ------------------------------------------------------------------ protection, contents

  private MockResponse branch(String rest) {
    boolean protection = rest.endsWith("/protection");
    String b = protection ? rest.substring(0, rest.length() - "/protection".length()) : rest;
    if (git.head(b).isEmpty()) {
      return error(404, "Branch not found");
    }
    Protection p = protections.get(b);
    if (protection) {
      if (protectionNeedsAdmin) {
        return error(403, "Resource not accessible by personal access token");
      }
      if (p == null) {
        return error(404, "Branch not protected");
      }
      Map<String, Object> j = new LinkedHashMap<>();
      j.put(
          "url",
          "https://api.github.com/repos/" + owner + "/" + name + "/branches/" + b + "/protection");
      j.put("required_status_checks", requiredChecksJson(p));
      if (p.requiredApprovals() > 0 || p.requireCodeOwnerReviews() || p.dismissStaleReviews()) {
        j.put(
            "required_pull_request_reviews",
            Map.of(
                "dismiss_stale_reviews", p.dismissStaleReviews(),
                "require_code_owner_reviews", p.requireCodeOwnerReviews(),
                "required_approving_review_count", p.requiredApprovals(),
                "require_last_push_approval", false));
      }
      j.put("enforce_admins", Map.of("enabled", true));
      j.put("required_linear_history", Map.of("enabled", false));
      return json(200, j);
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("name", b);
    j.put("commit", Map.of("sha", git.head(b).get()));
    j.put("protected", p != null);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("enabled", p != null);
    if (p != null) {
      summary.put("required_status_checks", requiredChecksJson(p));
    }
    j.put("protection", summary);
    return json(200, j);
  }

  private static Map<String, Object> requiredChecksJson(Protection p) {
    return Map.of(
        "strict", p.strict(),
        "contexts", p.requiredChecks(),
        "checks",
            p.requiredChecks().stream()
                .map(
                    c -> {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("context", c);
                      m.put("app_id", null);
                      return (Object) m;
                    })
                .toList());
  }

  private MockResponse contents(String path, HttpUrl url, RecordedRequest request) {
    String ref = Optional.ofNullable(url.queryParameter("ref")).orElse("main");
    Optional<byte[]> bytes = git.read(ref, path);
    if (bytes.isEmpty()) {
      return error(404, "Not Found");
    }
    String accept = request.getHeaders().get("Accept");
    if (accept != null && accept.contains("raw")) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/vnd.github.v3.raw")
          .body(new String(bytes.get(), StandardCharsets.UTF_8))
          .build();
    }
    boolean inline = bytes.get().length <= inlineContentLimit;
    String b64 =
        inline
            ? Base64.getMimeEncoder(60, new byte[] {'\n'}).encodeToString(bytes.get()) + "\n"
            : "";
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("type", "file");
    j.put("encoding", inline ? "base64" : "none");
    j.put("size", bytes.get().length);
    j.put("name", path.substring(path.lastIndexOf('/') + 1));
    j.put("path", path);
    j.put("content", b64);
    j.put("sha", HexFormat.of().formatHex(sha1(new String(bytes.get(), StandardCharsets.UTF_8))));
    return json(200, j);
  }

  // ------------------------------------------------------------------ HTTP helpers

  private MockResponse page(HttpUrl url, List<?> items) {
    int perPage =
        Optional.ofNullable(url.queryParameter("per_page")).map(Integer::parseInt).orElse(30);
    perPage = Math.min(100, Math.max(1, perPage));
    int page = Optional.ofNullable(url.queryParameter("page")).map(Integer::parseInt).orElse(1);
    int from = Math.min(items.size(), (page - 1) * perPage);
    int to = Math.min(items.size(), from + perPage);
    MockResponse.Builder r = json(200, items.subList(from, to)).newBuilder();
    List<String> links = new ArrayList<>();
    if (to < items.size()) {
      links.add(
          "<"
              + url.newBuilder().setQueryParameter("page", Integer.toString(page + 1)).build()
              + ">; rel=\"next\"");
      int last = (items.size() + perPage - 1) / perPage;
      links.add(
          "<"
              + url.newBuilder().setQueryParameter("page", Integer.toString(last)).build()
              + ">; rel=\"last\"");
    }
    if (page > 1) {
      links.add(
          "<"
              + url.newBuilder().setQueryParameter("page", Integer.toString(page - 1)).build()
              + ">; rel=\"prev\"");
      links.add("<" + url.newBuilder().setQueryParameter("page", "1").build() + ">; rel=\"first\"");
    }
    if (!links.isEmpty()) {
      r.addHeader("Link", String.join(", ", links));
    }
    return r.build();
  }

  private MockResponse withEtag(RecordedRequest request, String method, MockResponse r) {
    if (!method.equals("GET") || r.getCode() != 200 || r.getBody() == null) {
      return r;
    }
    okio.Buffer buffer = new okio.Buffer();
    try {
      r.getBody().writeTo(buffer);
    } catch (java.io.IOException e) {
      return r;
    }
    byte[] bytes = buffer.readByteArray();
    String etag =
        "W/\"" + HexFormat.of().formatHex(sha1(new String(bytes, StandardCharsets.UTF_8))) + "\"";
    if (etag.equals(request.getHeaders().get("If-None-Match"))) {
      notModified.incrementAndGet();
      return new MockResponse.Builder().code(304).addHeader("ETag", etag).build();
    }
    return r.newBuilder()
        .body(new String(bytes, StandardCharsets.UTF_8))
        .addHeader("ETag", etag)
        .build();
  }

  private Map<String, Object> bodyOf(RecordedRequest request) {
    if (request.getBody() == null || request.getBody().size() == 0) {
      return Map.of();
    }
    try {
      return JSON.readValue(request.getBody().utf8(), new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException e) {
      violations.add(
          request.getMethod() + " " + request.getTarget() + ": body is not a JSON object");
      return Map.of();
    }
  }

  private MockResponse json(int code, Object body) {
    try {
      return new MockResponse.Builder()
          .code(code)
          .addHeader("Content-Type", "application/json; charset=utf-8")
          .addHeader("x-ratelimit-limit", "5000")
          .addHeader("x-ratelimit-remaining", "4999")
          .addHeader("x-ratelimit-reset", Long.toString(clock.instant().getEpochSecond() + 3600))
          .addHeader("x-ratelimit-resource", "core")
          .body(JSON.writeValueAsString(body))
          .build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private MockResponse error(int code, String message) {
    return json(
        code,
        Map.of(
            "message",
            message,
            "documentation_url",
            "https://docs.github.com/rest",
            "status",
            Integer.toString(code)));
  }

  /** GitHub's 422 for a pull request that breaks a rule of its own ({@code custom}). */
  private MockResponse customValidation(String message, Optional<String> documentationUrl) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("message", "Validation Failed");
    j.put(
        "errors", List.of(Map.of("resource", "PullRequest", "code", "custom", "message", message)));
    documentationUrl.ifPresent(u -> j.put("documentation_url", u));
    return json(422, j);
  }

  private MockResponse validation(String resource, String field, String code) {
    return json(
        422,
        Map.of(
            "message",
            "Validation Failed",
            "errors",
            List.of(Map.of("resource", resource, "field", field, "code", code)),
            "documentation_url",
            "https://docs.github.com/rest"));
  }

  private static byte[] sha1(String s) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
