/**
 * The one HTTP client every HTTP adapter of the SDK shares (GitHub, GitLab, Argo CD, Flux through
 * the Kubernetes API, OCI registries): {@link dev.gitops.promotion.http.RestClient}.
 *
 * <p>It sends {@link dev.gitops.promotion.http.HttpRequest}s to one base URL with the client's
 * {@link dev.gitops.promotion.http.Credentials}, retries what is safe to retry with backoff and
 * jitter, waits out rate limits within a per-call budget, follows pagination and redirects safely,
 * reads JSON through Jackson into the caller's records, and turns every failure into a {@link
 * dev.gitops.promotion.RemoteUnavailableException} whose message names the host, the call and the
 * host's own error message, never a secret.
 *
 * <p>No OkHttp or Jackson type appears in this package's signatures, except {@link
 * dev.gitops.promotion.http.RestClient.Builder#okHttpClient} to share connection pools and proxies.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion.http;

import org.immutables.value.Value;
