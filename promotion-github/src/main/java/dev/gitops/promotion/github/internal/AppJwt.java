package dev.gitops.promotion.github.internal;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.gitops.promotion.InvalidInputException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The JSON Web Token a GitHub App authenticates with (RS256, signed by java-jwt): issued 60 seconds
 * in the past against clock drift, expiring 9 minutes later (GitHub refuses more than 10), the
 * App's id or client id as issuer.
 */
public final class AppJwt {
  static final Duration BACKDATE = Duration.ofSeconds(60);
  static final Duration LIFETIME = Duration.ofMinutes(9);

  private final String issuer;
  private final Algorithm algorithm;
  private final Clock clock;

  /**
   * @param issuer the App's id (or client id)
   * @param key the App's private key; RSA
   */
  public AppJwt(String issuer, PrivateKey key, Clock clock) {
    if (!(key instanceof RSAPrivateKey rsa)) {
      throw new InvalidInputException(
          "a GitHub App's private key is an RSA key; this one is " + key.getAlgorithm());
    }
    this.issuer = issuer;
    this.algorithm = Algorithm.RSA256(null, rsa);
    this.clock = clock;
  }

  /** A fresh token. */
  public String sign() {
    Instant now = clock.instant();
    return JWT.create()
        .withIssuer(issuer)
        .withIssuedAt(Date.from(now.minus(BACKDATE)))
        .withExpiresAt(Date.from(now.plus(LIFETIME)))
        .sign(algorithm);
  }

  @Override
  public String toString() {
    return "AppJwt[issuer " + issuer + ", RS256 ***]";
  }
}
