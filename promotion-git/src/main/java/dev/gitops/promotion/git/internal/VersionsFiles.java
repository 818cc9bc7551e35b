package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.Revision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A repository decorator that regenerates {@code versions.json} and {@code VERSIONS.md} at the
 * repository root in the same commit as every promotion: which image each application runs in each
 * environment of the branch, read from the overlays as they will be after the commit.
 */
public final class VersionsFiles implements ConfigRepository {
  /** The JSON file's path. */
  public static final String JSON = "versions.json";

  /** The Markdown file's path. */
  public static final String MARKDOWN = "VERSIONS.md";

  private final ConfigRepository delegate;
  private final Pipeline pipeline;
  private final Map<String, Application> applications;
  private final Map<String, OverlayFormat> formats;

  /** Decorates {@code delegate}. */
  public VersionsFiles(
      ConfigRepository delegate,
      Pipeline pipeline,
      Map<String, Application> applications,
      Map<String, OverlayFormat> formats) {
    this.delegate = delegate;
    this.pipeline = pipeline;
    this.applications = new TreeMap<>(applications);
    this.formats = Map.copyOf(formats);
  }

  @Override
  public Optional<Revision> head(String branch) {
    return delegate.head(branch);
  }

  @Override
  public Optional<String> readFile(Revision revision, String path) {
    return delegate.readFile(revision, path);
  }

  @Override
  public Revision commit(CommitRequest request) {
    String target = targetBranch(request.branch());
    List<Environment> envs =
        pipeline.environments().stream().filter(e -> e.branch().equals(target)).toList();
    if (envs.isEmpty()) {
      return delegate.commit(request);
    }
    Map<String, String> edited = new LinkedHashMap<>();
    request.edits().forEach(e -> edited.put(e.path(), e.content()));
    Map<String, Map<String, ImageReference>> state = new LinkedHashMap<>();
    for (Environment env : envs) {
      Map<String, ImageReference> apps = new TreeMap<>();
      for (Application app : applications.values()) {
        Optional<OverlayLocation> loc = app.location(env.name());
        if (loc.isEmpty()) {
          continue;
        }
        OverlayFormat f = formats.get(loc.get().format());
        String path = loc.get().path();
        Optional<String> content =
            edited.containsKey(path)
                ? Optional.of(edited.get(path))
                : delegate.readFile(request.parent(), path);
        if (f == null || content.isEmpty()) {
          continue;
        }
        f.readImage(
                new OverlayFile(path, content.get()),
                new ImageSelector(app.imageRepository(), loc.get().options()))
            .ifPresent(img -> apps.put(app.name(), img));
      }
      state.put(env.name(), apps);
    }
    List<FileEdit> edits = new ArrayList<>();
    for (FileEdit e : request.edits()) {
      if (!e.path().equals(JSON) && !e.path().equals(MARKDOWN)) {
        edits.add(e);
      }
    }
    edits.add(new FileEdit(JSON, json(state)));
    edits.add(new FileEdit(MARKDOWN, markdown(state)));
    return delegate.commit(CommitRequest.builder().from(request).edits(edits).build());
  }

  @Override
  public List<CommitInfo> log(Revision from, String path, int limit) {
    return delegate.log(from, path, limit);
  }

  @Override
  public CommitInfo commitInfo(Revision revision) {
    return delegate.commitInfo(revision);
  }

  @Override
  public List<String> changedPaths(Revision from, Revision to) {
    return delegate.changedPaths(from, to);
  }

  @Override
  public boolean isAncestor(Revision ancestor, Revision descendant) {
    return delegate.isAncestor(ancestor, descendant);
  }

  // a promotion branch promote/<env>/... targets that environment's branch
  private String targetBranch(String branch) {
    if (branch.startsWith("promote/")) {
      String[] parts = branch.split("/");
      if (parts.length >= 3) {
        return pipeline.find(parts[1]).map(Environment::branch).orElse(branch);
      }
    }
    return branch;
  }

  /** The JSON rendering: environments, then applications, each with image and digest. */
  static String json(Map<String, Map<String, ImageReference>> state) {
    StringBuilder sb = new StringBuilder("{\n  \"environments\": {");
    boolean firstEnv = true;
    for (var env : state.entrySet()) {
      sb.append(firstEnv ? "\n" : ",\n").append("    ").append(quote(env.getKey())).append(": {");
      firstEnv = false;
      boolean firstApp = true;
      for (var app : env.getValue().entrySet()) {
        ImageReference img = app.getValue();
        sb.append(firstApp ? "\n" : ",\n")
            .append("      ")
            .append(quote(app.getKey()))
            .append(": {\"image\": ")
            .append(quote(img.toString()))
            .append(", \"digest\": ")
            .append(img.digest().map(d -> quote(d.toString())).orElse("null"))
            .append('}');
        firstApp = false;
      }
      sb.append(firstApp ? "}" : "\n    }");
    }
    sb.append(firstEnv ? "}\n}\n" : "\n  }\n}\n");
    return sb.toString();
  }

  static String markdown(Map<String, Map<String, ImageReference>> state) {
    StringBuilder sb =
        new StringBuilder("# Versions\n\nGenerated with every promotion; do not edit by hand.\n");
    for (var env : state.entrySet()) {
      sb.append("\n## ").append(env.getKey()).append("\n\n| application | image | digest |\n");
      sb.append("|---|---|---|\n");
      for (var app : env.getValue().entrySet()) {
        ImageReference img = app.getValue();
        sb.append("| ")
            .append(app.getKey())
            .append(" | `")
            .append(img.withoutVersion())
            .append("` | `")
            .append(img.digest().map(Object::toString).orElse(img.tag().orElse("latest")))
            .append("` |\n");
      }
    }
    return sb.toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
