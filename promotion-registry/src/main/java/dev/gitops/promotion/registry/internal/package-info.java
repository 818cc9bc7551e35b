/** Implementation details of promotion-registry; not an API. */
package dev.gitops.promotion.registry.internal;
