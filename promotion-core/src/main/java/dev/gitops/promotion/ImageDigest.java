package dev.gitops.promotion;

import java.util.Objects;
import java.util.Optional;

/**
 * A content digest of an image manifest, {@code algorithm:hex}: the immutable identity of what is
 * promoted. Only {@code sha256} (64 hex digits) and {@code sha512} (128 hex digits) are accepted,
 * in lowercase, as the OCI image spec registers them.
 *
 * <pre>{@code
 * ImageDigest d = ImageDigest.parse("sha256:a3f7...");  // throws InvalidInputException when malformed
 * d.shortForm();                                        // "sha256:a3f7c0de1234", for messages
 * }</pre>
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the lowercase hex encoding of the digest
 */
public record ImageDigest(String algorithm, String hex) {

  /** Characters of hex that {@link #shortForm()} keeps, as the seed's {@code ${DIGEST::19}}. */
  public static final int SHORT_HEX_LENGTH = 12;

  /** Validates both parts; see {@link #parse(String)} for the rules. */
  public ImageDigest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    String problem = problem(algorithm, hex);
    if (problem != null) {
      throw new InvalidInputException(
          "invalid image digest '" + algorithm + ":" + hex + "': " + problem);
    }
  }

  /**
   * Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}.
   *
   * @throws InvalidInputException naming what is wrong and showing the input
   */
  public static ImageDigest parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new InvalidInputException(
          "invalid image digest '"
              + text
              + "': expected algorithm:hex, for example sha256:<64 lowercase hex digits>");
    }
    return new ImageDigest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** Parses like {@link #parse(String)}, or returns empty when the text is not a valid digest. */
  public static Optional<ImageDigest> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int colon = text.indexOf(':');
    if (colon < 0 || problem(text.substring(0, colon), text.substring(colon + 1)) != null) {
      return Optional.empty();
    }
    return Optional.of(new ImageDigest(text.substring(0, colon), text.substring(colon + 1)));
  }

  /** The short form for messages and commit subjects: the algorithm and the first 12 hex digits. */
  public String shortForm() {
    return algorithm + ":" + shortHex();
  }

  /** The first 12 hex digits, safe in branch names. */
  public String shortHex() {
    return hex.substring(0, SHORT_HEX_LENGTH);
  }

  /** The full {@code algorithm:hex} form. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  private static String problem(String algorithm, String hex) {
    int expected;
    switch (algorithm) {
      case "sha256":
        expected = 64;
        break;
      case "sha512":
        expected = 128;
        break;
      default:
        return "unsupported algorithm '" + algorithm + "' (expected sha256 or sha512, lowercase)";
    }
    if (hex.length() != expected) {
      return algorithm + " needs " + expected + " hex digits, got " + hex.length();
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      boolean lowerHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!lowerHex) {
        return (c >= 'A' && c <= 'F')
            ? "uppercase hex digit '" + c + "' at position " + i + " (digests are lowercase)"
            : "'" + c + "' at position " + i + " is not a hex digit";
      }
    }
    return null;
  }
}
