package dev.gitops.promotion.overlay;

import java.util.Objects;

/**
 * Names of Argo CD Image Updater's git write-back files ({@code .argocd-source-<app>.yaml} in the
 * application's source path), which the {@code argocd-image-updater} format reads and writes.
 */
public final class ArgoCdSourceFiles {
  private ArgoCdSourceFiles() {}

  /** The override file of application {@code app}: {@code .argocd-source-<app>.yaml}. */
  public static String fileName(String app) {
    Objects.requireNonNull(app, "app");
    return ".argocd-source-" + app + ".yaml";
  }

  /**
   * The override file of an application that may live outside the controller's namespace: {@code
   * .argocd-source-<namespace>_<app>.yaml} when the application's namespace is set, differs from
   * the controller's, and the controller's is not {@code default}; else {@link #fileName(String)}.
   */
  public static String fileName(String app, String appNamespace, String controllerNamespace) {
    Objects.requireNonNull(app, "app");
    if (appNamespace != null
        && !appNamespace.isEmpty()
        && !appNamespace.equals(controllerNamespace)
        && !"default".equals(controllerNamespace)) {
      return ".argocd-source-" + appNamespace + "_" + app + ".yaml";
    }
    return fileName(app);
  }

  /** Whether a file name is an Image Updater override file. */
  public static boolean isOverrideFile(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    return base.startsWith(".argocd-source-") && (base.endsWith(".yaml") || base.endsWith(".yml"));
  }
}
