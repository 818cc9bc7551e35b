package dev.gitops.promotion.overlay;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guesses the overlay format of a file from its name and content, for tools that take a file
 * without being told its format (the {@code promotion set-image} command).
 *
 * <ol>
 *   <li>{@code .argocd-source-*.yaml}: {@value OverlayFormats#ARGOCD_IMAGE_UPDATER};
 *   <li>{@code kustomization.yaml}, {@code kustomization.yml}, {@code Kustomization}, or content of
 *       {@code kind: Kustomization}: {@value OverlayFormats#KUSTOMIZE};
 *   <li>content with a Flux {@code "$imagepolicy"} marker: {@value OverlayFormats#FLUX};
 *   <li>content with a top-level {@code kind:} of Pod, Deployment, StatefulSet, DaemonSet,
 *       ReplicaSet, Job or CronJob: {@value OverlayFormats#MANIFEST};
 *   <li>a name like {@code values.yaml}, {@code values-prod.yaml}, {@code prod-values.yml}: {@value
 *       OverlayFormats#HELM}.
 * </ol>
 */
public final class FormatDetector {
  private static final Pattern WORKLOAD =
      Pattern.compile(
          "(?m)^kind:[ \\t]*[\"']?(Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)"
              + "[\"']?[ \\t]*(#.*)?\\r?$");
  private static final Pattern KUSTOMIZATION =
      Pattern.compile("(?m)^kind:[ \\t]*[\"']?(Kustomization|Component)[\"']?[ \\t]*(#.*)?\\r?$");
  private static final Pattern VALUES = Pattern.compile("(?i)(.*[-_.])?values([-_.].*)?\\.ya?ml");

  private FormatDetector() {}

  /**
   * A detected format and why.
   *
   * @param format the format id
   * @param reason what gave it away, for messages
   */
  public record Detection(String format, String reason) {
    /** Checks both parts are present. */
    public Detection {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The format of the file at {@code path} with {@code content}, or empty when unclear. */
  public static Optional<Detection> detect(String path, String content) {
    String base = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    if (ArgoCdSourceFiles.isOverrideFile(base)) {
      return found(OverlayFormats.ARGOCD_IMAGE_UPDATER, "the file name " + base);
    }
    if (base.equals("kustomization.yaml")
        || base.equals("kustomization.yml")
        || base.equals("Kustomization")) {
      return found(OverlayFormats.KUSTOMIZE, "the file name " + base);
    }
    if (KUSTOMIZATION.matcher(content).find()) {
      return found(OverlayFormats.KUSTOMIZE, "kind: Kustomization");
    }
    if (content.contains("\"$imagepolicy\"")) {
      return found(OverlayFormats.FLUX, "a \"$imagepolicy\" setter marker");
    }
    java.util.regex.Matcher workload = WORKLOAD.matcher(content);
    if (workload.find()) {
      return found(OverlayFormats.MANIFEST, "kind: " + workload.group(1));
    }
    if (VALUES.matcher(base).matches()) {
      return found(OverlayFormats.HELM, "the file name " + base);
    }
    return Optional.empty();
  }

  private static Optional<Detection> found(String format, String reason) {
    return Optional.of(new Detection(format, reason));
  }
}
