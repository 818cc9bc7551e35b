package dev.gitops.promotion.http;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the headers that authenticate a request come from. They are read for every request and sent
 * only to the client's base URL origin (same scheme, host and port), never across a redirect to
 * another origin nor to an absolute URL elsewhere (a registry's token endpoint, a pre-signed blob
 * URL), unless a request carries credentials of its own. The values never appear in messages, logs
 * or any {@code toString}.
 *
 * <pre>{@code
 * Credentials.bearer(System.getenv("GITHUB_TOKEN"));             // Authorization: Bearer ...
 * Credentials.header("PRIVATE-TOKEN", gitlabToken);              // GitLab
 * Credentials.basic("user", password);                           // Authorization: Basic ...
 * Credentials.bearer(() -> Files.readString(serviceAccountToken)); // read again each request
 * Credentials.refreshing(() -> app.installationToken(), clock);  // cached until it expires
 * }</pre>
 *
 * <p>Challenge-based authentication (OCI registries) implements {@link #refresh}: on a 401 the
 * client hands over the host's {@link AuthChallenge} and a client without credentials, the
 * implementation fetches a token and returns the credentials to retry with, and the request is sent
 * once more with them.
 */
public interface Credentials {

  /**
   * The headers to add to a request, read now; empty for none. Throw an {@link
   * dev.gitops.promotion.InvalidInputException} when the credentials cannot be had.
   */
  Map<String, String> headers();

  /**
   * Called once per call when the host answers 401 to a request that carried these credentials.
   * Returns the credentials to send the request once more with, or empty to give up (the default).
   * {@code tokenClient} reaches the same host and sends no credentials except those a request
   * carries itself ({@link HttpRequest.Builder#credentials}); use it to fetch a token.
   */
  default Optional<Credentials> refresh(AuthChallenge challenge, RestClient tokenClient) {
    return Optional.empty();
  }

  /** No credentials. */
  static Credentials none() {
    return CredentialSources.NONE;
  }

  /** {@code Authorization: Bearer <token>}. */
  static Credentials bearer(String token) {
    return new CredentialSources.Fixed("Authorization", "Bearer ", token, "bearer");
  }

  /**
   * {@code Authorization: Bearer <token>}, the token read from {@code token} for every request (a
   * Kubernetes service-account token file the kubelet rotates). After a 401 the request is sent
   * once more if the supplier then returns another token.
   */
  static Credentials bearer(Supplier<String> token) {
    return new CredentialSources.Supplied(token);
  }

  /** A custom header such as GitLab's {@code PRIVATE-TOKEN: <token>}. */
  static Credentials header(String name, String value) {
    return new CredentialSources.Fixed(name, "", value, "header " + name);
  }

  /** {@code Authorization: Basic base64(user:password)}. */
  static Credentials basic(String user, String password) {
    return CredentialSources.basic(user, password);
  }

  /**
   * {@code Authorization: Bearer <token>} from tokens that expire, such as GitHub App installation
   * tokens: {@code fetch} is called for the first request, again once the token is within a minute
   * of its expiry on {@code clock}, and again after a 401.
   */
  static Credentials refreshing(Supplier<ExpiringToken> fetch, Clock clock) {
    return new CredentialSources.Refreshing(fetch, clock);
  }
}
