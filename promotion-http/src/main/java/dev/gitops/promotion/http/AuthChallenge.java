package dev.gitops.promotion.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a host said when it answered 401: the scheme and parameters of its {@code WWW-Authenticate}
 * header, for example an OCI registry's {@code Bearer
 * realm="https://auth.example.io/token",service="registry.example.io",scope="repository:team/api:pull"}.
 * A 401 without that header gives an empty scheme and no parameters.
 *
 * @param scheme the authentication scheme ({@code Bearer}, {@code Basic}), or "" when none was
 *     given
 * @param params the parameters, names in lower case
 * @param host the host that answered 401, without user-info
 */
public record AuthChallenge(String scheme, Map<String, String> params, String host) {

  /** Copies the parameters. */
  public AuthChallenge {
    params = Map.copyOf(params);
  }

  /** The parameter {@code name} ({@code realm}, {@code service}, {@code scope}...). */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Whether the scheme is {@code scheme}, ignoring case. */
  public boolean isScheme(String scheme) {
    return this.scheme.equalsIgnoreCase(scheme);
  }
}
