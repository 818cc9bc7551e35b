package dev.gitops.promotion;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Small generator helpers, so properties do not depend on jqwik details everywhere. */
final class Generators {
  private Generators() {}

  static Arbitrary<String> alnum() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
        .ofMinLength(1)
        .ofMaxLength(8);
  }

  static Arbitrary<String> hex(int length) {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(length);
  }

  static Arbitrary<ImageDigest> digests() {
    return Arbitraries.oneOf(
        hex(64).map(h -> new ImageDigest("sha256", h)),
        hex(128).map(h -> new ImageDigest("sha512", h)));
  }
}
