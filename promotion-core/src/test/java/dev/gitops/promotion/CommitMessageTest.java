package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitMessageTest {
  @Test
  void rendersAndParsesBack() {
    CommitMessage m =
        new CommitMessage(
            "chore(dev): promote api to sha256:abc",
            "because",
            List.of(
                new CommitMessage.Trailer("Promotion-Id", "prm-1"),
                new CommitMessage.Trailer("Approved-By", "ada"),
                new CommitMessage.Trailer("Approved-By", "bob")));
    String text = m.render();
    assertThat(text)
        .isEqualTo(
            "chore(dev): promote api to sha256:abc\n\nbecause\n\n"
                + "Promotion-Id: prm-1\nApproved-By: ada\nApproved-By: bob\n");
    CommitMessage back = CommitMessage.parse(text);
    assertThat(back).isEqualTo(m);
    assertThat(back.trailerValues("approved-by")).containsExactly("ada", "bob");
    assertThat(back.trailer("Promotion-Id")).contains("prm-1");
  }

  @Test
  void lastParagraphWithProseIsBodyNotTrailers() {
    CommitMessage m = CommitMessage.parse("fix: x\n\nSee: this is fine\nand more prose\n");
    assertThat(m.trailers()).isEmpty();
    assertThat(m.body()).contains("and more prose");
  }

  @Test
  void subjectOnlyAndCrlf() {
    assertThat(CommitMessage.parse("subject only\r\n").subject()).isEqualTo("subject only");
    CommitMessage m = CommitMessage.parse("s\r\n\r\nKey: v\r\n");
    assertThat(m.trailer("Key")).contains("v");
  }

  @Test
  void rejectsMultilineValues() {
    assertThatThrownBy(() -> new CommitMessage.Trailer("Key", "a\nb"))
        .hasMessageContaining("one line");
    assertThatThrownBy(() -> new CommitMessage("", "", List.of()))
        .hasMessageContaining("non-empty line");
  }
}
