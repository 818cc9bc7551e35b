/**
 * Byte-preserving image edits of GitOps overlay files: the {@link
 * dev.gitops.promotion.spi.OverlayFormat}s for kustomize {@code images:}, Helm values, plain
 * manifests, Flux setter markers and Argo CD Image Updater override files ({@link
 * dev.gitops.promotion.overlay.OverlayFormats#all()}), richer APIs for each ({@link
 * dev.gitops.promotion.overlay.KustomizeImages}, {@link dev.gitops.promotion.overlay.HelmValues},
 * {@link dev.gitops.promotion.overlay.ManifestImages}, {@link
 * dev.gitops.promotion.overlay.FluxSetters}), format detection, blast-radius analysis and an atomic
 * file writer.
 *
 * <p>Every edit parses the file with SnakeYAML Engine only to learn where each value's bytes are,
 * then splices the new text into the original. Comments, blank lines, key order, flow style, block
 * scalars, document markers, directives, CRLF line endings, a UTF-8 BOM and a missing final newline
 * all survive; only the changed values' bytes change. Edits that cannot be done safely are refused
 * with {@link dev.gitops.promotion.overlay.OverlayEditException}, naming {@code file:line:col}.
 */
package dev.gitops.promotion.overlay;
