package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.git.config.EnvironmentLayout;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.git.internal.TreeReader.Entry;
import dev.gitops.promotion.overlay.KustomizeImages;
import dev.gitops.promotion.overlay.ManifestImages;
import dev.gitops.promotion.spi.OverlayFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Loads a {@link PromotionConfig} from a Git repository: {@code promotion.yaml} on the default
 * branch, or the layout discovered from the tree when there is no such file.
 */
public final class ConfigLoader {

  /** The environment names whose order is known without a pipeline file, in that order. */
  static final List<String> KNOWN_ORDER = List.of("dev", "staging", "production", "prod");

  /** The names kustomize accepts for a kustomization file, in its order of preference. */
  static final List<String> KUSTOMIZATION_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private static final String KUSTOMIZATION =
      "(kustomization\\.yaml|kustomization\\.yml|Kustomization)";
  private static final Pattern SEED_OVERLAY =
      Pattern.compile("apps/([^/]+)/overlays/([^/]+)/" + KUSTOMIZATION);
  private static final Pattern LINKED_FOLDER = Pattern.compile("apps/[^/]+(/overlays(/[^/]+)?)?");
  private static final String ENV_BRANCH_PREFIX = "env/";

  private final GitTree git;
  private final Map<ObjectId, Map<String, Entry>> trees = new java.util.HashMap<>();
  private final List<String> problems = new ArrayList<>();

  private ConfigLoader(GitTree git) {
    this.git = git;
  }

  /** See {@link PromotionConfig#load(Path)}. */
  public static PromotionConfig load(Path dir, Optional<String> branch) {
    try (GitTree git = GitTree.open(dir)) {
      return new ConfigLoader(git).load(branch);
    }
  }

  /** See {@link PromotionConfig#load(JGitConfigRepository)}. */
  public static PromotionConfig load(JGitConfigRepository repository, Optional<String> branch) {
    String prefix =
        repository.options().remote().map(r -> "refs/remotes/" + r + "/").orElse("refs/heads/");
    try (GitTree git = GitTree.of(repository.repository(), prefix)) {
      return new ConfigLoader(git).load(branch);
    }
  }

  private PromotionConfig load(Optional<String> requested) {
    if (requested.isPresent() && git.head(requested.get()).isEmpty()) {
      throw new InvalidInputException(
          "branch '" + requested.get() + "' does not exist in " + git.where());
    }
    Optional<String> branch = requested.isPresent() ? requested : git.defaultBranch();
    List<String> tried = new ArrayList<>();
    if (branch.isPresent()) {
      ObjectId head = git.head(branch.get()).orElseThrow();
      Optional<Entry> file = git.entry(head, PromotionConfig.FILE_NAME);
      if (file.isPresent()) {
        return fromFile(branch.get(), head, file.get());
      }
      Optional<PromotionConfig> folders = discoverFolders(branch.get(), head);
      if (folders.isPresent()) {
        return folders.get();
      }
      tried.add(
          "no "
              + PromotionConfig.FILE_NAME
              + " and no apps/<app>/overlays/<env>/kustomization.yaml on branch '"
              + branch.get()
              + "'");
    } else {
      tried.add("no branch main or master");
    }
    List<String> envBranches = git.branches(ENV_BRANCH_PREFIX);
    if (!envBranches.isEmpty()) {
      return discoverBranches(envBranches);
    }
    tried.add("no env/<environment> branches");
    throw new InvalidInputException(
        "cannot tell the environments of "
            + git.where()
            + ": "
            + String.join(", ", tried)
            + ". Write "
            + PromotionConfig.FILE_NAME
            + " at the repository root (see docs/pipeline-file.md), or use the seed layout"
            + " apps/<app>/overlays/<env>/kustomization.yaml");
  }

  // promotion.yaml is read by promotion-git's link policy: a link inside the repository is
  // followed, one that leaves it is refused (GitTree.readFile)
  private PromotionConfig fromFile(String branch, ObjectId head, Entry file) {
    Optional<String> content =
        file.isFile() || file.isSymlink()
            ? git.readFile(head, PromotionConfig.FILE_NAME)
            : Optional.empty();
    if (content.isEmpty()) {
      throw new InvalidInputException(
          PromotionConfig.FILE_NAME
              + " on branch '"
              + branch
              + "' is "
              + (file.isSymlink() ? "a symbolic link to no file" : "not a regular file")
              + "; it must be a file at the repository root",
          PromotionConfig.FILE_NAME,
          null);
    }
    PipelineFileParser.ParsedFile parsed =
        PipelineFileParser.parse(PromotionConfig.FILE_NAME, content.get(), branch);
    List<Application> apps =
        parsed.applications().orElseGet(() -> discoverApps(parsed.layout(), parsed.pipeline()));
    apps = withLocationsInside(parsed.pipeline(), apps);
    return parsed.toConfig(PromotionConfig.FILE_NAME + "@" + branch, apps, problems);
  }

  // Environments as folders on one branch: apps/<app>/overlays/<env>/kustomization.yaml.
  private Optional<PromotionConfig> discoverFolders(String branch, ObjectId head) {
    Map<String, Map<String, String>> found = new TreeMap<>(); // app -> env -> path
    Set<String> envs = new LinkedHashSet<>();
    Set<String> broken = new LinkedHashSet<>();
    for (Entry e : under(head, "apps")) {
      if (e.isSymlink() && LINKED_FOLDER.matcher(e.path()).matches()) {
        // a linked app or overlay folder would be edited through the link: that application only
        // is left out, with the reason
        skip(appOf(e.path()), linkProblem(e, branch), broken);
        continue;
      }
      Matcher m = SEED_OVERLAY.matcher(e.path());
      if (!m.matches()) {
        continue;
      }
      if (!e.isFile()) {
        skip(m.group(1), linkProblem(e, branch), broken);
        continue;
      }
      envs.add(m.group(2));
      found
          .computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
          .putIfAbsent(m.group(2), e.path());
    }
    broken.forEach(found::remove);
    if (found.isEmpty()) {
      if (!problems.isEmpty()) {
        throw new InvalidInputException(String.join("; ", problems));
      }
      return Optional.empty();
    }
    List<String> order = order(envs, "apps/*/overlays/ on branch '" + branch + "'");
    Pipeline.Builder p = Pipeline.builder();
    for (String env : order) {
      p.add(environment(env, env.equals(order.get(0)), branch));
    }
    Pipeline pipeline = p.build();
    List<Application> apps = applications(found, pipeline);
    return Optional.of(
        PromotionConfig.builder()
            .source(
                "layout discovered on branch '"
                    + branch
                    + "' (apps/<app>/overlays/<env>/kustomization.yaml; no "
                    + PromotionConfig.FILE_NAME
                    + ")")
            .layout(EnvironmentLayout.FOLDERS)
            .pipelineWithoutGates(pipeline)
            .applications(apps)
            .skipped(problems)
            .build());
  }

  // Environments as branches: env/<env>, each holding apps/<app>/overlays/<env>/kustomization.yaml
  // or apps/<app>/kustomization.yaml.
  private PromotionConfig discoverBranches(List<String> branches) {
    Set<String> envs = new LinkedHashSet<>();
    for (String b : branches) {
      String env = b.substring(ENV_BRANCH_PREFIX.length());
      if (env.contains("/")) {
        continue; // env/eu/prod: not one of ours
      }
      envs.add(env);
    }
    List<String> order = order(envs, "the branches env/*");
    Pipeline.Builder p = Pipeline.builder();
    for (String env : order) {
      p.add(environment(env, env.equals(order.get(0)), ENV_BRANCH_PREFIX + env));
    }
    Pipeline pipeline = p.build();
    Map<String, Map<String, String>> found = new TreeMap<>();
    Set<String> broken = new LinkedHashSet<>();
    for (String env : order) {
      String branch = ENV_BRANCH_PREFIX + env;
      ObjectId head = git.head(branch).orElseThrow();
      Pattern own =
          Pattern.compile("apps/([^/]+)/overlays/" + Pattern.quote(env) + "/" + KUSTOMIZATION);
      Pattern flat = Pattern.compile("apps/([^/]+)/" + KUSTOMIZATION);
      Map<String, String> ownFound = new TreeMap<>();
      Map<String, String> flatFound = new TreeMap<>();
      for (Entry e : under(head, "apps")) {
        Matcher mo = own.matcher(e.path());
        Matcher mf = flat.matcher(e.path());
        if (mo.matches() || mf.matches()) {
          if (!e.isFile()) {
            // a link where an overlay is expected: that application only is left out
            skip(mo.matches() ? mo.group(1) : mf.group(1), linkProblem(e, branch), broken);
            continue;
          }
          if (mo.matches()) {
            ownFound.putIfAbsent(mo.group(1), e.path());
          } else {
            flatFound.putIfAbsent(mf.group(1), e.path());
          }
        }
      }
      Map<String, String> chosen = ownFound.isEmpty() ? flatFound : ownFound;
      chosen.forEach(
          (app, path) -> found.computeIfAbsent(app, k -> new LinkedHashMap<>()).put(env, path));
    }
    broken.forEach(found::remove);
    if (found.isEmpty() && !problems.isEmpty()) {
      throw new InvalidInputException(String.join("; ", problems));
    }
    if (found.isEmpty()) {
      throw new InvalidInputException(
          "the branches "
              + branches
              + " hold no apps/<app>/overlays/<env>/kustomization.yaml and no"
              + " apps/<app>/kustomization.yaml; write "
              + PromotionConfig.FILE_NAME
              + " naming the applications and their locations (see docs/pipeline-file.md)");
    }
    return PromotionConfig.builder()
        .source(
            "layout discovered on the branches env/<environment> (no "
                + PromotionConfig.FILE_NAME
                + ")")
        .layout(EnvironmentLayout.BRANCHES)
        .pipelineWithoutGates(pipeline)
        .applications(applications(found, pipeline))
        .skipped(problems)
        .build();
  }

  // A pipeline file without applications: find them through the layout's path template. As in
  // the seed layout, an application whose overlay (or a folder on its way) is a link, or whose
  // image cannot be told, is left out with the reason (PromotionConfig.skipped()); the others are
  // read.
  private List<Application> discoverApps(LayoutSettings layout, Pipeline pipeline) {
    Map<String, Map<String, String>> found = new TreeMap<>();
    Set<String> broken = new LinkedHashSet<>();
    for (Environment env : pipeline.environments()) {
      Optional<ObjectId> head = git.head(env.branch());
      if (head.isEmpty()) {
        continue;
      }
      String template = layout.pathTemplate().replace("{env}", env.name());
      Pattern pattern = templatePattern(template);
      // the folders on the way to a match, from the one named by {app}: a link there is a linked
      // application folder
      List<Pattern> folders = new ArrayList<>();
      String[] components = template.split("/", -1);
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < components.length - 1; i++) {
        prefix.append(i == 0 ? "" : "/").append(components[i]);
        if (prefix.indexOf("{app}") >= 0) {
          folders.add(templatePattern(prefix.toString()));
        }
      }
      String folder = template.substring(0, Math.max(0, template.indexOf("{app}")));
      folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
      for (Entry e : under(head.get(), folder)) {
        Optional<String> app = templateApp(pattern.matcher(e.path()));
        if (app.isPresent()) {
          if (!e.isFile()) {
            skip(app.get(), linkProblem(e, env.branch()), broken);
            continue;
          }
          found.computeIfAbsent(app.get(), k -> new LinkedHashMap<>()).put(env.name(), e.path());
        } else if (!e.isFile()) {
          for (Pattern f : folders) {
            Optional<String> linked = templateApp(f.matcher(e.path()));
            if (linked.isPresent()) {
              skip(linked.get(), linkProblem(e, env.branch()), broken);
              break;
            }
          }
        }
      }
    }
    broken.forEach(found::remove);
    List<Application> apps = new ArrayList<>();
    for (var en : found.entrySet()) {
      Map<String, OverlayLocation> locations = new LinkedHashMap<>();
      en.getValue()
          .forEach((env, path) -> locations.put(env, OverlayLocation.of(path, layout.format())));
      try {
        apps.add(application(en.getKey(), locations, pipeline));
      } catch (InvalidInputException e) {
        problems.add(leftOut(en.getKey(), e.getMessage()));
      }
    }
    if (apps.isEmpty()) {
      throw new InvalidInputException(
          PromotionConfig.FILE_NAME
              + " declares no applications, and "
              + (problems.isEmpty()
                  ? "no file matches its layout path '"
                      + layout.pathTemplate()
                      + "' on the environments' branches"
                  : "every application its layout path '"
                      + layout.pathTemplate()
                      + "' finds was left out: "
                      + String.join("; ", problems))
              + "; add an 'applications' section",
          PromotionConfig.FILE_NAME,
          null);
    }
    return apps;
  }

  // A layout path (with {env} filled in) as a pattern: each {app} a name, the rest as written.
  private static Pattern templatePattern(String template) {
    StringBuilder regex = new StringBuilder();
    String[] parts = template.split("\\{app}", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append("([a-z0-9][a-z0-9._-]*)");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }

  // The application a path matched by templatePattern names; empty when it does not match, or
  // {app} appears twice with different values.
  private static Optional<String> templateApp(Matcher m) {
    if (!m.matches() || m.groupCount() == 0) {
      return Optional.empty();
    }
    String app = m.group(1);
    for (int g = 2; g <= m.groupCount(); g++) {
      if (!m.group(g).equals(app)) {
        return Optional.empty();
      }
    }
    return Optional.of(app);
  }

  private List<Application> applications(
      Map<String, Map<String, String>> found, Pipeline pipeline) {
    List<Application> apps = new ArrayList<>();
    for (var en : found.entrySet()) {
      Map<String, OverlayLocation> locations = new LinkedHashMap<>();
      for (Environment env : pipeline.environments()) {
        String path = en.getValue().get(env.name());
        if (path != null) {
          locations.put(env.name(), OverlayLocation.of(path, OverlayLocation.KUSTOMIZE));
        }
      }
      try {
        apps.add(application(en.getKey(), locations, pipeline));
      } catch (InvalidInputException e) {
        // this application only; the others are read
        problems.add(leftOut(en.getKey(), e.getMessage()));
      }
    }
    if (apps.isEmpty() && !problems.isEmpty()) {
      throw new InvalidInputException(String.join("; ", problems));
    }
    return apps;
  }

  /**
   * What discovery left out, one sentence per application (a folder name that is no application
   * name, a link where an overlay is expected, an image it cannot tell); empty with a pipeline file
   * that declares its applications.
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private void skip(String app, String problem, Set<String> broken) {
    if (broken.add(app)) {
      problems.add(leftOut(app, problem));
    }
  }

  // One sentence of PromotionConfig.skipped(): the name comes from a folder, so it is shown safe
  private static String leftOut(String app, String problem) {
    return "application '" + SafeText.escapeControls(app) + "' left out: " + problem;
  }

  private static String appOf(String path) {
    String rest = path.substring("apps/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static String linkProblem(Entry e, String branch) {
    return SafeText.escapeControls(e.path())
        + " on branch '"
        + branch
        + "' is "
        + (e.isSymlink() ? "a symbolic link" : "not a regular file")
        + "; overlays must be plain files inside the repository (promotions edit them in place)";
  }

  private Application application(
      String name, Map<String, OverlayLocation> locations, Pipeline pipeline) {
    String where = locations.values().iterator().next().directory();
    if (!name.matches("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?")) {
      throw new InvalidInputException(
          "folder name '"
              + SafeText.escapeControls(name)
              + "' ("
              + SafeText.escapeControls(where)
              + ") is not a valid application name: use 1 to 63 lowercase letters, digits, '.',"
              + " '_' or '-'; rename it, or write "
              + PromotionConfig.FILE_NAME);
    }
    String image = image(name, locations, pipeline);
    return Application.builder().name(name).imageRepository(image).locations(locations).build();
  }

  // The image repository: from the first overlay (in pipeline order) whose images: names one,
  // else from the base's kustomization, else from the base's manifests.
  private String image(String app, Map<String, OverlayLocation> locations, Pipeline pipeline) {
    Optional<ObjectId> firstHead = Optional.empty();
    for (Environment env : pipeline.environments()) {
      OverlayLocation loc = locations.get(env.name());
      if (loc == null) {
        continue;
      }
      Optional<ObjectId> head = git.head(env.branch());
      if (head.isEmpty()) {
        continue;
      }
      if (firstHead.isEmpty()) {
        firstHead = head;
      }
      Optional<Entry> file = Optional.ofNullable(files(head.get()).get(loc.path()));
      if (file.isEmpty() || !file.get().isFile()) {
        continue;
      }
      List<String> names = kustomizationImages(loc.path(), git.read(file.get()));
      if (!names.isEmpty()) {
        return choose(app, names, loc.path() + " on branch '" + env.branch() + "'");
      }
    }
    if (firstHead.isPresent()) {
      String base = "apps/" + app + "/base";
      List<String> fromManifests = new ArrayList<>();
      for (Entry e : under(firstHead.get(), base)) {
        String fileName = e.path().substring(e.path().lastIndexOf('/') + 1);
        if (!e.isFile()) {
          continue;
        }
        if (e.path().equals(base + "/" + fileName) && KUSTOMIZATION_NAMES.contains(fileName)) {
          List<String> names = kustomizationImages(e.path(), git.read(e));
          if (!names.isEmpty()) {
            return choose(app, names, e.path());
          }
        } else if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
          fromManifests.addAll(manifestImages(e.path(), git.read(e)));
        }
      }
      if (!fromManifests.isEmpty()) {
        return choose(app, new ArrayList<>(new LinkedHashSet<>(fromManifests)), base + "/");
      }
    }
    throw new InvalidInputException(
        "cannot tell the image of application '"
            + app
            + "': no images: entry in its overlays and no container image in apps/"
            + app
            + "/base; write "
            + PromotionConfig.FILE_NAME
            + " with applications: [{name: "
            + app
            + ", image: <repository>}]");
  }

  // The plain repositories (no tag, no digest) a kustomization's images: entries name, read by
  // promotion-overlays; none when the file is not a readable kustomization.
  private static List<String> kustomizationImages(String path, String content) {
    try {
      return KustomizeImages.read(new OverlayFile(path, content)).stream()
          .flatMap(entry -> ImageReference.tryParse(entry.name()).stream())
          .filter(r -> r.tag().isEmpty() && r.digest().isEmpty())
          .map(ImageReference::toString)
          .distinct()
          .toList();
    } catch (InvalidInputException e) {
      return List.of();
    }
  }

  // The repositories of the container images of a file of Kubernetes manifests, read by
  // promotion-overlays (tags and digests dropped); none when the file does not parse.
  private static List<String> manifestImages(String path, String content) {
    try {
      return ManifestImages.list(new OverlayFile(path, content)).stream()
          .flatMap(image -> ImageReference.tryParse(image.image()).stream())
          .map(ImageReference::name)
          .distinct()
          .toList();
    } catch (InvalidInputException e) {
      return List.of();
    }
  }

  private static String choose(String app, List<String> names, String where) {
    if (names.size() == 1) {
      return names.get(0);
    }
    List<String> named =
        names.stream().filter(n -> n.substring(n.lastIndexOf('/') + 1).equals(app)).toList();
    if (named.size() == 1) {
      return named.get(0);
    }
    throw new InvalidInputException(
        where
            + " names several images "
            + names
            + " and none is named after application '"
            + app
            + "'; write "
            + PromotionConfig.FILE_NAME
            + " with applications: [{name: "
            + app
            + ", image: <one of them>}]");
  }

  // A location through a symbolic link or a submodule would be edited through it: that
  // application alone is left out, with the reason, like a broken overlay; the others still load.
  // When every application is left out, the file is refused naming why.
  private List<Application> withLocationsInside(Pipeline pipeline, List<Application> apps) {
    Map<String, Optional<ObjectId>> heads = new LinkedHashMap<>();
    List<Application> kept = new ArrayList<>();
    for (Application app : apps) {
      String problem = null;
      for (var en : app.locations().entrySet()) {
        Environment env = pipeline.environment(en.getKey());
        Optional<ObjectId> head = heads.computeIfAbsent(env.branch(), git::head);
        if (head.isEmpty()) {
          continue;
        }
        try {
          checkInside(
              head.get(),
              en.getValue().path(),
              "the location of " + app.name() + " in '" + env.name() + "'");
        } catch (InvalidInputException e) {
          problem = e.getMessage();
          break;
        }
      }
      if (problem == null) {
        kept.add(app);
      } else {
        problems.add(leftOut(app.name(), problem));
      }
    }
    if (kept.isEmpty() && !apps.isEmpty()) {
      throw new InvalidInputException(String.join("; ", problems));
    }
    return kept;
  }

  // Every file, link and submodule of a commit's tree, listed once per commit.
  private Map<String, Entry> files(ObjectId commit) {
    return trees.computeIfAbsent(
        commit,
        c -> {
          Map<String, Entry> byPath = new LinkedHashMap<>();
          git.list(c, "").forEach(e -> byPath.put(e.path(), e));
          return byPath;
        });
  }

  private List<Entry> under(ObjectId commit, String folder) {
    if (folder.isEmpty()) {
      return List.copyOf(files(commit).values());
    }
    String prefix = folder + "/";
    return files(commit).values().stream().filter(e -> e.path().startsWith(prefix)).toList();
  }

  // A path that goes through a symbolic link or a submodule is refused (GitTree.checkInsideTree).
  private void checkInside(ObjectId commit, String path, String what) {
    Map<String, Entry> files = files(commit);
    int slash = -1;
    do {
      slash = path.indexOf('/', slash + 1);
      Entry e = files.get(slash < 0 ? path : path.substring(0, slash));
      if (e != null) {
        git.refuseIfLink(e, path, what);
      }
    } while (slash >= 0);
  }

  private static Environment environment(String name, boolean entry, String branch) {
    return Environment.builder()
        .name(name)
        .delivery(entry ? Delivery.DIRECT_COMMIT : Delivery.CHANGE_REQUEST)
        .branch(branch)
        .build();
  }

  /** The environments in the known order, or an error asking for a pipeline file. */
  static List<String> order(Set<String> found, String where) {
    Set<String> unknown = new TreeSet<>(found);
    unknown.removeAll(KNOWN_ORDER);
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "found the environments "
              + new TreeSet<>(found)
              + " in "
              + where
              + ", but without "
              + PromotionConfig.FILE_NAME
              + " only dev -> staging -> production (or prod) have a known order, and "
              + unknown
              + (unknown.size() == 1 ? " is" : " are")
              + " not among them: write "
              + PromotionConfig.FILE_NAME
              + " at the repository root listing the environments in order (see"
              + " docs/pipeline-file.md)");
    }
    if (found.contains("prod") && found.contains("production")) {
      throw new InvalidInputException(
          "found both 'prod' and 'production' in "
              + where
              + "; their order is unknown: write "
              + PromotionConfig.FILE_NAME
              + " listing the environments in order");
    }
    return KNOWN_ORDER.stream().filter(found::contains).toList();
  }
}
