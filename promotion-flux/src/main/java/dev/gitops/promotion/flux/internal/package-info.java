/** Internals of promotion-flux: reading Flux's status JSON. Not API. */
package dev.gitops.promotion.flux.internal;
