/**
 * The GitHub adapter's internals: the REST payloads as records, App JWTs, repository names from
 * remote URLs, texts trimmed to GitHub's limits. Not API.
 */
package dev.gitops.promotion.github.internal;
