package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.git.config.EnvironmentLayout;

/**
 * The {@code layout} section: where environments live and where each application's overlay is by
 * default.
 *
 * @param mode folders on one branch, or branches
 * @param branch the branch of every environment in folder mode
 * @param branchPrefix the prefix of environment branches in branch mode ({@code env/})
 * @param pathTemplate the default overlay path, with {@code {app}} and {@code {env}} placeholders
 * @param format the default overlay format id
 */
public record LayoutSettings(
    EnvironmentLayout mode,
    String branch,
    String branchPrefix,
    String pathTemplate,
    String format) {

  /** The seed's overlay path template. */
  public static final String SEED_TEMPLATE = "apps/{app}/overlays/{env}/kustomization.yaml";

  /** The seed's layout: folders on {@code branch}. */
  public static LayoutSettings seed(String branch) {
    return new LayoutSettings(
        EnvironmentLayout.FOLDERS, branch, "env/", SEED_TEMPLATE, OverlayLocation.KUSTOMIZE);
  }

  /** The branch of {@code environment} unless the environment names its own. */
  public String branchOf(String environment) {
    return mode == EnvironmentLayout.BRANCHES ? branchPrefix + environment : branch;
  }

  /** The default location of {@code app} in {@code environment}. */
  public OverlayLocation location(String app, String environment) {
    return OverlayLocation.of(
        pathTemplate.replace("{app}", app).replace("{env}", environment), format);
  }
}
