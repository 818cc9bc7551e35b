package dev.gitops.promotion.registry.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.http.AuthChallenge;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.HttpRequest;
import dev.gitops.promotion.http.HttpResponse;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.registry.RegistryLogin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials of one repository of one registry, in the distribution spec's flow: first
 * anonymous (or basic, once the registry asked for it); on a 401 with {@code Bearer
 * realm=...,service=...,scope=...} a token is fetched from the realm (with the login as basic auth,
 * if there is one), cached per scope until it expires, and the request sent again with it. Token
 * values live only in memory and never in messages or logs.
 */
public final class RegistryCredentials implements Credentials {
  // the distribution spec's default when a token response says no expires_in
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
  private static final Duration MARGIN = Duration.ofSeconds(10);

  /** Tokens by service and scope, shared by the repositories of one registry. */
  public static final class TokenCache {
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile boolean basic;

    /** The number of cached tokens (for tests). */
    public int size() {
      return tokens.size();
    }
  }

  private record Token(String value, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[***, " + expiresAt + "]";
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenResponse(
      @JsonProperty("token") String token,
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("expires_in") Long expiresIn) {
    @Override
    public String toString() {
      return "TokenResponse[***]";
    }
  }

  private final TokenCache cache;
  private final Optional<RegistryLogin> login;
  private final String scope;
  private final Clock clock;
  private volatile String scopeKey;

  /**
   * Credentials for the repository {@code repositoryPath}, asking for {@code actions} ({@code
   * pull}).
   */
  public RegistryCredentials(
      TokenCache cache, Optional<RegistryLogin> login, String repositoryPath, Clock clock) {
    this.cache = cache;
    this.login = login;
    this.scope = "repository:" + repositoryPath + ":pull";
    this.clock = clock;
  }

  @Override
  public Map<String, String> headers() {
    String key = scopeKey;
    if (key != null) {
      Token t = cache.tokens.get(key);
      if (t != null && clock.instant().plus(MARGIN).isBefore(t.expiresAt())) {
        return Map.of("Authorization", "Bearer " + t.value());
      }
    }
    if (cache.basic && login.isPresent()) {
      return basic(login.get()).headers();
    }
    return Map.of();
  }

  @Override
  public Optional<Credentials> refresh(AuthChallenge challenge, RestClient tokenClient) {
    if (challenge.isScheme("Basic")) {
      if (login.isEmpty()) {
        return Optional.empty();
      }
      cache.basic = true;
      return Optional.of(this);
    }
    if (!challenge.isScheme("Bearer")) {
      return Optional.empty();
    }
    String realm =
        challenge
            .param("realm")
            .orElseThrow(
                () ->
                    new RemoteUnavailableException(
                        challenge.host(),
                        401,
                        false,
                        challenge.host() + " asked for a bearer token but named no realm",
                        null));
    String service = challenge.param("service").orElse("");
    String wanted = challenge.param("scope").orElse(scope);
    String key = service + " " + wanted;
    HttpRequest.Builder rb = HttpRequest.get().url(realm).acceptStatus(401, 403);
    if (!service.isEmpty()) {
      rb.query("service", service);
    }
    for (String s : wanted.split(" ")) {
      if (!s.isEmpty()) {
        rb.query("scope", s);
      }
    }
    login.ifPresent(l -> rb.credentials(basic(l)));
    HttpResponse r = tokenClient.execute(rb.build());
    if (r.status() == 401 || r.status() == 403) {
      throw new RemoteUnavailableException(
          r.host(),
          r.status(),
          false,
          "the token service of "
              + challenge.host()
              + " refused "
              + (login.isPresent()
                  ? "the login of user '" + login.get().username() + "'"
                  : "an anonymous request")
              + " for "
              + wanted
              + (login.isPresent()
                  ? "; check the user name and password"
                  : "; the repository may be private: log in (Docker config.json auths)"),
          null);
    }
    TokenResponse body = r.json(TokenResponse.class);
    String value =
        body.token() != null && !body.token().isBlank() ? body.token() : body.accessToken();
    if (value == null || value.isBlank()) {
      throw new RemoteUnavailableException(
          r.host(),
          r.status(),
          false,
          "the token service of " + challenge.host() + " sent no token",
          null);
    }
    Duration life =
        body.expiresIn() != null && body.expiresIn() > 0
            ? Duration.ofSeconds(body.expiresIn())
            : DEFAULT_LIFETIME;
    cache.tokens.put(key, new Token(value.strip(), clock.instant().plus(life)));
    scopeKey = key;
    return Optional.of(this);
  }

  private static Credentials basic(RegistryLogin l) {
    try {
      return Credentials.basic(l.username(), l.password());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("the registry login is unusable: " + e.getMessage());
    }
  }

  /** Names the scope and whether there is a login; never a secret. */
  @Override
  public String toString() {
    return "RegistryCredentials["
        + scope
        + (login.isPresent() ? ", login ***" : ", anonymous")
        + "]";
  }
}
