package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.BranchNames;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.git.config.AccessRules;
import dev.gitops.promotion.git.config.EnvironmentLayout;
import dev.gitops.promotion.git.config.GateSpec;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.schedule.Schedule;
import dev.gitops.promotion.spi.AdapterSpec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Parses {@code promotion.yaml} from SnakeYAML Engine nodes into core values. Every error names
 * {@code file:line:col} and the expected shape; unknown keys and names get a did-you-mean.
 */
public final class PipelineFileParser {

  /**
   * What a pipeline file gives.
   *
   * @param file the file name
   * @param layout the layout settings
   * @param pipeline the environments (without gates) and their order
   * @param gates per environment, the declared gates
   * @param applications the declared applications, or empty when the file has no section for them
   * @param access the access rules
   */
  public record ParsedFile(
      String file,
      LayoutSettings layout,
      Pipeline pipeline,
      Map<String, List<GateSpec>> gates,
      Optional<List<Application>> applications,
      AccessRules access,
      Optional<AdapterSpec> host,
      Map<String, AdapterSpec> agents,
      Optional<AdapterSpec> registry) {

    /** The configuration, with {@code discovered} applications when the file declares none. */
    public PromotionConfig toConfig(String source, List<Application> discovered) {
      return toConfig(source, applications.orElse(discovered), List.of());
    }

    /**
     * The configuration with {@code loaded}, the applications it works with (the declared ones, or
     * the discovered ones when the file declares none, without those left out), and what was left
     * out and why ({@link PromotionConfig#skipped()}).
     */
    public PromotionConfig toConfig(String source, List<Application> loaded, List<String> skipped) {
      return PromotionConfig.builder()
          .source(source)
          .skipped(skipped)
          .layout(layout.mode())
          .pipelineWithoutGates(pipeline)
          .applications(loaded)
          .gates(gates)
          .access(access)
          .host(host)
          .agents(agents)
          .registry(registry)
          .build();
    }

    /** The configuration with the declared applications only. */
    public PromotionConfig toConfig(String source) {
      return toConfig(source, List.of());
    }
  }

  static final String TOP_SHAPE =
      "a mapping with 'environments' (required) and optionally 'version', 'layout', 'edges',"
          + " 'applications', 'access', 'host', 'agents', 'registry'";
  private static final List<String> TOP_KEYS =
      List.of(
          "version",
          "layout",
          "environments",
          "edges",
          "applications",
          "access",
          "host",
          "agents",
          "registry");
  private static final String REGISTRY_SHAPE =
      "a mapping with kind (oci) and the registry client's settings, like {kind: oci,"
          + " dockerConfig: /home/ci/.docker/config.json}";
  private static final String AUTO_SHAPE =
      "a mapping with policy (semver, numerical, alphabetical, newestBuild, exact) and its"
          + " settings, like {policy: semver, range: \">=1.0.0 <2.0.0\"}, or Flux's shape"
          + " {policy: {semver: {range: ...}}, filterTags: {...}}";

  private static final String HOST_SHAPE =
      "a mapping with kind (like github or gitlab) and the host's settings, like {kind: github,"
          + " repository: myorg/gitops-config}";
  private static final String AGENTS_SHAPE =
      "a mapping from environment name to an agent, like {production: {kind: argocd, url:"
          + " https://argocd.example}}";
  private static final String AGENT_SHAPE =
      "a mapping with kind (like argocd or flux) and the agent's settings";
  private static final int ADAPTER_DEPTH = 4;

  private static final String LAYOUT_SHAPE =
      "'folders', 'branches', or a mapping with environments (folders|branches), branch,"
          + " branchPrefix, path, format";
  private static final List<String> LAYOUT_KEYS =
      List.of("environments", "branch", "branchPrefix", "path", "format");

  private static final String ENVS_SHAPE =
      "a non-empty list of environments, like [{name: dev, delivery: direct}, {name: staging}]";
  private static final String ENV_SHAPE =
      "an environment name, or a mapping with name (required), delivery, branch, requireDigest,"
          + " production, provenance, gates, auto";
  private static final List<String> ENV_KEYS =
      List.of(
          "name",
          "delivery",
          "branch",
          "requireDigest",
          "production",
          "provenance",
          "gates",
          "auto");
  private static final List<String> DELIVERIES = List.of("direct", "change-request");
  private static final List<String> PROVENANCES = List.of("current", "current-or-past");

  private static final String EDGES_SHAPE =
      "a list of edges, each [from, to] or 'from -> to', like [[dev, staging], [staging, prod]]";

  private static final String GATES_SHAPE =
      "a list of gates, like [{name: required-checks, checks: [smoke-tests]}]";

  private static final String APPS_SHAPE =
      "a list of applications, like [{name: api-service, image: ghcr.io/myorg/api-service}]";
  private static final String APP_SHAPE =
      "a mapping with name and image (required), dependsOn, environments, locations";
  private static final List<String> APP_KEYS =
      List.of("name", "image", "dependsOn", "environments", "locations");
  private static final String LOCATION_SHAPE =
      "a path, or a mapping with path (required), format, options";
  private static final List<String> LOCATION_KEYS = List.of("path", "format", "options");

  /** The overlay format ids of promotion-overlays. */
  static final List<String> FORMATS =
      dev.gitops.promotion.overlay.OverlayFormats.all().stream()
          .map(dev.gitops.promotion.spi.OverlayFormat::id)
          .toList();

  private static final String ACCESS_SHAPE =
      "a mapping with bots, botEnvironments, promoters, delegates";
  private static final List<String> ACCESS_KEYS =
      List.of("bots", "botEnvironments", "promoters", "delegates");

  private static final Pattern SHORT_DURATION =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  private static final Pattern HOURS = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private static final Pattern CUSTOM_GATE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** The type of a gate parameter. */
  enum ParamType {
    TEXT("a text value"),
    TEXTS("a list of text values, like [a, b]"),
    COUNT("a whole number from 1 to 10"),
    BOOL("true or false"),
    DURATION("a duration like 30m, 2h, 1d or PT30M"),
    DAYS("a list of days, like [mon, tue, wed, thu, fri]"),
    HOURS("a time range like 09:00-17:00"),
    ZONE("a time-zone id like UTC or Europe/Berlin"),
    INSTANT("an ISO-8601 time like 2026-12-20T00:00:00Z"),
    SCHEDULE(
        "windows like 'Fri 15:00 to Mon 09:00 Europe/Berlin', 'Mon-Fri 09:00-17:00',"
            + " '2026-12-20T00:00 to 2027-01-04T09:00 Europe/Berlin' or"
            + " 'cron 0 22 * * mon-thu for 10h', several separated by ';'");

    final String shape;

    ParamType(String shape) {
      this.shape = shape;
    }
  }

  /** A gate parameter: its type and whether it must be given. */
  record Param(String name, ParamType type, boolean required) {}

  /** The known gates and their parameters; see {@link GateSpec}. */
  static final Map<String, List<Param>> GATE_CATALOG = gateCatalog();

  private static Map<String, List<Param>> gateCatalog() {
    Map<String, List<Param>> m = new LinkedHashMap<>();
    m.put(
        "required-checks",
        List.of(
            new Param("checks", ParamType.TEXTS, false),
            new Param("fromBranchProtection", ParamType.BOOL, false),
            new Param("allowNeutral", ParamType.BOOL, false),
            new Param("allowSkipped", ParamType.BOOL, false)));
    m.put(
        "approvals",
        List.of(
            new Param("count", ParamType.COUNT, true),
            new Param("codeOwners", ParamType.BOOL, false),
            new Param("group", ParamType.TEXT, false),
            new Param("headOnly", ParamType.BOOL, false)));
    m.put("soak", List.of(new Param("duration", ParamType.DURATION, true)));
    m.put("upstream-healthy", List.of());
    m.put(
        "change-window",
        List.of(
            new Param("days", ParamType.DAYS, false),
            new Param("hours", ParamType.HOURS, false),
            new Param("zone", ParamType.ZONE, false),
            new Param("schedule", ParamType.SCHEDULE, false),
            new Param("overrideApprovers", ParamType.TEXTS, false)));
    m.put(
        "freeze-window",
        List.of(
            new Param("from", ParamType.INSTANT, false),
            new Param("until", ParamType.INSTANT, false),
            new Param("reason", ParamType.TEXT, false),
            new Param("zone", ParamType.ZONE, false),
            new Param("schedule", ParamType.SCHEDULE, false),
            new Param("overrideApprovers", ParamType.TEXTS, false)));
    m.put("code-owners", List.of(new Param("headOnly", ParamType.BOOL, false)));
    m.put("provenance", List.of());
    m.put("pinning", List.of());
    if (!m.keySet().equals(new LinkedHashSet<>(GateSpec.KNOWN))) {
      throw new IllegalStateException("the gate catalog and GateSpec.KNOWN disagree");
    }
    return m;
  }

  private final YamlDoc doc;
  private final String defaultBranch;

  private PipelineFileParser(YamlDoc doc, String defaultBranch) {
    this.doc = doc;
    this.defaultBranch = defaultBranch;
  }

  /**
   * Parses a pipeline file.
   *
   * @throws InvalidInputException as {@code file:line:col: problem; expected shape}
   */
  public static ParsedFile parse(String file, String content, String defaultBranch) {
    YamlDoc doc =
        YamlDoc.parse(file, content, TOP_SHAPE)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "the file holds no YAML document; expected " + TOP_SHAPE,
                        file + ":1:1",
                        null));
    return new PipelineFileParser(doc, defaultBranch).parse();
  }

  private ParsedFile parse() {
    YamlDoc.Fields top = doc.fields(doc.root(), "the pipeline file", TOP_KEYS, TOP_SHAPE);
    top.get("version").ifPresent(v -> doc.integer(v, "'version'", 1, 1));
    LayoutSettings layout = layout(top.get("layout"));

    Node envsNode = top.require("environments", ENVS_SHAPE);
    List<Node> envItems = doc.list(envsNode, "'environments'", ENVS_SHAPE);
    if (envItems.isEmpty()) {
      throw doc.error(envsNode, "'environments' is an empty list", ENVS_SHAPE);
    }
    Map<String, Node> nameNodes = new LinkedHashMap<>();
    Map<String, Node> envNodes = new LinkedHashMap<>();
    for (Node item : envItems) {
      Node nameNode =
          item instanceof ScalarNode
              ? item
              : doc.fields(item, "an environment", ENV_KEYS, ENV_SHAPE)
                  .require("name", "the environment's name, like dev");
      String name = doc.text(nameNode, "the environment's name");
      checkName(nameNode, "environment", name);
      Node earlier = nameNodes.put(name, nameNode);
      if (earlier != null) {
        throw doc.error(
            nameNode,
            "environment '" + name + "' is declared twice (first at " + doc.at(earlier) + ")",
            "unique environment names");
      }
      envNodes.put(name, item);
    }
    List<String> envNames = List.copyOf(envNodes.keySet());

    Optional<Node> edgesNode = top.get("edges");
    List<String[]> edges = edgesNode.map(n -> edges(n, envNames)).orElse(List.of());
    Set<String> withUpstream = new HashSet<>();
    edges.forEach(e -> withUpstream.add(e[1]));

    Map<String, List<GateSpec>> gates = new LinkedHashMap<>();
    Pipeline.Builder pipeline = Pipeline.builder();
    for (var en : envNodes.entrySet()) {
      boolean entry =
          edges.isEmpty()
              ? en.getKey().equals(envNames.get(0))
              : !withUpstream.contains(en.getKey());
      pipeline.add(environment(en.getKey(), en.getValue(), entry, layout, gates));
    }
    edges.forEach(e -> pipeline.edge(e[0], e[1]));
    Pipeline built;
    try {
      built = pipeline.build();
    } catch (InvalidInputException e) {
      throw doc.error(
          edgesNode.orElse(envsNode),
          "the pipeline is not valid: " + e.getMessage(),
          "one entry environment, no cycles, every environment reachable from the entry");
    }

    Optional<List<Application>> apps =
        top.get("applications").map(n -> applications(n, envNames, layout));
    AccessRules access = top.get("access").map(n -> access(n, envNames)).orElse(AccessRules.NONE);
    Optional<AdapterSpec> host = top.get("host").map(n -> adapter(n, "'host'", HOST_SHAPE));
    Map<String, AdapterSpec> agents =
        top.get("agents").map(n -> agents(n, envNames)).orElse(Map.of());
    Optional<AdapterSpec> registry =
        top.get("registry").map(n -> adapter(n, "'registry'", REGISTRY_SHAPE));
    return new ParsedFile(doc.file(), layout, built, gates, apps, access, host, agents, registry);
  }

  private Map<String, AdapterSpec> agents(Node node, List<String> envNames) {
    Map<String, AdapterSpec> agents = new LinkedHashMap<>();
    for (var e : doc.anyKeys(node, "'agents'", AGENTS_SHAPE).entrySet()) {
      String env = e.getKey();
      if (!envNames.contains(env)) {
        throw doc.error(
            e.getValue().getKeyNode(),
            "'agents' names unknown environment '" + env + "'" + DidYouMean.hint(env, envNames),
            "one of: " + String.join(", ", envNames));
      }
      agents.put(env, adapter(e.getValue().getValueNode(), "the agent of " + env, AGENT_SHAPE));
    }
    return Map.copyOf(agents);
  }

  private AdapterSpec adapter(Node node, String what, String shape) {
    Map<String, NodeTuple> keys = doc.anyKeys(node, what, shape);
    NodeTuple kindTuple = keys.get("kind");
    if (kindTuple == null) {
      throw doc.error(node, what + " has no 'kind'", shape);
    }
    Node kindNode = kindTuple.getValueNode();
    String kind = doc.text(kindNode, "the kind of " + what);
    if (!CUSTOM_GATE_NAME.matcher(kind).matches()) {
      throw doc.error(kindNode, "invalid kind '" + kind + "' of " + what, shape);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (var t : keys.entrySet()) {
      if (!t.getKey().equals("kind")) {
        settings.put(
            t.getKey(),
            adapterValue(t.getValue().getValueNode(), "'" + t.getKey() + "' of " + what, 1));
      }
    }
    return new AdapterSpec(kind, settings, doc.at(node));
  }

  private Object adapterValue(Node node, String what, int depth) {
    if (node instanceof ScalarNode) {
      return doc.text(node, what);
    }
    if (node instanceof SequenceNode) {
      return List.copyOf(doc.texts(node, what));
    }
    if (depth >= ADAPTER_DEPTH) {
      throw doc.error(node, what + " is nested too deeply", "at most " + ADAPTER_DEPTH + " levels");
    }
    Map<String, Object> nested = new LinkedHashMap<>();
    for (var t : doc.anyKeys(node, what, "a text, a list of texts or a mapping").entrySet()) {
      nested.put(
          t.getKey(),
          adapterValue(t.getValue().getValueNode(), "'" + t.getKey() + "' of " + what, depth + 1));
    }
    return Map.copyOf(nested);
  }

  private LayoutSettings layout(Optional<Node> node) {
    LayoutSettings seed = LayoutSettings.seed(defaultBranch);
    if (node.isEmpty()) {
      return seed;
    }
    Node n = node.get();
    if (n instanceof ScalarNode) {
      return withMode(seed, doc.oneOf(n, "'layout'", List.of("folders", "branches")));
    }
    YamlDoc.Fields f = doc.fields(n, "'layout'", LAYOUT_KEYS, LAYOUT_SHAPE);
    LayoutSettings l = seed;
    if (f.get("environments").isPresent()) {
      l =
          withMode(
              l,
              doc.oneOf(
                  f.get("environments").get(),
                  "'layout.environments'",
                  List.of("folders", "branches")));
    }
    String branch = l.branch();
    if (f.get("branch").isPresent()) {
      branch = branchName(f.get("branch").get(), "'layout.branch'");
    }
    String prefix = l.branchPrefix();
    if (f.get("branchPrefix").isPresent()) {
      Node p = f.get("branchPrefix").get();
      prefix = doc.text(p, "'layout.branchPrefix'");
      checkBranch(p, prefix + "x", "'layout.branchPrefix'");
    }
    String template = l.pathTemplate();
    if (f.get("path").isPresent()) {
      Node p = f.get("path").get();
      template = doc.text(p, "'layout.path'");
      checkTemplate(p, template, l.mode());
    }
    String format = l.format();
    if (f.get("format").isPresent()) {
      format = doc.oneOf(f.get("format").get(), "'layout.format'", FORMATS);
    }
    return new LayoutSettings(l.mode(), branch, prefix, template, format);
  }

  private static LayoutSettings withMode(LayoutSettings l, String mode) {
    return new LayoutSettings(
        mode.equals("branches") ? EnvironmentLayout.BRANCHES : EnvironmentLayout.FOLDERS,
        l.branch(),
        l.branchPrefix(),
        l.pathTemplate(),
        l.format());
  }

  private void checkTemplate(Node node, String template, EnvironmentLayout mode) {
    String shape =
        "a repository path with {app} and, for folders, {env}, like "
            + LayoutSettings.SEED_TEMPLATE;
    String rest = template.replace("{app}", "").replace("{env}", "");
    if (rest.contains("{") || rest.contains("}")) {
      throw doc.error(node, "'layout.path' has a placeholder other than {app} and {env}", shape);
    }
    if (!template.contains("{app}")) {
      throw doc.error(node, "'layout.path' has no {app} placeholder", shape);
    }
    if (mode == EnvironmentLayout.FOLDERS && !template.contains("{env}")) {
      throw doc.error(
          node,
          "'layout.path' has no {env} placeholder, so every environment would share one file",
          shape);
    }
    checkPath(node, template.replace("{app}", "app").replace("{env}", "env"), shape);
  }

  private Environment environment(
      String name,
      Node item,
      boolean entry,
      LayoutSettings layout,
      Map<String, List<GateSpec>> gates) {
    Environment.Builder b = Environment.builder().name(name);
    if (item instanceof ScalarNode) {
      return b.delivery(entry ? Delivery.DIRECT_COMMIT : Delivery.CHANGE_REQUEST)
          .branch(layout.branchOf(name))
          .build();
    }
    String what = "environment '" + name + "'";
    YamlDoc.Fields f = doc.fields(item, what, ENV_KEYS, ENV_SHAPE);
    b.delivery(
        f.get("delivery")
            .map(n -> doc.oneOf(n, "'delivery' of " + what, DELIVERIES))
            .map(d -> d.equals("direct") ? Delivery.DIRECT_COMMIT : Delivery.CHANGE_REQUEST)
            .orElse(entry ? Delivery.DIRECT_COMMIT : Delivery.CHANGE_REQUEST));
    b.branch(
        f.get("branch")
            .map(n -> branchName(n, "'branch' of " + what))
            .orElse(layout.branchOf(name)));
    f.get("requireDigest")
        .ifPresent(n -> b.requireDigest(doc.bool(n, "'requireDigest' of " + what)));
    f.get("production").ifPresent(n -> b.production(doc.bool(n, "'production' of " + what)));
    f.get("provenance")
        .ifPresent(
            n ->
                b.provenance(
                    doc.oneOf(n, "'provenance' of " + what, PROVENANCES).equals("current")
                        ? Environment.Provenance.CURRENT
                        : Environment.Provenance.CURRENT_OR_PAST));
    f.get("auto").ifPresent(n -> b.autoPromotion(autoPolicy(n, what)));
    Optional<Node> gatesNode = f.get("gates");
    if (gatesNode.isPresent()) {
      List<GateSpec> specs = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Node g : doc.list(gatesNode.get(), "'gates' of " + what, GATES_SHAPE)) {
        GateSpec spec = gate(g, what);
        if (!seen.add(spec.name())) {
          throw doc.error(
              g, "gate '" + spec.name() + "' is declared twice in " + what, "each gate once");
        }
        specs.add(spec);
      }
      gates.put(name, List.copyOf(specs));
    }
    try {
      return b.build();
    } catch (InvalidInputException e) {
      throw doc.error(item, e.getMessage(), ENV_SHAPE);
    }
  }

  // auto: {policy: semver, range: ...} (short) or {policy: {semver: {...}}, filterTags: {...}}
  @SuppressWarnings("unchecked")
  private dev.gitops.promotion.selection.TagPolicy autoPolicy(Node node, String env) {
    String what = "'auto' of " + env;
    Object value = adapterValue(node, what, 1);
    if (!(value instanceof Map<?, ?>)) {
      throw doc.error(node, what + " must be a mapping", AUTO_SHAPE);
    }
    Map<String, Object> given = (Map<String, Object>) value;
    Map<String, Object> spec = new LinkedHashMap<>();
    Object policy = given.get("policy");
    if (policy instanceof String kind) {
      Map<String, Object> params = new LinkedHashMap<>(given);
      params.remove("policy");
      Object filter = params.remove("filterTags");
      spec.put("policy", Map.of(kind, params));
      if (filter != null) {
        spec.put("filterTags", filter);
      }
    } else {
      spec.putAll(given);
    }
    try {
      return dev.gitops.promotion.selection.TagPolicy.fromSpec(spec, doc.at(node));
    } catch (InvalidInputException e) {
      throw doc.error(node, what + ": " + e.getMessage(), AUTO_SHAPE);
    }
  }

  private GateSpec gate(Node node, String env) {
    String shape =
        "a gate name or a mapping with name and the gate's parameters; known gates: "
            + String.join(", ", GATE_CATALOG.keySet());
    Node nameNode;
    Map<String, NodeTuple> keys;
    if (node instanceof ScalarNode) {
      nameNode = node;
      keys = Map.of();
    } else {
      keys = doc.anyKeys(node, "a gate of " + env, shape);
      NodeTuple n = keys.get("name");
      if (n == null) {
        throw doc.error(node, "a gate of " + env + " has no 'name'", shape);
      }
      nameNode = n.getValueNode();
    }
    String name = doc.text(nameNode, "a gate's name");
    List<Param> params = GATE_CATALOG.get(name);
    if (params == null) {
      // a custom gate: its parameters go to the gate factory as written, which refuses names it
      // does not know (with this location); a near miss of a built-in name is a typo, caught here
      Optional<String> close = DidYouMean.suggest(name, GATE_CATALOG.keySet());
      if (close.isPresent()) {
        throw doc.error(
            nameNode,
            "unknown gate '" + name + "' in " + env + "; did you mean '" + close.get() + "'?",
            "one of: "
                + String.join(", ", GATE_CATALOG.keySet())
                + ", or a custom gate registered with the gate factory");
      }
      if (!CUSTOM_GATE_NAME.matcher(name).matches()) {
        throw doc.error(
            nameNode,
            "invalid gate name '" + name + "' in " + env,
            "a built-in gate ("
                + String.join(", ", GATE_CATALOG.keySet())
                + ") or a custom gate's name: lowercase letters, digits and '-'");
      }
      Map<String, Object> raw = new LinkedHashMap<>();
      for (NodeTuple t : keys.values()) {
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        if (key.equals("name")) {
          continue;
        }
        Node v = t.getValueNode();
        String what = "'" + key + "' of gate '" + name + "' of " + env;
        raw.put(key, v instanceof ScalarNode ? doc.text(v, what) : doc.texts(v, what));
      }
      return new GateSpec(name, raw, doc.at(node));
    }
    List<String> allowed = new ArrayList<>(List.of("name"));
    params.forEach(p -> allowed.add(p.name()));
    String what = "gate '" + name + "' of " + env;
    String paramShape =
        params.isEmpty()
            ? "no parameters"
            : String.join(
                ", ",
                params.stream()
                    .map(
                        p -> p.name() + (p.required() ? " (required)" : "") + ": " + p.type().shape)
                    .toList());
    Map<String, Object> values = new LinkedHashMap<>();
    for (NodeTuple t : keys.values()) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      if (!allowed.contains(key)) {
        throw doc.error(
            t.getKeyNode(),
            "unknown parameter '"
                + key
                + "' of "
                + what
                + DidYouMean.hint(key, allowed)
                + "; expected "
                + paramShape);
      }
    }
    for (Param p : params) {
      NodeTuple t = keys.get(p.name());
      if (t == null) {
        if (p.required()) {
          throw doc.error(node, what + " has no '" + p.name() + "'", paramShape);
        }
        continue;
      }
      values.put(p.name(), paramValue(t.getValueNode(), "'" + p.name() + "' of " + what, p.type()));
    }
    return new GateSpec(name, values, doc.at(node));
  }

  private Object paramValue(Node node, String what, ParamType type) {
    switch (type) {
      case TEXT:
        return doc.text(node, what);
      case TEXTS:
        {
          List<String> l = doc.texts(node, what);
          if (l.isEmpty()) {
            throw doc.error(node, what + " is an empty list", type.shape);
          }
          return List.copyOf(l);
        }
      case COUNT:
        return doc.integer(node, what, 1, 10);
      case BOOL:
        return doc.bool(node, what);
      case DURATION:
        return duration(node, what);
      case DAYS:
        {
          List<String> days = new ArrayList<>();
          for (Node d : doc.list(node, what, type.shape)) {
            days.add(doc.oneOf(d, "a day of " + what, DAYS));
          }
          if (days.isEmpty()) {
            throw doc.error(node, what + " is an empty list", type.shape);
          }
          return List.copyOf(days);
        }
      case HOURS:
        {
          String v = doc.text(node, what);
          Matcher m = HOURS.matcher(v);
          try {
            if (m.matches() && !LocalTime.parse(m.group(1)).equals(LocalTime.parse(m.group(2)))) {
              return v;
            }
          } catch (DateTimeParseException e) {
            // reported below
          }
          throw doc.error(node, what + " is '" + v + "'", type.shape);
        }
      case ZONE:
        {
          String v = doc.text(node, what);
          try {
            ZoneId.of(v);
            return v;
          } catch (DateTimeException e) {
            throw doc.error(node, what + " is '" + v + "', not a known time zone", type.shape);
          }
        }
      case INSTANT:
        {
          String v = doc.text(node, what);
          try {
            return OffsetDateTime.parse(v).toInstant();
          } catch (DateTimeParseException e) {
            try {
              return Instant.parse(v);
            } catch (DateTimeParseException e2) {
              throw doc.error(node, what + " is '" + v + "'", type.shape);
            }
          }
        }
      case SCHEDULE:
        {
          String v = doc.text(node, what);
          try {
            Schedule.parse(v);
            return v;
          } catch (InvalidInputException e) {
            throw doc.error(node, what + ": " + e.getMessage(), type.shape);
          }
        }
      default:
        throw new IllegalStateException("unhandled parameter type " + type);
    }
  }

  private Duration duration(Node node, String what) {
    String v = doc.text(node, what);
    Duration d = null;
    Matcher m = SHORT_DURATION.matcher(v);
    if (!v.isEmpty() && m.matches()) {
      d = Duration.ZERO;
      long[] unitsSeconds = {86400, 3600, 60, 1};
      for (int i = 0; i < 4; i++) {
        if (m.group(i + 1) != null) {
          d = d.plusSeconds(Long.parseLong(m.group(i + 1)) * unitsSeconds[i]);
        }
      }
    } else if (v.startsWith("P") || v.startsWith("p")) {
      try {
        d = Duration.parse(v);
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw doc.error(node, what + " is '" + v + "'", ParamType.DURATION.shape + ", above zero");
    }
    return d;
  }

  private List<String[]> edges(Node node, List<String> envNames) {
    List<String[]> edges = new ArrayList<>();
    for (Node item : doc.list(node, "'edges'", EDGES_SHAPE)) {
      Node fromNode;
      Node toNode;
      String from;
      String to;
      if (item instanceof SequenceNode seq) {
        if (seq.getValue().size() != 2) {
          throw doc.error(
              item, "an edge has " + seq.getValue().size() + " items", "[from, to], two items");
        }
        fromNode = seq.getValue().get(0);
        toNode = seq.getValue().get(1);
        from = doc.text(fromNode, "an edge's source");
        to = doc.text(toNode, "an edge's target");
      } else if (item instanceof ScalarNode) {
        String text = doc.text(item, "an edge");
        String[] parts = text.split("->", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
          throw doc.error(item, "edge '" + text + "' is not 'from -> to'", EDGES_SHAPE);
        }
        fromNode = item;
        toNode = item;
        from = parts[0].strip();
        to = parts[1].strip();
      } else {
        throw doc.error(item, "an edge is a mapping", EDGES_SHAPE);
      }
      knownName(fromNode, from, "environment", envNames);
      knownName(toNode, to, "environment", envNames);
      edges.add(new String[] {from, to});
    }
    if (edges.isEmpty()) {
      throw doc.error(
          node, "'edges' is an empty list", EDGES_SHAPE + "; or leave it out for a chain");
    }
    return edges;
  }

  private List<Application> applications(Node node, List<String> envNames, LayoutSettings layout) {
    List<Node> items = doc.list(node, "'applications'", APPS_SHAPE);
    Map<String, Node> nameNodes = new LinkedHashMap<>();
    Map<String, YamlDoc.Fields> fields = new LinkedHashMap<>();
    for (Node item : items) {
      YamlDoc.Fields f = doc.fields(item, "an application", APP_KEYS, APP_SHAPE);
      Node nameNode = f.require("name", "the application's name, like api-service");
      String name = doc.text(nameNode, "the application's name");
      checkName(nameNode, "application", name);
      Node earlier = nameNodes.put(name, nameNode);
      if (earlier != null) {
        throw doc.error(
            nameNode,
            "application '" + name + "' is declared twice (first at " + doc.at(earlier) + ")",
            "unique application names");
      }
      fields.put(name, f);
    }
    List<String> appNames = List.copyOf(fields.keySet());
    Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    List<Application> apps = new ArrayList<>();
    for (var en : fields.entrySet()) {
      String name = en.getKey();
      String what = "application '" + name + "'";
      YamlDoc.Fields f = en.getValue();
      Node imageNode = f.require("image", "the image repository, like ghcr.io/myorg/" + name);
      String image = doc.text(imageNode, "'image' of " + what);
      ImageReference ref;
      try {
        ref = ImageReference.parse(image);
      } catch (InvalidInputException e) {
        throw doc.error(
            imageNode,
            "'image' of " + what + " is not an image repository: " + e.getMessage(),
            "a repository like ghcr.io/myorg/" + name);
      }
      if (ref.tag().isPresent() || ref.digest().isPresent()) {
        throw doc.error(
            imageNode,
            "'image' of " + what + " carries a tag or digest",
            "the repository alone, like '" + ref.name() + "'");
      }
      List<String> deps = new ArrayList<>();
      Optional<Node> depsNode = f.get("dependsOn");
      if (depsNode.isPresent()) {
        List<Node> depItems =
            depsNode.get() instanceof ScalarNode
                ? List.of(depsNode.get())
                : doc.list(depsNode.get(), "'dependsOn' of " + what, "a list of application names");
        for (Node d : depItems) {
          String dep = doc.text(d, "an item of 'dependsOn' of " + what);
          if (dep.equals(name)) {
            throw doc.error(d, what + " depends on itself", "names of other applications");
          }
          knownName(d, dep, "application", appNames);
          deps.add(dep);
        }
      }
      dependsOn.put(name, deps);
      List<String> deployed = envNames;
      Optional<Node> envsNode = f.get("environments");
      if (envsNode.isPresent()) {
        deployed = new ArrayList<>();
        List<Node> envItems =
            doc.list(envsNode.get(), "'environments' of " + what, "a list of environment names");
        for (Node e : envItems) {
          String env = doc.text(e, "an item of 'environments' of " + what);
          knownName(e, env, "environment", envNames);
          deployed.add(env);
        }
        if (deployed.isEmpty()) {
          throw doc.error(
              envsNode.get(), "'environments' of " + what + " is empty", "environment names");
        }
      }
      Map<String, OverlayLocation> locations = new LinkedHashMap<>();
      for (String env : deployed) {
        locations.put(env, layout.location(name, env));
      }
      Optional<Node> locsNode = f.get("locations");
      if (locsNode.isPresent()) {
        String shape = "a mapping of environment name to " + LOCATION_SHAPE;
        for (var t : doc.anyKeys(locsNode.get(), "'locations' of " + what, shape).entrySet()) {
          Node keyNode = t.getValue().getKeyNode();
          knownName(keyNode, t.getKey(), "environment", envNames);
          if (!deployed.contains(t.getKey())) {
            throw doc.error(
                keyNode,
                what + " has a location for '" + t.getKey() + "' but is not deployed there",
                "locations only for its environments " + deployed);
          }
          locations.put(
              t.getKey(), location(t.getValue().getValueNode(), what, t.getKey(), layout));
        }
      }
      try {
        apps.add(
            Application.builder()
                .name(name)
                .imageRepository(image)
                .locations(locations)
                .dependsOn(deps)
                .build());
      } catch (InvalidInputException e) {
        throw doc.error(nameNodes.get(name), e.getMessage(), APP_SHAPE);
      }
    }
    checkNoDependencyCycle(dependsOn, fields);
    return apps;
  }

  private void checkNoDependencyCycle(
      Map<String, List<String>> dependsOn, Map<String, YamlDoc.Fields> fields) {
    Map<String, Integer> state = new LinkedHashMap<>(); // 1 visiting, 2 done
    for (String app : dependsOn.keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(app, dependsOn, state, path)) {
        String start = path.get(path.size() - 1);
        Node at = fields.get(start).get("dependsOn").orElse(fields.get(start).node());
        throw doc.error(
            at,
            "applications depend on each other in a cycle: "
                + String.join(" -> ", path.subList(path.indexOf(start), path.size())),
            "dependencies that form no cycle");
      }
    }
  }

  private static boolean cycle(
      String app, Map<String, List<String>> deps, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(app);
    if (s != null && s == 2) {
      return false;
    }
    path.add(app);
    if (s != null && s == 1) {
      return true;
    }
    state.put(app, 1);
    for (String d : deps.getOrDefault(app, List.of())) {
      if (cycle(d, deps, state, path)) {
        return true;
      }
    }
    state.put(app, 2);
    path.remove(path.size() - 1);
    return false;
  }

  private OverlayLocation location(Node node, String app, String env, LayoutSettings layout) {
    String what = "the location of " + app + " in '" + env + "'";
    if (node instanceof ScalarNode) {
      String path = doc.text(node, what);
      checkPath(node, path, LOCATION_SHAPE);
      return OverlayLocation.of(path, layout.format());
    }
    YamlDoc.Fields f = doc.fields(node, what, LOCATION_KEYS, LOCATION_SHAPE);
    Node pathNode =
        f.require("path", "a repository path, like " + layout.location("app", env).path());
    String path = doc.text(pathNode, "'path' of " + what);
    checkPath(pathNode, path, "a relative path inside the repository");
    String format =
        f.get("format")
            .map(n -> doc.oneOf(n, "'format' of " + what, FORMATS))
            .orElse(layout.format());
    Map<String, String> options = new LinkedHashMap<>();
    Optional<Node> opts = f.get("options");
    if (opts.isPresent()) {
      for (var t :
          doc.anyKeys(opts.get(), "'options' of " + what, "a mapping of option to text")
              .entrySet()) {
        options.put(
            t.getKey(),
            doc.text(t.getValue().getValueNode(), "option '" + t.getKey() + "' of " + what));
      }
    }
    return new OverlayLocation(path, format, options);
  }

  private AccessRules access(Node node, List<String> envNames) {
    YamlDoc.Fields f = doc.fields(node, "'access'", ACCESS_KEYS, ACCESS_SHAPE);
    List<String> bots = f.get("bots").map(n -> identities(n, "'access.bots'")).orElse(List.of());
    Optional<List<String>> botEnvs = Optional.empty();
    if (f.get("botEnvironments").isPresent()) {
      Node n = f.get("botEnvironments").get();
      List<String> envs = new ArrayList<>();
      for (Node e : doc.list(n, "'access.botEnvironments'", "a list of environment names")) {
        String env = doc.text(e, "an item of 'access.botEnvironments'");
        knownName(e, env, "environment", envNames);
        envs.add(env);
      }
      botEnvs = Optional.of(envs);
    }
    Map<String, List<String>> promoters = new LinkedHashMap<>();
    if (f.get("promoters").isPresent()) {
      Node n = f.get("promoters").get();
      String shape =
          "a mapping of environment name to a list of emails, like production: [\"*@myorg.com\"]";
      for (var t : doc.anyKeys(n, "'access.promoters'", shape).entrySet()) {
        knownName(t.getValue().getKeyNode(), t.getKey(), "environment", envNames);
        promoters.put(
            t.getKey(),
            identities(t.getValue().getValueNode(), "'access.promoters." + t.getKey() + "'"));
      }
    }
    List<String> delegates = new ArrayList<>();
    if (f.get("delegates").isPresent()) {
      Node n = f.get("delegates").get();
      List<Node> items =
          n instanceof ScalarNode
              ? List.of(n)
              : doc.list(n, "'access.delegates'", "a list of host logins or emails");
      for (Node i : items) {
        String v = doc.text(i, "an item of 'access.delegates'");
        if (v.isBlank() || dev.gitops.promotion.SafeText.hasControls(v)) {
          throw doc.error(
              i,
              "an item of 'access.delegates' is empty or holds control characters",
              "a host login like ci-bot or an email");
        }
        delegates.add(v);
      }
    }
    return new AccessRules(bots, botEnvs, promoters, delegates);
  }

  private List<String> identities(Node node, String what) {
    List<String> out = new ArrayList<>();
    Node listNode = node;
    List<Node> items =
        node instanceof ScalarNode ? List.of(node) : doc.list(listNode, what, "a list of emails");
    for (Node i : items) {
      String v = doc.text(i, "an item of " + what);
      if (!v.contains("@") && !v.contains("*")) {
        throw doc.error(
            i,
            "'" + v + "' in " + what + " is not an email",
            "an email like ci-bot@myorg.com, '*' matching any text");
      }
      out.add(v);
    }
    return out;
  }

  private void knownName(Node node, String name, String kind, List<String> known) {
    if (!known.contains(name)) {
      throw doc.error(
          node,
          "unknown " + kind + " '" + name + "'" + DidYouMean.hint(name, known),
          "one of the declared " + kind + "s: " + String.join(", ", known));
    }
  }

  private void checkName(Node node, String kind, String name) {
    if (!name.matches("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?")) {
      throw doc.error(
          node,
          "invalid " + kind + " name '" + name + "'",
          "1 to 63 lowercase letters, digits, '.', '_' or '-', starting and ending with a letter"
              + " or digit");
    }
  }

  private String branchName(Node node, String what) {
    String branch = doc.text(node, what);
    checkBranch(node, branch, what);
    return branch;
  }

  private void checkBranch(Node node, String branch, String what) {
    BranchNames.problem(branch)
        .ifPresent(
            problem -> {
              throw doc.error(
                  node,
                  what + " '" + branch + "' is not a valid Git branch name: " + problem,
                  "a branch name like main or env/production");
            });
  }

  private void checkPath(Node node, String path, String shape) {
    try {
      OverlayLocation.checkPath(path);
    } catch (InvalidInputException e) {
      throw doc.error(node, e.getMessage(), shape);
    }
  }
}
