package dev.gitops.promotion.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.StateFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's "which digest runs where" files at the repository root, regenerated in every promotion
 * commit when given to {@code Promoter.builder().stateFiles(VersionsFiles.create())}: {@value
 * #JSON} for tools and {@value #MARKDOWN} for people, per environment kept on the promoted branch,
 * per application, the image and its digest.
 *
 * <pre>{@code
 * {
 *   "environments" : {
 *     "dev" : {
 *       "api-service" : { "image" : "ghcr.io/myorg/api-service@sha256:...", "digest" : "sha256:..." }
 *     }
 *   }
 * }
 * }</pre>
 */
public final class VersionsFiles implements StateFiles {
  /** The JSON file's path. */
  public static final String JSON = "versions.json";

  /** The Markdown file's path. */
  public static final String MARKDOWN = "VERSIONS.md";

  private static final ObjectWriter WRITER =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private VersionsFiles() {}

  /** The renderer of both files. */
  public static VersionsFiles create() {
    return new VersionsFiles();
  }

  @Override
  public List<FileEdit> render(Map<String, Map<String, ImageReference>> state) {
    return List.of(new FileEdit(JSON, json(state)), new FileEdit(MARKDOWN, markdown(state)));
  }

  static String json(Map<String, Map<String, ImageReference>> state) {
    Map<String, Object> environments = new LinkedHashMap<>();
    state.forEach(
        (env, apps) -> {
          Map<String, Object> byApp = new LinkedHashMap<>();
          apps.forEach(
              (app, image) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("image", image.toString());
                entry.put("digest", image.digest().map(Object::toString).orElse(null));
                byApp.put(app, entry);
              });
          environments.put(env, byApp);
        });
    try {
      return WRITER.writeValueAsString(Map.of("environments", environments)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialise", e);
    }
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
}
