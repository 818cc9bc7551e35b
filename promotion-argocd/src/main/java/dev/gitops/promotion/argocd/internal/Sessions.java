package dev.gitops.promotion.argocd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.http.ExpiringToken;
import dev.gitops.promotion.http.HttpRequest;
import dev.gitops.promotion.http.RestClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Argo CD session login: {@code POST /api/v1/session} with a username and password returns a JWT;
 * it is used until its {@code exp} claim (an hour when it has none), then fetched again.
 */
public final class Sessions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Sessions() {}

  /**
   * Logs in and returns the session token with its expiry.
   *
   * @throws RemoteUnavailableException when the server refuses the login (never naming the
   *     password) or answers without a token
   */
  public static ExpiringToken login(
      RestClient client, String username, String password, Clock clock) {
    JsonNode answer =
        client.fetch(
            HttpRequest.post()
                .segments("api", "v1", "session")
                .jsonBody(Map.of("username", username, "password", password))
                .idempotent(true)
                .build(),
            JsonNode.class);
    String token = answer.path("token").asText("");
    if (token.isEmpty()) {
      throw new RemoteUnavailableException(
          client.baseUrl(), 200, false, "the Argo CD session login answered without a token", null);
    }
    return new ExpiringToken(
        token, expiry(token).orElse(clock.instant().plus(Duration.ofHours(1))));
  }

  /** The {@code exp} claim of a JWT, when it has a readable one. */
  static java.util.Optional<Instant> expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return java.util.Optional.empty();
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.path("exp").isNumber()
          ? java.util.Optional.of(Instant.ofEpochSecond(claims.path("exp").asLong()))
          : java.util.Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
