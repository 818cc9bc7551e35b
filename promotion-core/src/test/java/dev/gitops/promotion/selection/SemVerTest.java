package dev.gitops.promotion.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemVerTest {

  /** The precedence example of the SemVer 2.0.0 specification, item 11, lowest first. */
  private static final List<String> SPEC_CHAIN =
      List.of(
          "1.0.0-alpha",
          "1.0.0-alpha.1",
          "1.0.0-alpha.beta",
          "1.0.0-beta",
          "1.0.0-beta.2",
          "1.0.0-beta.11",
          "1.0.0-rc.1",
          "1.0.0");

  @Test
  void theSpecificationsPrecedenceChainIsInOrder() {
    for (int i = 0; i < SPEC_CHAIN.size(); i++) {
      for (int j = 0; j < SPEC_CHAIN.size(); j++) {
        SemVer a = SemVer.parse(SPEC_CHAIN.get(i));
        SemVer b = SemVer.parse(SPEC_CHAIN.get(j));
        assertThat(Integer.signum(a.compareTo(b)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.compare(i, j));
      }
    }
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.0.0, 2.0.0",
    "2.0.0, 2.1.0",
    "2.1.0, 2.1.1",
    "1.9.0, 1.10.0",
    "1.0.0-2, 1.0.0-10",
    "1.0.0-1, 1.0.0-a",
    "1.0.0-a, 1.0.0-a.1",
    "1.0.0-Z, 1.0.0-a",
    "1.0.0-rc.1, 1.0.0",
    "0.9.99, 1.0.0-0",
    "1.0.0-999999999999999999999, 1.0.0-a",
    "9.9.9, 10.0.0"
  })
  void orderedByPrecedence(String lower, String higher) {
    SemVer lo = SemVer.parse(lower);
    SemVer hi = SemVer.parse(higher);
    assertThat(lo.compareTo(hi)).isNegative();
    assertThat(hi.compareTo(lo)).isPositive();
  }

  @ParameterizedTest(name = "{0} has the precedence of {1}")
  @CsvSource({
    "1.0.0, v1.0.0",
    "1.0.0+build1, 1.0.0+build2",
    "1.0.0-rc.1+a, v1.0.0-rc.1",
  })
  void buildMetadataAndTheVDoNotCount(String a, String b) {
    SemVer x = SemVer.parse(a);
    SemVer y = SemVer.parse(b);
    assertThat(x.compareTo(y)).isZero();
    assertThat(x.equalsIgnoringBuild(y)).isTrue();
    assertThat(x).isNotEqualTo(y); // equals is the text
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3              | 1 | 2 | 3 |                 |",
        "v1.2.3             | 1 | 2 | 3 |                 |",
        "0.0.0              | 0 | 0 | 0 |                 |",
        "1.0.0-0.3.7        | 1 | 0 | 0 | 0.3.7           |",
        "1.0.0-x.7.z.92     | 1 | 0 | 0 | x.7.z.92        |",
        "1.0.0-x-y-z.--     | 1 | 0 | 0 | x-y-z.--        |",
        "1.0.0-alpha+001    | 1 | 0 | 0 | alpha           | 001",
        "1.0.0+20130313144700 | 1 | 0 | 0 |               | 20130313144700",
        "1.0.0-beta+exp.sha.5114f85 | 1 | 0 | 0 | beta    | exp.sha.5114f85",
        "1.0.0+21AF26D3----117B344092BD | 1 | 0 | 0 |     | 21AF26D3----117B344092BD",
        "10.20.30           | 10 | 20 | 30 |              |",
        "9223372036854775807.0.0 | 9223372036854775807 | 0 | 0 | |",
      })
  void strictAcceptsSemVerWithAnOptionalV(
      String text, long major, long minor, long patch, String pre, String build) {
    SemVer v = SemVer.parse(text);
    assertThat(v.major()).isEqualTo(major);
    assertThat(v.minor()).isEqualTo(minor);
    assertThat(v.patch()).isEqualTo(patch);
    assertThat(v.preRelease()).isEqualTo(pre == null ? "" : pre);
    assertThat(v.isPreRelease()).isEqualTo(pre != null);
    assertThat(v.build()).isEqualTo(build == null ? "" : build);
    assertThat(v.toString()).isEqualTo(text);
    assertThat(SemVer.tryParse(text)).contains(v);
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                  | the text is empty",
        "1                   | at column 2, expected '.' and the minor number, found the end",
        "1.2                 | at column 4, expected '.' and the patch number, found the end",
        "V1.2.3              | at column 1, expected the major number, found 'V'",
        "vv1.2.3             | at column 2, expected the major number",
        "01.2.3              | at column 1, the major number '01' has a leading zero",
        "1.02.3              | at column 3, the minor number '02' has a leading zero",
        "1.2.03              | at column 5, the patch number '03' has a leading zero",
        "1.2.3-01            | at column 7, the numeric pre-release identifier '01' has a leading",
        "1.2.3-              | at column 7, empty identifier in the pre-release, found the end",
        "1.2.3+              | at column 7, empty identifier in the build metadata",
        "1.2.3-a..b          | at column 9, empty identifier in the pre-release, found '.'",
        "1.2.3.4             | at column 6, a version has at most three numbers",
        "1.2.3_4             | at column 6, unexpected '_'",
        "1.2.3-beta!         | at column 11, '!' is not allowed in the pre-release",
        "' 1.2.3'            | at column 1, expected the major number, found ' '",
        "latest              | at column 1, expected the major number, found 'l'",
        "sha-abc1234         | at column 1, expected the major number, found 's'",
        "1.0.0p              | at column 6, unexpected 'p'",
        "99999999999999999999.0.0 | at column 1, the major number is too large",
      })
  void strictRejectsWithTheColumnAndTheProblem(String text, String problem) {
    assertThatThrownBy(() -> SemVer.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid semantic version '" + text + "': ")
        .hasMessageContaining(problem)
        .hasMessageContaining("expected MAJOR.MINOR.PATCH");
    assertThat(SemVer.tryParse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1, 1.0.0",
    "1.2, 1.2.0",
    "v1.2, 1.2.0",
    "v1, 1.0.0",
    "01.02.03, 1.2.3",
    "2024.01.05, 2024.1.5",
    "1.2-rc.1, 1.2.0-rc.1",
    "1+build.5, 1.0.0+build.5",
    "1.2.3, 1.2.3",
    "v1.2.3-beta.2+exp, 1.2.3-beta.2+exp"
  })
  void lenientAcceptsWhatMastermindsNewVersionCoerces(String text, String normalized) {
    SemVer v = SemVer.parseLenient(text);
    assertThat(v.normalized()).isEqualTo(normalized);
    assertThat(v.toString()).isEqualTo(text);
    assertThat(SemVer.tryParseLenient(text)).contains(v);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource({"1.2.3-01", "1.", "v", "1.2.3.4", "latest", "1..2", "1.2.3-", "''", "x.1.2"})
  void lenientStillRejectsBadPreReleasesAndNonVersions(String text) {
    assertThatThrownBy(() -> SemVer.parseLenient(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid version '" + text + "'");
    assertThat(SemVer.tryParseLenient(text)).isEmpty();
  }

  @Test
  void strictAndLenientAgreeOnStrictVersions() {
    for (String text : SPEC_CHAIN) {
      SemVer strict = SemVer.parse(text);
      assertThat(SemVer.parseLenient(text)).isEqualTo(strict);
    }
  }

  @Test
  void normalizedDropsTheVAndLeadingZerosAndKeepsTheRest() {
    assertThat(SemVer.parse("v1.4.2-rc.1+build.7").normalized()).isEqualTo("1.4.2-rc.1+build.7");
    assertThat(SemVer.parseLenient("v01.4").normalized()).isEqualTo("1.4.0");
  }

  @Test
  void preReleaseIdentifiersAreAList() {
    assertThat(SemVer.parse("1.0.0-alpha.1.x-y").preReleaseIdentifiers())
        .containsExactly("alpha", "1", "x-y");
    assertThat(SemVer.parse("1.0.0").preReleaseIdentifiers()).isEmpty();
  }

  @Test
  void controlCharactersInABadVersionAreEscapedInTheMessage() {
    assertThatThrownBy(() -> SemVer.parse("1.2.3\u001b[2J"))
        .hasMessageContaining("1.2.3\\e[2J")
        .hasMessageContaining("unexpected '\\e'");
  }

  @Test
  void tryParseOfNullIsEmpty() {
    assertThat(SemVer.tryParse(null)).isEmpty();
    assertThat(SemVer.tryParseLenient(null)).isEmpty();
  }
}
