package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageDigestTest {
  static final String HEX64 = "a3f7c0de12345678901234567890abcdefabcdefabcdefabcdefabcdef012345";

  @Test
  void parsesSha256AndShowsShortForm() {
    ImageDigest d = ImageDigest.parse("sha256:" + HEX64);
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.hex()).isEqualTo(HEX64);
    assertThat(d.shortForm()).isEqualTo("sha256:a3f7c0de1234").hasSize(19);
    assertThat(d.shortHex()).isEqualTo("a3f7c0de1234");
    assertThat(d).hasToString("sha256:" + HEX64);
  }

  @Test
  void parsesSha512() {
    assertThat(ImageDigest.parse("sha512:" + HEX64 + HEX64).hex()).hasSize(128);
  }

  @Test
  void rejectsMissingColon() {
    assertThatThrownBy(() -> ImageDigest.parse(HEX64))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'" + HEX64 + "'")
        .hasMessageContaining("expected algorithm:hex");
  }

  @Test
  void rejectsUnknownAlgorithm() {
    assertThatThrownBy(() -> ImageDigest.parse("md5:" + HEX64))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported algorithm 'md5'");
    assertThatThrownBy(() -> ImageDigest.parse("SHA256:" + HEX64))
        .hasMessageContaining("unsupported algorithm 'SHA256'");
  }

  @Test
  void rejectsWrongLength() {
    assertThatThrownBy(() -> ImageDigest.parse("sha256:abc"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sha256 needs 64 hex digits, got 3");
    assertThatThrownBy(() -> ImageDigest.parse("sha512:" + HEX64))
        .hasMessageContaining("sha512 needs 128 hex digits, got 64");
  }

  @Test
  void rejectsUppercaseAndNonHex() {
    String upper = "A" + HEX64.substring(1);
    assertThatThrownBy(() -> ImageDigest.parse("sha256:" + upper))
        .hasMessageContaining("uppercase hex digit 'A' at position 0 (digests are lowercase)");
    String bad = HEX64.substring(0, 10) + "g" + HEX64.substring(11);
    assertThatThrownBy(() -> ImageDigest.parse("sha256:" + bad))
        .hasMessageContaining("'g' at position 10 is not a hex digit");
  }

  @Test
  void tryParseReturnsEmptyInsteadOfThrowing() {
    assertThat(ImageDigest.tryParse("sha256:" + HEX64)).isPresent();
    assertThat(ImageDigest.tryParse("sha256:xyz")).isEmpty();
    assertThat(ImageDigest.tryParse("nocolon")).isEmpty();
    assertThat(ImageDigest.tryParse(null)).isEmpty();
  }
}
