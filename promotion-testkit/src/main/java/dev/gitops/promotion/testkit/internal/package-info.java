/**
 * Implementation details of the testkit. Not API: anything here may change without notice; do not
 * import it.
 */
package dev.gitops.promotion.testkit.internal;
