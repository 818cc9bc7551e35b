/**
 * Implementation of promotion-git: raw tree reading and diffing, the first-parent history index,
 * tree editing without a work tree, transport and signing set-up. Not API: users must not import
 * anything from this package; it changes without notice.
 */
package dev.gitops.promotion.git.internal;
