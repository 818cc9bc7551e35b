package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.overlay.ImageSource;
import dev.gitops.promotion.overlay.KustomizeImage;
import dev.gitops.promotion.overlay.RepositoryFiles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The files a kustomization includes, and where in them an image is set. */
public final class KustomizeGraph {
  private static final List<String> NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private final RepositoryFiles files;
  private final Map<String, Optional<String>> cache = new HashMap<>();
  private final Map<String, Set<String>> closures = new HashMap<>();

  /** A graph over {@code files}, caching reads for its lifetime. */
  public KustomizeGraph(RepositoryFiles files) {
    this.files = files;
  }

  private Optional<String> read(String path) {
    return cache.computeIfAbsent(path, files::read);
  }

  /** Whether the path names a kustomization file. */
  public static boolean isKustomization(String path) {
    return NAMES.contains(path.substring(path.lastIndexOf('/') + 1));
  }

  private record Parsed(YamlFile yaml, YamlNode.Mapping root) {}

  private Parsed parse(String path) {
    Optional<String> content = read(path);
    if (content.isEmpty()) {
      return null;
    }
    YamlFile yaml = YamlFile.parse(path, content.get(), YamlFile.DEFAULT_MAX_CHARS);
    if (Nodes.nonEmpty(yaml).isEmpty()) {
      return null;
    }
    return new Parsed(yaml, Nodes.singleMapping(yaml, "a kustomization (a mapping)"));
  }

  /** A kustomization's inputs: resources and bases (directories or files), components, patches. */
  private record Children(List<String> resources, List<String> components, List<String> patches) {}

  private Children children(String path, Parsed parsed) {
    String dir = parent(path);
    List<String> resources = new ArrayList<>();
    List<String> components = new ArrayList<>();
    List<String> patches = new ArrayList<>();
    for (String field : List.of("resources", "bases", "components")) {
      for (String ref : strings(parsed.root().get(field))) {
        if (remote(ref)) {
          continue;
        }
        String target = join(dir, ref);
        if (target == null) {
          continue;
        }
        String kustomization = kustomizationIn(target);
        String input =
            kustomization != null ? kustomization : read(target).isPresent() ? target : null;
        if (input != null) {
          (field.equals("components") ? components : resources).add(input);
        }
      }
    }
    for (String ref : strings(parsed.root().get("patchesStrategicMerge"))) {
      String target = join(dir, ref);
      if (target != null && read(target).isPresent()) {
        patches.add(target);
      }
    }
    for (String field : List.of("patches", "patchesJson6902")) {
      if (parsed.root().get(field) instanceof YamlNode.Sequence seq) {
        for (YamlNode item : seq.items) {
          if (item instanceof YamlNode.Mapping m && m.get("path") instanceof YamlNode.Scalar s) {
            String target = join(dir, s.value);
            if (target != null && read(target).isPresent()) {
              patches.add(target);
            }
          }
        }
      }
    }
    return new Children(resources, components, patches);
  }

  private String kustomizationIn(String dir) {
    for (String name : NAMES) {
      String candidate = dir.isEmpty() ? name : dir + "/" + name;
      if (read(candidate).isPresent()) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean remote(String ref) {
    return ref.contains("://")
        || ref.startsWith("github.com/")
        || ref.startsWith("git@")
        || ref.contains("?ref=")
        || ref.startsWith("/");
  }

  private static List<String> strings(YamlNode node) {
    List<String> result = new ArrayList<>();
    if (node instanceof YamlNode.Sequence seq) {
      for (YamlNode item : seq.items) {
        if (item instanceof YamlNode.Scalar s && !s.isNull()) {
          result.add(s.value);
        }
      }
    }
    return result;
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** {@code dir/ref} normalized, or null when it leaves the repository or enters .git. */
  static String join(String dir, String ref) {
    return OverlayLocation.resolve(dir, ref).orElse(null);
  }

  /** Every file the overlay at {@code path} includes, itself first. */
  public Set<String> closure(String path) {
    Set<String> cached = closures.get(path);
    if (cached != null) {
      return cached;
    }
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> work = new ArrayDeque<>();
    work.push(path);
    while (!work.isEmpty()) {
      String p = work.pop();
      if (!seen.add(p) || !isKustomization(p)) {
        continue;
      }
      Parsed parsed = parse(p);
      if (parsed == null) {
        continue;
      }
      Children c = children(p, parsed);
      seen.addAll(c.patches());
      List<String> inputs = new ArrayList<>(c.resources());
      inputs.addAll(c.components());
      for (int i = inputs.size() - 1; i >= 0; i--) {
        work.push(inputs.get(i));
      }
    }
    closures.put(path, seen);
    return seen;
  }

  private record Hit(String path, String location, ImageSource.Kind kind) {}

  /** Where the image is set and which environments include that place. */
  public ImageSource locate(
      String overlayPath, String imageName, Map<String, String> environments) {
    Hit hit;
    if (isKustomization(overlayPath)) {
      hit = search(overlayPath, imageName, overlayPath, new LinkedHashSet<>());
      if (hit == null) {
        hit = new Hit(overlayPath, overlayPath, ImageSource.Kind.NOT_FOUND);
      }
    } else {
      hit = new Hit(overlayPath, overlayPath, ImageSource.Kind.OVERLAY);
    }
    Set<String> envs = new TreeSet<>();
    for (Map.Entry<String, String> e : environments.entrySet()) {
      if (closure(e.getValue()).contains(hit.path())) {
        envs.add(e.getKey());
      }
    }
    return new ImageSource(
        overlayPath, hit.path(), hit.location(), hit.kind(), new java.util.TreeSet<>(envs));
  }

  private Hit search(String path, String imageName, String overlayPath, Set<String> visiting) {
    if (!visiting.add(path)) {
      return null;
    }
    Parsed parsed = parse(path);
    if (parsed == null) {
      return null;
    }
    String name = imageName;
    for (KustomizeEditor.Entry e : KustomizeEditor.images(parsed.yaml()).entries()) {
      KustomizeImage image = e.image();
      boolean pins =
          image.newTag().isPresent() || image.digest().isPresent() || image.tagSuffix().isPresent();
      boolean named = image.name().equals(name);
      boolean renamed = image.newName().map(name::equals).orElse(false);
      if ((named || renamed) && pins) {
        return new Hit(
            path,
            parsed.yaml().location(e.node()),
            path.equals(overlayPath) ? ImageSource.Kind.OVERLAY : ImageSource.Kind.BASE);
      }
      if (renamed) {
        name = image.name(); // the version comes from below, under the old name
      }
    }
    // kustomize applies, from the outside in: this file's images, its patches, its components
    // (the last one last), then its resources
    Children c = children(path, parsed);
    for (String patch : c.patches()) {
      Hit h = manifestHit(patch, name);
      if (h != null) {
        return h;
      }
    }
    List<String> inputs = new ArrayList<>(c.components());
    java.util.Collections.reverse(inputs);
    inputs.addAll(c.resources());
    for (String input : inputs) {
      Hit h =
          isKustomization(input)
              ? search(input, name, overlayPath, visiting)
              : manifestHit(input, name);
      if (h != null) {
        return h;
      }
    }
    return null;
  }

  private Hit manifestHit(String path, String imageName) {
    Optional<String> content = read(path);
    if (content.isEmpty()) {
      return null;
    }
    YamlFile yaml = YamlFile.parse(path, content.get(), YamlFile.DEFAULT_MAX_CHARS);
    List<ManifestEditor.Found> found = ManifestEditor.matching(yaml, imageName);
    if (found.isEmpty()) {
      return null;
    }
    return new Hit(path, found.get(0).image().location(), ImageSource.Kind.MANIFEST);
  }
}
