/** Internals of promotion-gitlab: JSON readers, remote URL parsing, token credentials. */
package dev.gitops.promotion.gitlab.internal;
