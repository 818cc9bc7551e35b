/**
 * Image-tag selection: given the tags of an image repository, pick the newest eligible one, the way
 * Flux's {@code ImagePolicy} (image-reflector-controller) and Argo CD Image Updater's update
 * strategies do.
 *
 * <ul>
 *   <li>{@link dev.gitops.promotion.selection.SemVer}: a semantic version, strict SemVer 2.0.0 with
 *       an optional leading {@code v}, or lenient (Masterminds/semver {@code NewVersion} forms);
 *   <li>{@link dev.gitops.promotion.selection.SemVerRange}: the Masterminds/semver v3 constraint
 *       language Flux and Argo CD Image Updater use ({@code >=1.0.0 <2.0.0}, {@code ^1.2}, {@code
 *       ~1.2.3}, {@code 1.2.x}, {@code 1.0 - 2.0}, {@code ||});
 *   <li>{@link dev.gitops.promotion.selection.TagFilter}: Flux's {@code filterTags} (a pattern and
 *       an {@code extract} template);
 *   <li>{@link dev.gitops.promotion.selection.TagPolicy}: semver, numerical, alphabetical, newest
 *       build and exact-tag policies, built in code or read from an already-parsed spec.
 * </ul>
 *
 * <p>Everything here is pure: no clock, no I/O. Listing tags and resolving a tag to a digest is the
 * registry adapter's job.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    allParameters = false,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion.selection;

import org.immutables.value.Value;
