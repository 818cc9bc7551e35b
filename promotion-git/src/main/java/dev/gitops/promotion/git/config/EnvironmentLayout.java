package dev.gitops.promotion.git.config;

/** Where a config repository keeps each environment's desired state. */
public enum EnvironmentLayout {
  /**
   * Environments as folders on one branch (the seed's default): {@code
   * apps/<app>/overlays/<env>/kustomization.yaml} on {@code main}.
   */
  FOLDERS,
  /**
   * Environments as branches (the seed's alternative): each environment's state on its own branch,
   * {@code env/<env>} unless the pipeline file says otherwise.
   */
  BRANCHES
}
