/**
 * The pipeline definition of a config repository: the declarative {@code promotion.yaml} file at
 * the repository root, and, when there is none, the layout discovered from the seed's folder
 * structure ({@code apps/<app>/overlays/<env>/kustomization.yaml}).
 *
 * <p>{@link dev.gitops.promotion.git.config.PromotionConfig#load(java.nio.file.Path)} gives the
 * core values a {@link dev.gitops.promotion.Promoter} needs: the {@link
 * dev.gitops.promotion.Pipeline}, the {@link dev.gitops.promotion.Application}s and the {@link
 * dev.gitops.promotion.AccessPolicy}, plus the gates of each environment as parsed {@link
 * dev.gitops.promotion.git.config.GateSpec}s. Every error in the file names {@code file:line:col}
 * and the shape that was expected.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    allParameters = false,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion.git.config;

import org.immutables.value.Value;
