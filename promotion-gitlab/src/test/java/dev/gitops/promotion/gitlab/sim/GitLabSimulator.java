package dev.gitops.promotion.gitlab.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitops.promotion.git.testing.BareRepo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A small stateful GitLab (REST v4) for MockWebServer: one project whose branches live in a real
 * bare Git repository, merge requests, approvals and approval rules, reviewers, commit statuses and
 * head pipelines, protected branches, external status checks, users and groups. Every payload is
 * built from the contract's samples (test resources {@code samples/}), so fields and shapes are
 * GitLab's. Project ids are accepted as the numeric id or the {@code %2F}-encoded path; a path that
 * arrives with literal slashes is a 404, as on GitLab behind a proxy that does not decode.
 *
 * <p>Knobs: {@link #freeTier} (no approvals API: 404), {@link #legacy406} (merge failures are 406
 * as before GitLab 9), {@link #pageSize} (pagination of lists), {@link #script} (canned responses
 * for the next matching requests: rate limits, 5xx).
 */
public final class GitLabSimulator extends Dispatcher {
  public static final String TOKEN = "glpat-SIMULATED-0123456789abcdef";
  public static final String PROJECT_PATH = "group/sub/project";
  public static final long PROJECT_ID = 15513260;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who merges merge requests (the token's user). */
  private static final PersonIdent MERGE_USER =
      BareRepo.at("Promoter Bot", "promoter-bot@example.com");

  public final BareRepo repo;
  public final Clock clock;
  public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  public volatile boolean freeTier;
  public volatile boolean legacy406;
  public volatile boolean pipelineMustSucceed;
  public volatile int pageSize = 20;
  public volatile boolean linkHeaders = true;
  public volatile boolean loseNextCreateResponse;
  public volatile String botUsername = "promoter-bot";

  public final Map<Integer, Mr> mrs = new LinkedHashMap<>();
  public final Map<String, List<ObjectNode>> statuses = new LinkedHashMap<>();
  public final Map<String, String> pipelines = new LinkedHashMap<>();
  public final Map<String, Long> users = new LinkedHashMap<>();
  public final Map<String, List<String>> groups = new LinkedHashMap<>();
  public final List<ObjectNode> protectedBranches = new ArrayList<>();
  public final List<ObjectNode> approvalRules = new ArrayList<>();
  public final List<ObjectNode> externalChecks = new ArrayList<>();
  private final Deque<Scripted> scripted = new ArrayDeque<>();
  private int nextIid = 1;
  private long nextId = 1000;

  /** One merge request's state. */
  public static final class Mr {
    public int iid;
    public String source;
    public String target;
    public String title;
    public String description;
    public List<String> labels = new ArrayList<>();
    public String state = "opened";
    public Instant createdAt;
    public Instant updatedAt;
    public Instant closedAt;
    public Instant mergedAt;
    public String mergeCommit;
    public String headAtClose;
    public boolean removeSource;
    public boolean autoMerge;
    public final Set<String> reviewers = new LinkedHashSet<>();
    public final Map<String, String> reviewerStates = new LinkedHashMap<>();
    public final Set<String> approvedBy = new LinkedHashSet<>();
    public final List<String> notes = new ArrayList<>();
  }

  private record Scripted(Predicate<RecordedRequest> when, MockResponse response) {}

  public GitLabSimulator(BareRepo repo, Clock clock) {
    this.repo = repo;
    this.clock = clock;
    users.put("promoter-bot", 4155490L);
    users.put("bob", 12L);
    users.put("carol", 13L);
    users.put("dave", 14L);
  }

  /** The next request that {@code when} matches gets {@code response} instead. */
  public synchronized void script(Predicate<RecordedRequest> when, MockResponse response) {
    scripted.add(new Scripted(when, response));
  }

  public static Predicate<RecordedRequest> is(String method, String pathPart) {
    return r -> r.getMethod().equals(method) && r.getUrl().encodedPath().contains(pathPart);
  }

  // ---------------------------------------------------------------------------- test controls

  public synchronized void approve(int iid, String who) {
    Mr mr = mrs.get(iid);
    mr.approvedBy.add(who);
    mr.reviewers.add(who);
    mr.reviewerStates.put(who, "approved");
    mr.updatedAt = clock.instant();
  }

  public synchronized void requestChanges(int iid, String who) {
    Mr mr = mrs.get(iid);
    mr.approvedBy.remove(who);
    mr.reviewers.add(who);
    mr.reviewerStates.put(who, "requested_changes");
    mr.updatedAt = clock.instant();
  }

  public synchronized void status(String sha, String name, String status, boolean allowFailure) {
    ObjectNode s = sample("commit-statuses.list.200.json").get(1).deepCopy();
    s.put("id", nextId++);
    s.put("name", name);
    s.put("status", status);
    s.put("allow_failure", allowFailure);
    s.put("sha", sha);
    s.put("created_at", clock.instant().toString());
    statuses.computeIfAbsent(sha, k -> new ArrayList<>()).add(s);
  }

  public synchronized void protect(
      String branch, int approvals, List<String> externalCheckNames, boolean codeOwners) {
    ObjectNode p = sample("protected-branch.get.200.json").deepCopy();
    p.put("id", nextId++);
    p.put("name", branch);
    p.put("code_owner_approval_required", codeOwners);
    protectedBranches.add(p);
    if (approvals > 0) {
      ObjectNode rule = JSON.createObjectNode();
      rule.put("id", nextId++);
      rule.put("name", "approvers for " + branch);
      rule.put("rule_type", "regular");
      rule.put("approvals_required", approvals);
      rule.putArray("protected_branches").add(p.deepCopy());
      approvalRules.add(rule);
    }
    for (String name : externalCheckNames) {
      ObjectNode c = JSON.createObjectNode();
      c.put("id", nextId++);
      c.put("name", name);
      c.put("project_id", PROJECT_ID);
      c.put("external_url", "https://checks.example/" + name);
      c.putArray("protected_branches").add(p.deepCopy());
      externalChecks.add(c);
    }
  }

  // -------------------------------------------------------------------------------- dispatch

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    synchronized (this) {
      for (Scripted s : scripted) {
        if (s.when().test(request)) {
          scripted.remove(s);
          return s.response();
        }
      }
      String token = request.getHeaders().get("PRIVATE-TOKEN");
      String auth = request.getHeaders().get("Authorization");
      if (!TOKEN.equals(token) && !("Bearer " + TOKEN).equals(auth)) {
        return json(401, message("401 Unauthorized"));
      }
      try {
        return route(request);
      } catch (RuntimeException e) {
        e.printStackTrace(); // a bug of the simulator: show it in the test's output
        return json(500, message("500 Internal Server Error: " + e));
      }
    }
  }

  private MockResponse route(RecordedRequest r) {
    List<String> seg = r.getUrl().pathSegments();
    String m = r.getMethod();
    if (seg.size() < 2 || !seg.get(0).equals("api") || !seg.get(1).equals("v4")) {
      return notFound();
    }
    List<String> p = seg.subList(2, seg.size());
    if (p.equals(List.of("user")) && m.equals("GET")) {
      ObjectNode u = JSON.createObjectNode();
      u.put("id", users.getOrDefault(botUsername, 1L));
      u.put("username", botUsername);
      u.put("name", "Promoter Bot");
      u.put("state", "active");
      u.put("bot", true);
      u.put("public_email", "");
      return json(200, u);
    }
    if (p.equals(List.of("users")) && m.equals("GET")) {
      ArrayNode a = JSON.createArrayNode();
      String name = r.getUrl().queryParameter("username");
      if (users.containsKey(name)) {
        a.addObject().put("id", users.get(name)).put("username", name).put("state", "active");
      }
      return json(200, a);
    }
    if (p.size() >= 3 && p.get(0).equals("groups") && p.get(2).equals("members")) {
      List<String> members = groups.get(p.get(1));
      if (members == null) {
        return notFound();
      }
      ArrayNode a = JSON.createArrayNode();
      members.forEach(u -> a.addObject().put("id", users.getOrDefault(u, 99L)).put("username", u));
      return json(200, a);
    }
    if (p.size() < 2 || !p.get(0).equals("projects")) {
      return notFound();
    }
    String id = p.get(1);
    if (!id.equals(PROJECT_PATH) && !id.equals(Long.toString(PROJECT_ID))) {
      return json(404, message("404 Project Not Found"));
    }
    List<String> rest = p.subList(2, p.size());
    if (rest.isEmpty() && m.equals("GET")) {
      ObjectNode project = JSON.createObjectNode();
      project.put("id", PROJECT_ID);
      project.put("path_with_namespace", PROJECT_PATH);
      project.put("only_allow_merge_if_pipeline_succeeds", pipelineMustSucceed);
      return json(200, project);
    }
    String first = rest.isEmpty() ? "" : rest.get(0);
    switch (first) {
      case "merge_requests":
        return mergeRequests(r, rest.subList(1, rest.size()));
      case "repository":
        return repository(r, rest.subList(1, rest.size()));
      case "statuses":
        if (m.equals("POST") && rest.size() == 2) {
          return postStatus(r, rest.get(1));
        }
        return notFound();
      case "protected_branches":
        return page(r, toArray(protectedBranches));
      case "approval_rules":
        return freeTier ? notFound() : page(r, toArray(approvalRules));
      case "external_status_checks":
        return freeTier ? notFound() : page(r, toArray(externalChecks));
      default:
        return notFound();
    }
  }

  private MockResponse repository(RecordedRequest r, List<String> rest) {
    if (rest.size() == 2 && rest.get(0).equals("branches")) {
      Optional<String> head = repo.head(rest.get(1));
      if (head.isEmpty()) {
        return json(404, message("404 Branch Not Found"));
      }
      if (r.getMethod().equals("DELETE")) {
        repo.deleteBranch(rest.get(1));
        return new MockResponse.Builder().code(204).build();
      }
      ObjectNode b = JSON.createObjectNode();
      b.put("name", rest.get(1));
      b.putObject("commit").put("id", head.get());
      return json(200, b);
    }
    if (rest.size() == 3 && rest.get(0).equals("commits") && rest.get(2).equals("statuses")) {
      ArrayNode a = JSON.createArrayNode();
      Map<String, ObjectNode> latest = new LinkedHashMap<>();
      for (ObjectNode s : statuses.getOrDefault(rest.get(1), List.of())) {
        latest.remove(s.get("name").asText());
        latest.put(s.get("name").asText(), s);
      }
      List<ObjectNode> newestFirst = new ArrayList<>(latest.values());
      java.util.Collections.reverse(newestFirst);
      newestFirst.forEach(a::add);
      return page(r, a);
    }
    if (rest.size() == 3 && rest.get(0).equals("files") && rest.get(2).equals("raw")) {
      String ref = Optional.ofNullable(r.getUrl().queryParameter("ref")).orElse("main");
      Optional<String> content = repo.readString(ref, rest.get(1));
      return content
          .map(
              c ->
                  new MockResponse.Builder()
                      .code(200)
                      .addHeader("Content-Type", "text/plain; charset=utf-8")
                      .body(c)
                      .build())
          .orElseGet(() -> json(404, message("404 File Not Found")));
    }
    return notFound();
  }

  private MockResponse postStatus(RecordedRequest r, String sha) {
    JsonNode body = body(r);
    String name = body.path("name").asText(body.path("context").asText("default"));
    String state = body.path("state").asText();
    List<ObjectNode> existing = statuses.getOrDefault(sha, List.of());
    for (int i = existing.size() - 1; i >= 0; i--) {
      if (existing.get(i).get("name").asText().equals(name)) {
        if (existing.get(i).get("status").asText().equals(state)) {
          return json(400, message("Cannot transition status via :" + state + " from :" + state));
        }
        break;
      }
    }
    status(sha, name, state, false);
    ObjectNode s = statuses.get(sha).get(statuses.get(sha).size() - 1);
    if (body.hasNonNull("target_url")) {
      s.put("target_url", body.get("target_url").asText());
    }
    if (body.hasNonNull("description")) {
      s.put("description", body.get("description").asText());
    }
    return json(201, s);
  }

  // ---------------------------------------------------------------------------- merge requests

  private MockResponse mergeRequests(RecordedRequest r, List<String> rest) {
    String m = r.getMethod();
    if (rest.isEmpty()) {
      return m.equals("POST") ? createMr(r) : listMrs(r);
    }
    Mr mr;
    try {
      mr = mrs.get(Integer.parseInt(rest.get(0)));
    } catch (NumberFormatException e) {
      mr = null;
    }
    if (mr == null) {
      return json(404, message("404 Not found"));
    }
    String sub = rest.size() > 1 ? rest.get(1) : "";
    switch (sub) {
      case "":
        if (m.equals("GET")) {
          return json(200, view(mr, true));
        }
        if (m.equals("PUT")) {
          return updateMr(r, mr);
        }
        return notFound();
      case "notes":
        mr.notes.add(body(r).path("body").asText());
        return json(201, JSON.createObjectNode().put("id", nextId++));
      case "approvals":
        if (freeTier) {
          return notFound();
        }
        return json(200, approvals(mr));
      case "approval_state":
        if (freeTier) {
          return notFound();
        }
        return json(200, approvalState(mr));
      case "reviewers":
        {
          ArrayNode a = JSON.createArrayNode();
          for (String who : mr.reviewers) {
            ObjectNode e = a.addObject();
            e.set("user", user(who));
            e.put("state", mr.reviewerStates.getOrDefault(who, "unreviewed"));
            e.put("created_at", mr.createdAt.toString());
          }
          return json(200, a);
        }
      case "merge":
        return merge(r, mr);
      default:
        return notFound();
    }
  }

  private MockResponse createMr(RecordedRequest r) {
    JsonNode b = body(r);
    String source = b.path("source_branch").asText();
    String target = b.path("target_branch").asText();
    if (repo.head(source).isEmpty()) {
      return json(404, message("404 Source branch Not Found"));
    }
    if (repo.head(target).isEmpty()) {
      return json(404, message("404 Target branch Not Found"));
    }
    for (Mr other : mrs.values()) {
      if (other.state.equals("opened")
          && other.source.equals(source)
          && other.target.equals(target)) {
        ObjectNode err = JSON.createObjectNode();
        err.putArray("message")
            .add("Another open merge request already exists for this source branch: !" + other.iid);
        return json(409, err);
      }
    }
    Mr mr = new Mr();
    mr.iid = nextIid++;
    mr.source = source;
    mr.target = target;
    mr.title = b.path("title").asText();
    mr.description = b.path("description").asText("");
    mr.labels = labels(b.path("labels").asText(""));
    mr.removeSource = b.path("remove_source_branch").asBoolean(false);
    mr.createdAt = clock.instant();
    mr.updatedAt = mr.createdAt;
    for (JsonNode id : b.path("reviewer_ids")) {
      users.entrySet().stream()
          .filter(e -> e.getValue() == id.asLong())
          .findFirst()
          .ifPresent(e -> mr.reviewers.add(e.getKey()));
    }
    mrs.put(mr.iid, mr);
    if (loseNextCreateResponse) {
      loseNextCreateResponse = false; // created, but the answer is lost on the way (a gateway 502)
      return json(502, message("502 Bad Gateway"));
    }
    return json(201, view(mr, false));
  }

  private MockResponse listMrs(RecordedRequest r) {
    HttpUrl u = r.getUrl();
    ArrayNode a = JSON.createArrayNode();
    List<Mr> all = new ArrayList<>(mrs.values());
    if ("asc".equals(u.queryParameter("sort"))) {
      all.sort(java.util.Comparator.comparing((Mr x) -> x.createdAt).thenComparing(x -> x.iid));
    } else {
      all.sort(java.util.Comparator.comparing((Mr x) -> x.createdAt).thenComparing(x -> x.iid));
      java.util.Collections.reverse(all);
    }
    for (Mr mr : all) {
      String state = u.queryParameter("state");
      if (state != null && !state.equals("all") && !state.equals(mr.state)) {
        continue;
      }
      String src = u.queryParameter("source_branch");
      if (src != null && !src.equals(mr.source)) {
        continue;
      }
      String tgt = u.queryParameter("target_branch");
      if (tgt != null && !tgt.equals(mr.target)) {
        continue;
      }
      a.add(view(mr, false));
    }
    return page(r, a);
  }

  private MockResponse updateMr(RecordedRequest r, Mr mr) {
    JsonNode b = body(r);
    if (b.has("title")) {
      mr.title = b.get("title").asText();
    }
    if (b.has("description")) {
      mr.description = b.get("description").asText();
    }
    if (b.has("labels")) {
      mr.labels = labels(b.get("labels").asText());
    }
    if (b.has("add_labels")) {
      for (String l : labels(b.get("add_labels").asText())) {
        if (!mr.labels.contains(l)) {
          mr.labels.add(l);
        }
      }
    }
    if (b.has("remove_labels")) {
      mr.labels.removeAll(labels(b.get("remove_labels").asText()));
    }
    if (b.has("reviewer_ids")) {
      mr.reviewers.clear();
      for (JsonNode id : b.get("reviewer_ids")) {
        users.entrySet().stream()
            .filter(e -> e.getValue() == id.asLong())
            .findFirst()
            .ifPresent(e -> mr.reviewers.add(e.getKey()));
      }
    }
    if (b.has("state_event")) {
      String ev = b.get("state_event").asText();
      if (ev.equals("close") && mr.state.equals("opened")) {
        mr.state = "closed";
        mr.closedAt = clock.instant();
        mr.headAtClose = repo.head(mr.source).orElse(null);
      } else if (ev.equals("reopen") && mr.state.equals("closed")) {
        mr.state = "opened";
        mr.closedAt = null;
      }
    }
    mr.updatedAt = clock.instant();
    return json(200, view(mr, true));
  }

  private MockResponse merge(RecordedRequest r, Mr mr) {
    JsonNode b = body(r);
    if (!mr.state.equals("opened")) {
      return json(405, message("405 Method Not Allowed"));
    }
    if (mr.title.startsWith("Draft:")) {
      return json(405, message("405 Method Not Allowed"));
    }
    String head = repo.head(mr.source).orElse("");
    if (b.hasNonNull("sha") && !b.get("sha").asText().equals(head)) {
      return json(409, message("SHA does not match HEAD of source branch: " + head));
    }
    boolean auto =
        b.path("auto_merge").asBoolean(false) || b.path("merge_when_pipeline_succeeds").asBoolean();
    List<String> blockers = blockers(mr);
    if (!blockers.isEmpty()) {
      if (auto && blockers.stream().allMatch(x -> x.startsWith("ci"))) {
        mr.autoMerge = true;
        return json(200, view(mr, true));
      }
      return json(405, message("405 Method Not Allowed"));
    }
    String msg = b.path("merge_commit_message").asText("Merge branch '" + mr.source + "'");
    Optional<String> merged = repo.merge(mr.target, mr.source, msg, MERGE_USER);
    if (merged.isEmpty()) {
      return json(legacy406 ? 406 : 422, message("Branch cannot be merged"));
    }
    mr.state = "merged";
    mr.mergeCommit = merged.get();
    mr.mergedAt = clock.instant();
    mr.headAtClose = head;
    if (b.path("should_remove_source_branch").asBoolean(mr.removeSource)) {
      repo.deleteBranch(mr.source);
    }
    return json(200, view(mr, true));
  }

  /** Why it cannot merge now, as GitLab's detailed_merge_status values ("ci..." wait for CI). */
  private List<String> blockers(Mr mr) {
    List<String> out = new ArrayList<>();
    String head = repo.head(mr.source).orElse("");
    if (mr.title.startsWith("Draft:")) {
      out.add("draft_status");
    }
    if (!repo.mergesCleanly(mr.target, mr.source)) {
      out.add("conflict");
    }
    if (mr.reviewerStates.containsValue("requested_changes")) {
      out.add("requested_changes");
    }
    if (mr.approvedBy.size() < requiredApprovals(mr.target)) {
      out.add("not_approved");
    }
    for (ObjectNode c : externalChecks) {
      if (applies(c, mr.target) && !latestStatus(head, c.get("name").asText()).equals("success")) {
        out.add("ci_status_checks_must_pass");
      }
    }
    if (pipelineMustSucceed && !"success".equals(pipelines.get(head))) {
      out.add("ci_must_pass");
    }
    return out;
  }

  private String latestStatus(String sha, String name) {
    String state = "";
    for (ObjectNode s : statuses.getOrDefault(sha, List.of())) {
      if (s.get("name").asText().equals(name)) {
        state = s.get("status").asText();
      }
    }
    return state;
  }

  private int requiredApprovals(String target) {
    int n = 0;
    for (ObjectNode rule : approvalRules) {
      if (applies(rule, target)) {
        n = Math.max(n, rule.get("approvals_required").asInt());
      }
    }
    return n;
  }

  private static boolean applies(ObjectNode rule, String branch) {
    JsonNode scoped = rule.path("protected_branches");
    if (!scoped.isArray() || scoped.isEmpty()) {
      return true;
    }
    for (JsonNode p : scoped) {
      if (p.path("name").asText().equals(branch)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------ payloads

  private ObjectNode view(Mr mr, boolean single) {
    ObjectNode v =
        single
            ? (ObjectNode) sampleObject("mr-get.200.json")
            : (ObjectNode) sample("mr-list.by-source-branch.200.json").get(0).deepCopy();
    v.remove("_note");
    String head =
        mr.state.equals("opened")
            ? repo.head(mr.source).orElse(mr.headAtClose)
            : mr.headAtClose != null ? mr.headAtClose : repo.head(mr.source).orElse("0");
    v.put("id", 155016000L + mr.iid);
    v.put("iid", mr.iid);
    v.put("project_id", PROJECT_ID);
    v.put("title", mr.title);
    v.put("description", mr.description);
    v.put("state", mr.state);
    v.put("created_at", mr.createdAt.toString());
    v.put("updated_at", mr.updatedAt.toString());
    v.put("source_branch", mr.source);
    v.put("target_branch", mr.target);
    v.put("sha", head);
    ArrayNode labels = v.putArray("labels");
    mr.labels.forEach(labels::add);
    boolean draft = mr.title.startsWith("Draft:");
    v.put("draft", draft);
    v.put("work_in_progress", draft);
    v.put("merge_when_pipeline_succeeds", mr.autoMerge);
    ArrayNode reviewers = v.putArray("reviewers");
    mr.reviewers.forEach(who -> reviewers.add(user(who)));
    v.put("force_remove_source_branch", mr.removeSource);
    v.put("web_url", "https://gitlab.example.com/" + PROJECT_PATH + "/-/merge_requests/" + mr.iid);
    ((ObjectNode) v.get("references")).put("short", "!" + mr.iid);
    ((ObjectNode) v.get("references")).put("full", PROJECT_PATH + "!" + mr.iid);
    if (mr.state.equals("merged")) {
      v.put("merge_commit_sha", mr.mergeCommit);
      v.put("merged_at", mr.mergedAt.toString());
      v.set("merged_by", user(botUsername));
    }
    if (mr.state.equals("closed")) {
      v.put("closed_at", mr.closedAt.toString());
      v.set("closed_by", user(botUsername));
    }
    List<String> blockers = mr.state.equals("opened") ? blockers(mr) : List.of("not_open");
    String detailed = blockers.isEmpty() ? "mergeable" : blockers.get(0);
    if (detailed.equals("ci_status_checks_must_pass")) {
      detailed = "status_checks_must_pass";
    }
    v.put("detailed_merge_status", detailed);
    v.put("merge_status", blockers.isEmpty() ? "can_be_merged" : "cannot_be_merged");
    if (single) {
      v.put("has_conflicts", blockers.contains("conflict"));
      String pipeline = pipelines.get(head);
      if (pipeline == null) {
        v.putNull("head_pipeline");
      } else {
        ObjectNode hp = (ObjectNode) v.get("head_pipeline");
        if (hp == null || hp.isNull()) {
          hp = (ObjectNode) sampleObject("mr-get.200.json").get("head_pipeline");
          v.set("head_pipeline", hp);
        }
        hp.put("sha", head);
        hp.put("status", pipeline);
        hp.put("ref", "refs/merge-requests/" + mr.iid + "/head");
      }
      ObjectNode refs = (ObjectNode) v.get("diff_refs");
      refs.put("head_sha", head);
      refs.put("base_sha", repo.head(mr.target).orElse(""));
      refs.put("start_sha", repo.head(mr.target).orElse(""));
    }
    return v;
  }

  private ObjectNode approvals(Mr mr) {
    ObjectNode a = sampleObject("mr-approvals.200.json");
    a.put("id", 155016000L + mr.iid);
    a.put("iid", mr.iid);
    a.put("title", mr.title);
    a.put("state", mr.state);
    int required = requiredApprovals(mr.target);
    a.put("approvals_required", required);
    a.put("approvals_left", Math.max(0, required - mr.approvedBy.size()));
    ArrayNode by = a.putArray("approved_by");
    for (String who : mr.approvedBy) {
      by.addObject().set("user", user(who));
    }
    return a;
  }

  private ObjectNode approvalState(Mr mr) {
    ObjectNode s = sampleObject("mr-approval_state.200.json");
    s.remove("_note");
    ObjectNode template = (ObjectNode) s.get("rules").get(0);
    ArrayNode rules = s.putArray("rules");
    for (ObjectNode rule : approvalRules) {
      if (!applies(rule, mr.target)) {
        continue;
      }
      ObjectNode r = template.deepCopy();
      r.put("id", rule.get("id").asLong());
      r.put("name", rule.get("name").asText());
      int required = rule.get("approvals_required").asInt();
      r.put("approvals_required", required);
      ArrayNode by = r.putArray("approved_by");
      mr.approvedBy.forEach(who -> by.add(user(who)));
      r.put("approved", mr.approvedBy.size() >= required);
      rules.add(r);
    }
    return s;
  }

  private ObjectNode user(String username) {
    ObjectNode u = JSON.createObjectNode();
    u.put("id", users.getOrDefault(username, 99L));
    u.put("username", username);
    u.put("name", username);
    u.put("state", "active");
    return u;
  }

  // ---------------------------------------------------------------------------- plumbing

  private MockResponse page(RecordedRequest r, ArrayNode all) {
    HttpUrl u = r.getUrl();
    int perPage =
        Math.min(
            pageSize,
            Optional.ofNullable(u.queryParameter("per_page")).map(Integer::parseInt).orElse(20));
    int page = Optional.ofNullable(u.queryParameter("page")).map(Integer::parseInt).orElse(1);
    ArrayNode out = JSON.createArrayNode();
    for (int i = (page - 1) * perPage; i < Math.min(all.size(), page * perPage); i++) {
      out.add(all.get(i));
    }
    boolean more = page * perPage < all.size();
    MockResponse.Builder b = jsonBuilder(200, out);
    b.addHeader("x-page", Integer.toString(page));
    b.addHeader("x-per-page", Integer.toString(perPage));
    b.addHeader("x-next-page", more ? Integer.toString(page + 1) : "");
    if (more && linkHeaders) {
      HttpUrl next = u.newBuilder().setQueryParameter("page", Integer.toString(page + 1)).build();
      b.addHeader("Link", "<" + next + ">; rel=\"next\"");
    }
    return b.build();
  }

  private static ArrayNode toArray(List<ObjectNode> nodes) {
    ArrayNode a = JSON.createArrayNode();
    nodes.forEach(a::add);
    return a;
  }

  private static List<String> labels(String csv) {
    List<String> out = new ArrayList<>();
    for (String l : csv.split(",")) {
      if (!l.isBlank()) {
        out.add(l.strip());
      }
    }
    return out;
  }

  private static JsonNode body(RecordedRequest r) {
    try {
      if (r.getBody() == null || r.getBody().size() == 0) {
        return JSON.createObjectNode();
      }
      return JSON.readTree(r.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode sample(String name) {
    try (InputStream in = GitLabSimulator.class.getResourceAsStream("/samples/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode sampleObject(String name) {
    ObjectNode o = (ObjectNode) sample(name).deepCopy();
    o.remove("_note");
    return o;
  }

  public static ObjectNode message(String text) {
    return JSON.createObjectNode().put("message", text);
  }

  private static MockResponse notFound() {
    return json(404, message("404 Not Found"));
  }

  public static MockResponse json(int code, JsonNode body) {
    return jsonBuilder(code, body).build();
  }

  private static MockResponse.Builder jsonBuilder(int code, JsonNode body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .addHeader("RateLimit-Limit", "600")
        .addHeader("RateLimit-Name", "throttle_authenticated_api")
        .addHeader("RateLimit-Observed", "1")
        .addHeader("RateLimit-Remaining", "599")
        .addHeader("RateLimit-Reset", "1609844400")
        .body(body.toString());
  }
}
