package dev.gitops.promotion.http;

import dev.gitops.promotion.http.internal.Pem;
import java.security.PrivateKey;

/**
 * Private keys written as PEM, read with the JDK only: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code
 * RSA PRIVATE KEY}, as GitHub hands out App keys) and SEC1 ({@code EC PRIVATE KEY}). Encrypted keys
 * are refused. Messages never quote key material.
 */
public final class PemKeys {
  private PemKeys() {}

  /**
   * The first private key in {@code pem}.
   *
   * @param pem the PEM text
   * @param what what the key is, for messages (for example {@code "the GitHub App's private key"})
   * @throws dev.gitops.promotion.InvalidInputException when there is no readable key
   */
  public static PrivateKey privateKey(String pem, String what) {
    return Pem.privateKey(pem, what);
  }
}
