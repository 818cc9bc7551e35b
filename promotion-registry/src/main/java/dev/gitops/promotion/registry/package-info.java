/**
 * The OCI distribution client ({@link dev.gitops.promotion.registry.OciRegistry}): tags resolved to
 * digests, tags listed, manifests read, with Docker {@code config.json} logins and the bearer-token
 * challenge flow; cosign-style signatures checked by public key ({@link
 * dev.gitops.promotion.registry.CosignVerifier}) and the {@code signed-by} gate ({@link
 * dev.gitops.promotion.registry.SignedByGate}). See docs/registry.md.
 */
package dev.gitops.promotion.registry;
