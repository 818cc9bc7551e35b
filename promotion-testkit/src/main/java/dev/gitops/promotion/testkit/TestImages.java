package dev.gitops.promotion.testkit;

import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic image digests for tests and simulations: {@code digest("build-1")} is always the
 * same valid sha256 digest, so scenarios and their timelines are reproducible.
 */
public final class TestImages {
  private TestImages() {}

  /** The sha256 digest of {@code label}'s UTF-8 bytes. */
  public static ImageDigest digest(String label) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
      return new ImageDigest("sha256", HexFormat.of().formatHex(hash));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** {@code repository} pinned to {@link #digest(String) digest(label)}. */
  public static ImageReference pinned(String repository, String label) {
    return ImageReference.parse(repository).withDigest(digest(label));
  }
}
