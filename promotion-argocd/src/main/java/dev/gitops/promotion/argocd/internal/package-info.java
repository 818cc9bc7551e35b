/** Internals of promotion-argocd: reading Argo CD's JSON. Not API. */
package dev.gitops.promotion.argocd.internal;
