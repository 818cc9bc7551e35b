/**
 * Implementation details of tag selection (the range parser, the Go-to-Java regex translation, the
 * extract template). Not an API: users must not import anything from this package; it changes
 * without notice.
 */
package dev.gitops.promotion.selection.internal;
