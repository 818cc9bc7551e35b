/**
 * The config repository on JGit: {@link dev.gitops.promotion.git.JGitConfigRepository} (open or
 * clone, commits written straight into the object database, compare-and-swap pushes, a fast
 * path-history capability the core ledger uses when present) and {@link
 * dev.gitops.promotion.git.config.PromotionConfig} (the library wired from {@code promotion.yaml}).
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion.git;

import org.immutables.value.Value;
