/**
 * The config repository on JGit: {@link dev.gitops.promotion.git.JGitConfigRepository} (open or
 * clone, commits written straight into the object database, compare-and-swap pushes), {@link
 * dev.gitops.promotion.git.GitLedger} (state, history, where-is and diff read fast from Git
 * history) and {@link dev.gitops.promotion.git.GitPromoter} (delivery with re-plan on a moved
 * remote, rollback, optional versions files).
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion.git;

import org.immutables.value.Value;
