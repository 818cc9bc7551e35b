/**
 * Implementation details of promotion-core (the planner and its helpers). Not an API: users must
 * not import anything from this package; it changes without notice.
 */
package dev.gitops.promotion.internal;
