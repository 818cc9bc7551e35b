package dev.gitops.promotion.registry;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key whose signatures are trusted, as {@code cosign generate-key-pair} writes it ({@code
 * cosign.pub}: a PEM {@code PUBLIC KEY} block holding an ECDSA P-256 key).
 *
 * <pre>{@code
 * TrustedKey ci = TrustedKey.load("ci", Path.of("cosign.pub"));
 * ci.fingerprint();   // "sha256:3b1f...": the SHA-256 of the key's DER encoding
 * }</pre>
 *
 * @param name what the key is called in messages and trailers, like {@code ci}
 * @param key the ECDSA P-256 public key
 */
public record TrustedKey(String name, PublicKey key) {

  /** Checks the key is an ECDSA key on P-256. */
  public TrustedKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    if (!(key instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new InvalidInputException(
          "key '"
              + SafeText.forDisplay(name)
              + "' is not an ECDSA P-256 public key ("
              + key.getAlgorithm()
              + "); cosign-style signatures are checked with ECDSA P-256 / SHA-256");
    }
  }

  /**
   * Reads a PEM {@code PUBLIC KEY} block.
   *
   * @throws InvalidInputException when the text holds no such block or not a P-256 key
   */
  public static TrustedKey parsePem(String name, String pem) {
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new InvalidInputException(
          "key '"
              + SafeText.forDisplay(name)
              + "' holds no PEM PUBLIC KEY block (cosign.pub has one)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    } catch (IllegalArgumentException x) {
      throw new InvalidInputException(
          "key '" + SafeText.forDisplay(name) + "' has a PEM block that is not base64");
    }
    try {
      return new TrustedKey(
          name, KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
    } catch (InvalidKeySpecException | NoSuchAlgorithmException x) {
      throw new InvalidInputException(
          "key '"
              + SafeText.forDisplay(name)
              + "' is not an EC public key: "
              + x.getClass().getSimpleName());
    }
  }

  /**
   * Reads a PEM file; the key is named {@code name}.
   *
   * @throws InvalidInputException when the file cannot be read or holds no P-256 public key
   */
  public static TrustedKey load(String name, Path file) {
    try {
      return parsePem(name, Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read key file " + file + ": " + e.getMessage(), null, e);
    }
  }

  /** The key as PEM, as cosign writes it. */
  public String toPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** {@code sha256:<hex>} of the key's DER encoding, to tell keys apart in messages. */
  public String fingerprint() {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The name and the start of the fingerprint. */
  @Override
  public String toString() {
    return SafeText.forDisplay(name) + " (" + fingerprint().substring(0, 19) + ")";
  }
}
