/**
 * Implementation details of the CODEOWNERS model (the pattern matcher and the line parser). Not an
 * API: users must not import anything from this package; it changes without notice.
 */
package dev.gitops.promotion.codeowners.internal;
