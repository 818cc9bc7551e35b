package dev.gitops.promotion.codeowners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.gitops.promotion.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Lines the hosts would not read, and the size limit. */
class ProblemsAndLimitsTest {

  @Test
  void gitHubSkipsUnsupportedSyntaxAndReportsTheLine() {
    CodeOwners o =
        CodeOwners.parse(
            Dialect.GITHUB,
            ".github/CODEOWNERS",
            String.join(
                "\n",
                "* @all",
                "\\#notes @a",
                "!*.md @b",
                "docs/[ab]*.md @c",
                "***/*.rb @monalisa",
                "*.txt docs@",
                "/ @d",
                "*.go user",
                "  # an indented comment",
                "*.js @org/team/extra",
                "*.py @py # fine"));
    assertThat(o.problems())
        .extracting(Problem::line, Problem::column, Problem::kind, Problem::lineSkipped)
        .containsExactly(
            tuple(2, 1, Problem.Kind.UNSUPPORTED_SYNTAX, true),
            tuple(3, 1, Problem.Kind.UNSUPPORTED_SYNTAX, true),
            tuple(4, 6, Problem.Kind.UNSUPPORTED_SYNTAX, true),
            tuple(5, 1, Problem.Kind.INVALID_PATTERN, true),
            tuple(6, 7, Problem.Kind.INVALID_OWNER, true),
            tuple(7, 1, Problem.Kind.INVALID_PATTERN, true),
            tuple(8, 6, Problem.Kind.INVALID_OWNER, true),
            tuple(10, 6, Problem.Kind.INVALID_OWNER, true));
    assertThat(o.rules()).extracting(Rule::line).containsExactly(1, 11);
    assertThat(o.ownership("a.md").owners()).containsExactly(Owner.user("all"));
    assertThat(o.problems().get(4).toString())
        .isEqualTo(
            ".github/CODEOWNERS:6:7: 'docs@' is not an owner (write @user, @org/team or an email"
                + " address); GitHub skips the line");
    assertThat(o.problems().get(3).message()).contains("did you mean '**'");
    assertThat(o.problems().get(0).source()).isEqualTo("\\#notes @a");
  }

  @Test
  void gitHubReadsEscapedSpacesAndLiteralBrackets() {
    CodeOwners o =
        CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "my\\ docs/ @a\nx\\[1\\].txt @b\n");
    assertThat(o.problems()).isEmpty();
    assertThat(o.ownership("my docs/readme.md").owners()).containsExactly(Owner.user("a"));
    assertThat(o.ownership("x[1].txt").owners()).containsExactly(Owner.user("b"));
  }

  @Test
  void gitLabReportsBadHeadersAndKeepsReading() {
    CodeOwners o =
        CodeOwners.parse(
            Dialect.GITLAB,
            "docs/CODEOWNERS",
            "^[Opt][2] @a\n*.md\n[] @b\n*.rb\n[Sec] @ok +bad\n*.go\n");
    assertThat(o.problems())
        .extracting(Problem::line, Problem::kind)
        .containsExactly(
            tuple(1, Problem.Kind.INVALID_SECTION),
            tuple(3, Problem.Kind.INVALID_SECTION),
            tuple(5, Problem.Kind.INVALID_OWNER));
    assertThat(o.problems().get(2).column()).isEqualTo(11);
    assertThat(o.sections())
        .extracting(Section::name, Section::optional)
        .containsExactly(
            tuple("codeowners", false), tuple("Opt", true), tuple("", false), tuple("Sec", false));
    assertThat(o.sections().get(3).rules().get(0).owners()).containsExactly(Owner.user("ok"));
  }

  @Test
  void aFileOf3MbOrMoreIsRefusedNamingTheFile() {
    char[] big = new char[CodeOwners.MAX_BYTES + 1];
    Arrays.fill(big, '#');
    String text = new String(big);
    assertThatThrownBy(() -> CodeOwners.parse(Dialect.GITHUB, ".github/CODEOWNERS", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(".github/CODEOWNERS: ")
        .hasMessageContaining("3 MB")
        .satisfies(
            e -> assertThat(((InvalidInputException) e).location()).contains(".github/CODEOWNERS"));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CodeOwners.parse(Dialect.GITLAB, "CODEOWNERS", bytes))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("CODEOWNERS: ");
  }

  @Test
  void theLimitCountsUtf8BytesNotCharacters() {
    // 'é' is two bytes: half as many characters already reach the limit
    char[] accents = new char[CodeOwners.MAX_BYTES / 2 + 1];
    Arrays.fill(accents, 'é');
    assertThatThrownBy(
            () -> CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "#" + new String(accents)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aFileJustUnderTheLimitIsRead() {
    String rule = "* @owner\n";
    char[] filler = new char[CodeOwners.MAX_BYTES - rule.length()];
    Arrays.fill(filler, '#');
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", rule + new String(filler));
    assertThat(o.ownership("any/file").owners()).containsExactly(Owner.user("owner"));
  }

  @Test
  void noFileMeansNoOwnerAndNoRequirement() {
    CodeOwners none = CodeOwners.none(Dialect.GITHUB);
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.requirements(java.util.List.of("a/b"))).isEmpty();
    assertThat(
            none.evaluate(java.util.List.of("a/b"), java.util.List.of(), MembershipLookup.NONE)
                .satisfied())
        .isTrue();
  }

  @Test
  void aPathMustNameAFile() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "* @a\n");
    assertThatThrownBy(() -> o.ownership("/")).isInstanceOf(IllegalArgumentException.class);
    assertThat(o.ownership("/README.md").isOwned()).isTrue();
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndingsAreRead() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "\uFEFF*.md @a\r\n*.go @b\r\n");
    assertThat(o.problems()).isEmpty();
    assertThat(o.ownership("x.md").owners()).containsExactly(Owner.user("a"));
    assertThat(o.ownership("x.go").owners()).containsExactly(Owner.user("b"));
  }
}
