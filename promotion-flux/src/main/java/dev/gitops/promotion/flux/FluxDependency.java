package dev.gitops.promotion.flux;

/**
 * One entry of a Kustomization's {@code spec.dependsOn}, judged by the controller's readiness rule.
 *
 * @param namespace the dependency's namespace
 * @param name the dependency's name
 * @param ready whether kustomize-controller would consider it ready
 * @param reason why not, or {@code ready}
 */
public record FluxDependency(String namespace, String name, boolean ready, String reason) {}
