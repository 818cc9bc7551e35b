package dev.gitops.promotion.git.testing;

/**
 * The text of the seed layout's Kustomize overlays ({@code apps/<app>/overlays/<env>/}), for tests
 * that build a config repository file by file (promotion-git's test jar).
 */
public final class Overlays {
  private Overlays() {}

  /**
   * Where the overlay of {@code app} in {@code env} is: {@code
   * apps/<app>/overlays/<env>/kustomization.yaml}.
   */
  public static String path(String app, String env) {
    return "apps/" + app + "/overlays/" + env + "/kustomization.yaml";
  }

  /** An overlay that pins {@code image} to {@code digest} ({@code sha256:...}). */
  public static String kustomization(String image, String digest) {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\n"
        + "kind: Kustomization\n"
        + "resources:\n"
        + "  - ../../base\n"
        + "images:\n"
        + "  - name: "
        + image
        + "\n"
        + "    digest: "
        + digest
        + "\n";
  }

  /** Like {@link #kustomization(String, String)}, also scaling deployment {@code app}. */
  public static String kustomization(String image, String digest, String app, int replicas) {
    return kustomization(image, digest)
        + "replicas:\n"
        + "  - name: "
        + app
        + "\n"
        + "    count: "
        + replicas
        + "\n";
  }
}
