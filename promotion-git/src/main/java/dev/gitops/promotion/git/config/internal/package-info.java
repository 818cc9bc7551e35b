/**
 * Implementation of the pipeline file parser and the layout discovery. Not API: anything here may
 * change without notice; use {@link dev.gitops.promotion.git.config} instead.
 */
package dev.gitops.promotion.git.config.internal;
