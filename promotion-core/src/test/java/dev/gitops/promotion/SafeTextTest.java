package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void redactsTheUserInfoOfEveryUrl() {
    assertThat(
            SafeText.redactUrls(
                "clone https://x-token:ghp_SECRET@github.com/org/repo.git and"
                    + " ssh://git:pw@host:22/r, then http://plain.example/p"))
        .isEqualTo(
            "clone https://***@github.com/org/repo.git and ssh://***@host:22/r, then"
                + " http://plain.example/p");
    assertThat(SafeText.redactUrls("https://tok@h/x")).isEqualTo("https://***@h/x");
    assertThat(SafeText.redactUrls("mail ada@example.com")).isEqualTo("mail ada@example.com");
    assertThat(SafeText.redactUrls(null)).isEmpty();
  }

  @Test
  void redactsUserInfoWrittenWithoutAScheme() {
    assertThat(SafeText.redactUrls("image 'bob:hunter2@ghcr.io/myorg/api:v1' is bad"))
        .isEqualTo("image '***@ghcr.io/myorg/api:v1' is bad");
    assertThat(SafeText.redactUrls("bob:tok:en@localhost:5000/app"))
        .isEqualTo("***@localhost:5000/app");
    assertThat(SafeText.redactUrls("login ci:s3cret@registry.example.com"))
        .isEqualTo("login ***@registry.example.com");
    assertThat(SafeText.redactUrls("https://u:p@h/x and u:p@h/y"))
        .isEqualTo("https://***@h/x and ***@h/y");
    // what only looks alike stays as it is: pinned images, identities, scp-like remotes, trailers
    for (String kept :
        new String[] {
          "ghcr.io/myorg/api:v1@sha256:" + "a".repeat(64),
          "api:v1@sha256:" + "0".repeat(64),
          "Promoted-By: Ada Lovelace <ada@myorg.com>",
          "git@github.com:org/repo.git",
          "mail ada@example.com: done",
          "https://***@h/x"
        }) {
      assertThat(SafeText.redactUrls(kept)).as(kept).isEqualTo(kept);
    }
  }

  @Test
  void escapesC0DelAndC1Controls() {
    assertThat(SafeText.escapeControls("a\u001b[2Jb\rc\nd\te\u007ff\u0085g\\h"))
        .isEqualTo("a\\e[2Jb\\rc\\nd\\te\\u007ff\\u0085g\\h");
    assertThat(SafeText.escapeControlsKeepNewlines("one\ntwo\u0007")).isEqualTo("one\ntwo\\u0007");
    assertThat(SafeText.escapeControls("plain text")).isSameAs("plain text");
    assertThat(SafeText.hasControls("x\u009by")).isTrue();
    assertThat(SafeText.hasControls("Ada Lovelace")).isFalse();
  }

  @Test
  void bidirectionalOverridesAndIsolatesAreControlsButMarksAreNot() {
    assertThat(SafeText.escapeControls("Eve\u202e moc.live\u202c <eve@x>\u2066y\u2069"))
        .isEqualTo("Eve\\u202e moc.live\\u202c <eve@x>\\u2066y\\u2069");
    assertThat(SafeText.hasControls("\u05e9\u05dc\u05d5\u05dd \u200f(RLM)")).isFalse();
    assertThatThrownBy(() -> SafeText.refuseControls("the reason", "ok\u202egnp.exe"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\\u202e");
    assertThatThrownBy(() -> Actor.parse("Eve\u202e <eve@myorg.com>"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\\u202e");
  }

  @Test
  void forDisplayRedactsThenEscapes() {
    assertThat(SafeText.forDisplay("https://u:p@h/\u001b]0;title\u0007"))
        .isEqualTo("https://***@h/\\e]0;title\\u0007");
  }

  @Test
  void oneLineJoinsLinesEscapesControlsAndCutsWithAnEllipsis() {
    assertThat(SafeText.oneLine("  title\r\n  of\ta  PR \u001b[2J ", 256))
        .isEqualTo("title of a PR \\e[2J");
    String cut = SafeText.oneLine("abcdefghij", 6);
    assertThat(cut).isEqualTo("abcde…");
    assertThat(SafeText.oneLine(cut, 6)).isEqualTo(cut);
    assertThatThrownBy(() -> SafeText.oneLine("x", 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
