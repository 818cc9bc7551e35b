/**
 * Implementation of promotion-overlays: the position-keeping YAML tree over SnakeYAML Engine
 * events, the text splicer, and the overlay formats. Not an API: users must not import anything
 * from this package; it changes without notice. Use {@link dev.gitops.promotion.overlay} instead.
 */
package dev.gitops.promotion.overlay.internal;
