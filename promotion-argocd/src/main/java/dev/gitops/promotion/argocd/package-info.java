/**
 * The Argo CD GitOps agent: {@link dev.gitops.promotion.argocd.ArgoCdAgent} reads applications from
 * an Argo CD server's REST API and requests syncs; {@link
 * dev.gitops.promotion.argocd.ArgoCdAgentProvider} builds it from {@code promotion.yaml} ({@code
 * kind: argocd}).
 */
package dev.gitops.promotion.argocd;
