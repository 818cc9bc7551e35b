/**
 * Implementation details of {@link dev.gitops.promotion.schedule}: wall-clock arithmetic, the
 * parsing helpers of the window grammar and the cron field parser. Not an API: users must not
 * import anything from this package; it changes without notice.
 */
package dev.gitops.promotion.schedule.internal;
