/**
 * The ports (service provider interface): what an adapter implements to connect the pure core to a
 * config repository ({@link dev.gitops.promotion.spi.ConfigRepository}), an overlay format ({@link
 * dev.gitops.promotion.spi.OverlayFormat}), a change-request host ({@link
 * dev.gitops.promotion.spi.ChangeRequestHost}) or a GitOps agent ({@link
 * dev.gitops.promotion.spi.GitOpsAgent}), and the values that cross those ports.
 *
 * <p>Adapters prove they honour these contracts by running the contract kits of promotion-testkit.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion.spi;

import org.immutables.value.Value;
