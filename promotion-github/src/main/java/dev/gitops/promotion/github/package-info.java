/**
 * GitHub and GitHub Enterprise as a {@link dev.gitops.promotion.spi.ChangeRequestHost}: {@link
 * dev.gitops.promotion.github.GitHubHost}, its credentials ({@link
 * dev.gitops.promotion.github.GitHubApp} or a token) and the provider that builds it from {@code
 * host: {kind: github}} in {@code promotion.yaml} ({@link
 * dev.gitops.promotion.github.GitHubHostProvider}). HTTP goes through promotion-http's {@code
 * RestClient}.
 */
package dev.gitops.promotion.github;
