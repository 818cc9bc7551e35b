package dev.gitops.promotion.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every form of the Masterminds/semver v3 constraint language, at its boundaries. Versions are read
 * leniently so the table can say {@code 1.4} where a bound is about a minor line.
 */
class SemVerRangeTest {

  @ParameterizedTest(name = "''{0}'' with {1} -> {2}")
  @CsvSource({
    // exact, with and without '=', build metadata ignored
    "1.2.3, 1.2.3, true",
    "1.2.3, v1.2.3, true",
    "1.2.3, 1.2.3+build.9, true",
    "1.2.3, 1.2.4, false",
    "=1.2.3, 1.2.3, true",
    "=1.2.3, 1.2.2, false",
    "= 1.2.3, 1.2.3, true",
    "!=1.2.3, 1.2.3, false",
    "!=1.2.3, 1.2.4, true",
    // the comparisons, both sides of each boundary
    ">1.2.3, 1.2.3, false",
    ">1.2.3, 1.2.4, true",
    "<1.2.3, 1.2.2, true",
    "<1.2.3, 1.2.3, false",
    ">=1.2.3, 1.2.3, true",
    ">=1.2.3, 1.2.2, false",
    "<=1.2.3, 1.2.3, true",
    "<=1.2.3, 1.2.4, false",
    "=>1.2.3, 1.2.3, true",
    "=>1.2.3, 1.2.2, false",
    "=<1.2.3, 1.2.3, true",
    "=<1.2.3, 1.2.4, false",
    ">=v1.0.0, 1.0.0, true",
    ">=01.02, 1.2.0, true",
    // AND by space or comma
    "'>=1.0.0 <2.0.0', 0.9.9, false",
    "'>=1.0.0 <2.0.0', 1.0.0, true",
    "'>=1.0.0 <2.0.0', 1.9.9, true",
    "'>=1.0.0 <2.0.0', 2.0.0, false",
    "'>=1.0.0, <2.0.0', 1.0.0, true",
    "'>=1.0.0, <2.0.0', 2.0.0, false",
    "'>= 1.0.0 , < 2.0.0', 1.5.0, true",
    "'>=1.1, <2, !=1.2.3', 1.2.3, false",
    "'>=1.1 <2 !=1.2.3', 1.2.4, true",
    // OR
    "'<1.0.0 || >=2.0.0', 0.9.0, true",
    "'<1.0.0 || >=2.0.0', 1.5.0, false",
    "'<1.0.0 || >=2.0.0', 2.0.0, true",
    "'>=1.1, <2, !=1.2.3 || > 3', 3.0.0, false",
    "'>=1.1, <2, !=1.2.3 || > 3', 4.1.2, true",
    "'>=1.1, <2, !=1.2.3 || >= 3', 3.0.0, true",
    // hyphen ranges; an upper bound with missing numbers covers them
    "'1.2 - 1.4.5', 1.1.9, false",
    "'1.2 - 1.4.5', 1.2.0, true",
    "'1.2 - 1.4.5', 1.4.5, true",
    "'1.2 - 1.4.5', 1.4.6, false",
    "'2.3.4 - 4.5', 4.5.9, true",
    "'2.3.4 - 4.5', 4.6.0, false",
    "'1 - 2', 0.9.9, false",
    "'1 - 2', 2.9.9, true",
    "'1 - 2', 3.0.0, false",
    "'1.0.0 - 2.0.0 <=2.0.0', 1.5.0, true",
    "'1.0.0 - 2.0.0, <=2.0.0', 2.0.1, false",
    "'>=1 1.0 - 2.0', 1.5.0, true",
    // wildcards
    "1.2.x, 1.1.9, false",
    "1.2.x, 1.2.0, true",
    "1.2.x, 1.2.99, true",
    "1.2.x, 1.3.0, false",
    "1.2.*, 1.2.5, true",
    "1.2.X, 1.3.0, false",
    "1.2, 1.2.7, true",
    "1.2, 1.3.0, false",
    "1.x, 0.9.0, false",
    "1.x, 1.0.0, true",
    "1.x, 1.99.0, true",
    "1.x, 2.0.0, false",
    "1, 1.5.0, true",
    "1, 2.0.0, false",
    "*, 0.0.0, true",
    "*, 99.1.2, true",
    "x, 1.2.3, true",
    "X, 1.2.3, true",
    ">=1.2.x, 1.2.0, true",
    ">=1.2.x, 1.1.9, false",
    "<1.2.x, 1.1.9, true",
    "<1.2.x, 1.2.0, false",
    "!=1.x, 1.5.0, false",
    "!=1.x, 2.0.0, true",
    "!=1.2.x, 1.3.0, true",
    "!=1.2.x, 1.2.3, false",
    // tilde
    "~1.2.3, 1.2.2, false",
    "~1.2.3, 1.2.3, true",
    "~1.2.3, 1.2.99, true",
    "~1.2.3, 1.3.0, false",
    "~1.2, 1.1.9, false",
    "~1.2, 1.2.0, true",
    "~1.2, 1.3.0, false",
    "~1, 0.9.0, false",
    "~1, 1.0.0, true",
    "~1, 1.99.99, true",
    "~1, 2.0.0, false",
    "~1.x, 1.3.5, true",
    "~1.2.x, 1.3.0, false",
    "~>1.2.3, 1.2.9, true",
    "~>1.2.3, 1.3.0, false",
    "~0.2.3, 0.2.5, true",
    "~0.2.3, 0.3.5, false",
    "~*, 2.1.1, true",
    // caret
    "^1.2.3, 1.2.2, false",
    "^1.2.3, 1.2.3, true",
    "^1.2.3, 1.99.0, true",
    "^1.2.3, 2.0.0, false",
    "^1.2, 1.1.0, false",
    "^1.2, 1.2.0, true",
    "^1.2, 2.0.0, false",
    "^1, 1.0.0, true",
    "^1, 1.9.9, true",
    "^1, 2.0.0, false",
    "^1.x, 1.1.1, true",
    "^1.x, 2.1.1, false",
    "^0.2.3, 0.2.2, false",
    "^0.2.3, 0.2.3, true",
    "^0.2.3, 0.2.99, true",
    "^0.2.3, 0.3.0, false",
    "^0.2, 0.2.0, true",
    "^0.2, 0.3.0, false",
    "^0.0.3, 0.0.2, false",
    "^0.0.3, 0.0.3, true",
    "^0.0.3, 0.0.4, false",
    "^0.0, 0.0.9, true",
    "^0.0, 0.1.0, false",
    "^0, 0.0.0, true",
    "^0, 0.99.0, true",
    "^0, 1.0.0, false",
    // a comparison with a short bound compares at that level
    ">1.2, 1.2.9, false",
    ">1.2, 1.3.0, true",
    ">1, 1.9.9, false",
    ">1, 2.0.0, true",
    ">11.1, 11.1.1, false",
    ">11.1, 11.2.1, true",
    "<=1.2, 1.2.9, true",
    "<=1.2, 1.3.0, false",
    "<=1, 1.9.9, true",
    "<=1, 2.0.0, false",
    "<=2.x, 3.0.0, false",
    "<1.2, 1.1.9, true",
    "<1.2, 1.2.0, false",
    ">=1.2, 1.1.99, false",
    ">=1.2, 1.2.0, true",
    "!=1.2, 1.2.5, false",
    "!=1.2, 1.3.0, true",
    // Masterminds corner cases, kept as they are
    "~0.0.0, 5.0.0, true",
    "^*, 0.0.0, true",
    "^*, 0.0.1, false",
    "^*, 1.0.0, false",
    "<=*, 0.0.5, true",
    "<=*, 0.1.0, false",
    "<*, 0.0.0, false",
    ">*, 0.0.1, true",
  })
  void everyFormAtItsBoundaries(String range, String version, boolean expected) {
    assertThat(SemVerRange.parse(range).test(SemVer.parseLenient(version))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' with {1} -> {2}")
  @CsvSource({
    // a range that names no pre-release skips them, even where precedence says yes
    ">=1.0.0, 1.5.0-rc.1, false",
    "<2.0.0, 2.0.0-rc.1, false",
    "*, 1.2.3-alpha.1, false",
    "~1.1, 1.1.1-alpha, false",
    "^1.x, 1.1.1-beta1, false",
    // naming a pre-release lets them in, by precedence
    ">=1.0.0-0, 1.5.0-rc.1, true",
    ">=1.0.0-0, 0.9.0-rc.1, false",
    "*-0, 1.2.3-alpha.1, true",
    ">=0.0.0-0, 3.4.5-beta.1, true",
    "<0-z, 0.0.0-alpha, true",
    "=1.2.3-rc.1, 1.2.3-rc.1, true",
    "=1.2.3-rc.1, 1.2.3-rc.2, false",
    // one pre-release anywhere in an AND group lets them into the whole group (Masterminds 3.4)
    "'>=1.2.0-0 <2.0.0', 1.5.0-rc.1, true",
    "'>=1.2.0-0 <2.0.0', 2.0.0-rc.1, true",
    "'1.2.0-0 - 2.0.0', 1.5.0-rc.1, true",
    // ... but not across OR
    "'>=1.2.0-0 <2.0.0 || >3.0.0', 3.5.0-rc.1, false",
    "'>=1.2.0-0 <2.0.0 || >3.0.0', 1.5.0-rc.1, true",
    // tilde and caret with pre-releases span several versions, as Masterminds does (npm does not)
    "~1.2.3-beta.2, 1.2.3-beta.4, true",
    "~1.2.3-beta.2, 1.2.4-beta.2, true",
    "~1.2.3-beta.2, 1.3.4-beta.2, false",
    "~1.2.3-beta.2, 1.2.3-beta.1, false",
    "~1.1.1-beta, 1.1.1, true",
    "^1.2.0-alpha.0, 1.2.1-alpha.1, true",
    "^1.2.0-alpha.2, 1.2.0-alpha.1, false",
    "^0.2.3-beta.2, 0.2.4-beta.2, true",
    "^0.2.3-beta.2, 0.3.4-beta.2, false",
    "^1.1.2-alpha, 1.2.1-beta1, true",
    // != with a wild patch and a pre-release
    "!=4.1-alpha, 4.1.0, true",
    "!=4.1-alpha, 4.1.0-alpha, false",
    "!=4.1-alpha, 4.1.1-alpha, false",
    "!=4.1-alpha, 4.2.0-alpha, true",
    // pre-releases compare by precedence, in ASCII order
    ">=1.2.3-BETA, 1.2.3-alpha, true",
    ">0.0.0-0, 0.0.0-alpha, true",
    ">0-0, 0.0.0-alpha, false",
  })
  void preReleasesTakePartOnlyWhereTheGroupNamesOne(
      String range, String version, boolean expected) {
    assertThat(SemVerRange.parse(range).test(SemVer.parse(version))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' with {1} -> {2}")
  @CsvSource({
    "'>=1.0.0 <2.0.0', 1.5.0-rc.1, true",
    "'>=1.0.0 <2.0.0', 2.0.0-rc.1, true",
    "'>=1.0.0 <2.0.0', 1.0.0-rc.1, false",
    "'>=1.0.0 <2.0.0', 2.0.0, false",
    "^1.2.3, 1.3.0-alpha, true",
    "^1.2.3, 2.0.0-alpha, false",
    "~1.2, 1.2.5-rc.1, true",
    "*, 0.0.1-alpha, true",
  })
  void withPrereleasesTheyTakePartEverywhereByPrecedence(
      String range, String version, boolean expected) {
    SemVerRange r = SemVerRange.parse(range).withPrereleases(true);
    assertThat(r.includesPrereleases()).isTrue();
    assertThat(r.test(SemVer.parse(version))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' -> column {1}: {2}")
  @CsvSource(
      delimiter = '#',
      value = {
        ">= bar          # 4  # 'bar' is not a number or a wildcard",
        "BAR >= 1.2.3    # 1  # 'BAR' is not a number or a wildcard",
        "1.0.0p          # 5  # '0p' is not a number or a wildcard",
        "1x              # 1  # '1x' is not a number or a wildcard",
        "x1              # 1  # 'x1' is not a number or a wildcard",
        "-1              # 1  # expected a comparison like '>=1.2.0', found '-'",
        "12.3.4.1234     # 7  # a version has at most three numbers",
        "12.3.34~ 1.2.3  # 8  # expected a space or a comma before '~'",
        ">=1.0.0<2.0.0   # 8  # expected a space or a comma before '<'",
        ">=1.0.0,        # 9  # expected a comparison after ','",
        ">=1.0.0 ||      # 11 # expected a comparison after '||'",
        "|| >=1          # 1  # expected a comparison before '||'",
        ">=1 | <2        # 5  # a single '|'; alternatives are separated by '||'",
        "1.0 -2.0        # 5  # a hyphen range needs a space on both sides of '-'",
        "1.0 - >2.0      # 7  # expected the upper version of the hyphen range, found '>'",
        ">1 - 2          # 4  # expected a comparison like '>=1.2.0', found '-'",
        ">=1.0.0-01      # 9  # the numeric pre-release identifier '01' has a leading zero",
        ">=1.0.0-        # 9  # empty identifier in the pre-release, found the end",
        ">=              # 3  # expected a version after '>=', found the end",
        "! 1.0           # 1  # expected a comparison like '>=1.2.0', found '!'",
        "1.2.            # 5  # expected a number or a wildcard (x, X, *), found the end",
        "99999999999999999999 # 1 # the number '99999999999999999999' is too large",
        ">=1.0.0 foo     # 9  # 'foo' is not a number or a wildcard",
      })
  void errorsNameTheRangeTheColumnAndTheProblem(String range, int column, String problem) {
    assertThatThrownBy(() -> SemVerRange.parse(range))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid semver range '" + range + "': at column " + column + ", ")
        .hasMessageContaining(problem)
        .hasMessageContaining("ranges look like '>=1.2.0 <2.0.0'");
  }

  @Test
  void anEmptyRangeSaysToWriteAStar() {
    for (String blank : new String[] {"", "   ", "\t"}) {
      assertThatThrownBy(() -> SemVerRange.parse(blank))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("it is empty; write '*' to accept every release");
    }
  }

  @Test
  void fluxsOwnValidAndInvalidRangesAgree() {
    // image-reflector-controller's policy tests: these parse ...
    for (String ok : new String[] {"1.0.x", "^1.0", "=1.0.0", "~1.0", ">=1.0", ">0,<2.0"}) {
      assertThat(SemVerRange.parse(ok).text()).isEqualTo(ok);
    }
    // ... and these do not
    for (String bad : new String[] {"1.0.0p", "1x", "x1", "-1", "a", ""}) {
      assertThatThrownBy(() -> SemVerRange.parse(bad)).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void spacesMayBeTabsAndLineBreaks() {
    SemVerRange r = SemVerRange.parse(">=1.0.0\t<2.0.0\n||\r\n>=3");
    assertThat(r.test(SemVer.parse("1.5.0"))).isTrue();
    assertThat(r.test(SemVer.parse("2.5.0"))).isFalse();
    assertThat(r.test(SemVer.parse("3.0.0"))).isTrue();
  }

  @Test
  void valueSemanticsAndDisplay() {
    SemVerRange r = SemVerRange.parse(">=1.0.0 <2.0.0");
    assertThat(r).isEqualTo(SemVerRange.parse(">=1.0.0 <2.0.0"));
    assertThat(r).isNotEqualTo(r.withPrereleases(true));
    assertThat(r.withPrereleases(false)).isSameAs(r);
    assertThat(r.withPrereleases(true).withPrereleases(false)).isEqualTo(r);
    assertThat(r.toString()).isEqualTo(">=1.0.0 <2.0.0");
    assertThat(r.withPrereleases(true).toString())
        .isEqualTo(">=1.0.0 <2.0.0 (pre-releases included)");
    assertThat(r.hashCode()).isEqualTo(SemVerRange.parse(">=1.0.0 <2.0.0").hashCode());
  }
}
