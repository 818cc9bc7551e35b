package dev.gitops.promotion.http;

import dev.gitops.promotion.InvalidInputException;
import java.time.Instant;
import java.util.Objects;

/**
 * A token that stops working at {@code expiresAt}, such as a GitHub App installation token (one
 * hour) or an OCI registry token. Its {@code toString} never shows the value.
 *
 * @param value the token
 * @param expiresAt when the host stops accepting it
 */
public record ExpiringToken(String value, Instant expiresAt) {

  /** Checks that the token is not empty. */
  public ExpiringToken {
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (value == null || value.isBlank()) {
      throw new InvalidInputException("an expiring token must not be empty");
    }
  }

  /** Shows the expiry only. */
  @Override
  public String toString() {
    return "ExpiringToken[***, expiresAt=" + expiresAt + "]";
  }
}
