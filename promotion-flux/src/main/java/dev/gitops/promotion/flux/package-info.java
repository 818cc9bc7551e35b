/**
 * The Flux GitOps agent: {@link dev.gitops.promotion.flux.FluxAgent} reads Kustomizations,
 * GitRepositories, HelmReleases and ImagePolicies through the Kubernetes API and requests
 * reconciles; {@link dev.gitops.promotion.flux.Kubeconfig} resolves a kubeconfig context; {@link
 * dev.gitops.promotion.flux.FluxAgentProvider} builds the agent from {@code promotion.yaml} ({@code
 * kind: flux}).
 */
package dev.gitops.promotion.flux;
