/**
 * GitLab (GitLab.com and self-managed, REST v4) as a change-request host: {@link
 * dev.gitops.promotion.gitlab.GitLabHost}, built from {@code promotion.yaml} by {@link
 * dev.gitops.promotion.gitlab.GitLabHostProvider}, with GitLab's own readiness evidence in {@link
 * dev.gitops.promotion.gitlab.MergeRequestEvidence}.
 */
package dev.gitops.promotion.gitlab;
