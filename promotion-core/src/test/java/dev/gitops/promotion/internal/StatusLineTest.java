package dev.gitops.promotion.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The promotion's own status text reads back from every host as it was sent. */
class StatusLineTest {

  @Test
  void oneLineWithoutControlsAndAtMost140Characters() {
    assertThat(Lifecycle.statusLine("waiting: soak\n  3m left\tmore"))
        .isEqualTo("waiting: soak 3m left more");
    assertThat(Lifecycle.statusLine("blocked: \u001b[31mred")).doesNotContain("\u001b");
    String longer = Lifecycle.statusLine("waiting: " + "x".repeat(300));
    assertThat(longer).hasSize(140).endsWith("…");
    // a line that is already short and clean is its own normal form, so comparing works
    assertThat(Lifecycle.statusLine(longer)).isEqualTo(longer);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "a".repeat(138) + "😀😀";
    String line = Lifecycle.statusLine(text);
    assertThat(line.length()).isLessThanOrEqualTo(140);
    assertThat(Character.isHighSurrogate(line.charAt(line.length() - 2))).isFalse();
  }
}
