/**
 * The promotion API: values that describe a promotion (images, environments, pipelines, requests,
 * plans, records), gates and verdicts, the access policy, the exceptions and the {@link
 * dev.gitops.promotion.Promoter} facade.
 *
 * <p>Everything here is pure: no I/O happens in this package. The ports that reach the outside
 * world live in {@link dev.gitops.promotion.spi}.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    allParameters = false,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion;

import org.immutables.value.Value;
