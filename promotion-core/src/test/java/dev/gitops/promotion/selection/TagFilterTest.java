package dev.gitops.promotion.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagFilterTest {

  @ParameterizedTest(name = "{0} / {1} on {2} -> {3}")
  @CsvSource(
      delimiterString = " | ",
      nullValues = "DROPPED",
      value = {
        // Go named groups, both reference forms
        "^main-[a-f0-9]+-(?P<ts>[0-9]+)$   | $ts       | main-3f2a9c1-1700000000 | 1700000000",
        "^main-[a-f0-9]+-(?P<ts>[0-9]+)$   | ${ts}     | main-3f2a9c1-1700000000 | 1700000000",
        "^main-[a-f0-9]+-(?P<ts>[0-9]+)$   | $ts       | v1.2.3                  | DROPPED",
        // Java named groups
        "^main-[a-f0-9]+-(?<ts>[0-9]+)$    | $ts       | main-3f2a9c1-1700000000 | 1700000000",
        "^v(?<version>.*)$                 | ${version} | v1.2.3                 | 1.2.3",
        // numbered references and the whole match
        "^(\\d+)\\.(\\d+)$                 | $2.$1     | 10.20                   | 20.10",
        "^(\\d+)\\.(\\d+)$                 | ${2}x     | 10.20                   | 20x",
        "-(\\d+)$                          | $0        | build-42                | -42",
        // no extract: the tag itself
        "^sha-                             | ''        | sha-abc1234             | sha-abc1234",
        // the pattern is searched for, not matched whole, as Go's FindString does
        "abc                               | ''        | xxabcxx                 | xxabcxx",
        "[0-9]+                            | $0        | rc-12-x-34              | 12",
        // Go names that Java would not accept
        "^b-(?P<build_ts>\\d+)$            | ${build_ts} | b-77                  | 77",
        "^b-(?P<_n>\\d+)$                  | $_n       | b-78                    | 78",
        // a group that did not take part is empty; literal dollars
        "^v(\\d+)(-rc)?$                   | [$2]      | v3                      | []",
        "^v(\\d+)$                         | $$$1      | v3                      | $3",
        "^v(\\d+)$                         | a$-b      | v3                      | a$-b",
        "^v(\\d+)$                         | ${1       | v3                      | ${1",
        // POSIX classes, literal '[' and '&' inside brackets
        "^v[[:digit:]]+$                   | ''        | v123                    | v123",
        "^v[[:digit:]]+$                   | ''        | v12a                    | DROPPED",
        "^[[:^digit:]]+$                   | ''        | latest                  | latest",
        "^[[:alpha:]_]+$                   | ''        | stable_2                | DROPPED",
        "^[a&&b]$                          | ''        | &                       | &",
        "^[]a]+$                           | ''        | a]a                     | a]a",
        "^[[]x$                            | ''        | [x                      | [x",
        // Java syntax that Go lacks still works, and \\Q...\\E hides parentheses
        "(?<=v)\\d+                        | $0        | v42                     | 42",
        "^\\Q(x)\\E-(\\d+)$                | $1        | (x)-5                   | 5",
        "(?i)^RC-(\\d+)$                   | $1        | rc-9                    | 9",
        "^(?:main|dev)-(\\d+)$             | $1        | dev-9                   | 9",
      })
  void filtersAndExtracts(String pattern, String extract, String tag, String expected) {
    TagFilter f = TagFilter.of(pattern, extract);
    assertThat(f.apply(tag)).isEqualTo(Optional.ofNullable(expected));
    assertThat(f.matches(tag)).isEqualTo(expected != null);
  }

  @Test
  void groupNamesAreListedInOrder() {
    TagFilter f = TagFilter.of("^(?P<branch>[a-z]+)-(x)-(?<sha>[a-f0-9]+)-(?P<build_ts>\\d+)$");
    assertThat(f.groupNames()).containsExactly("branch", "sha", "build_ts");
    assertThat(f.apply("main-x-3f2a9c1-17")).contains("main-x-3f2a9c1-17");
    assertThat(TagFilter.of(f.pattern(), "${build_ts}/$branch/$3/$2").apply("main-x-3f2a9c1-17"))
        .contains("17/main/3f2a9c1/x");
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "^v(?P<ts>\\d+)$ | $tss  | refers to a group named 'tss', which the pattern does not have"
            + " (its named groups: ts)",
        "^v(\\d+)$       | $name | refers to a group named 'name', which the pattern does not have"
            + " (it has no named groups)",
        "^v(\\d+)$       | $2    | refers to group 2, but the pattern has 1 group",
        "^v(\\d+)$       | $1x   | write ${1}x for group 1 followed by 'x'",
        "^v(\\d+)$       | $01   | refers to a group named '01'",
      })
  void anExtractNamingAMissingGroupIsRefused(String pattern, String extract, String problem) {
    assertThatThrownBy(() -> TagFilter.of(pattern, extract))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid extract of tag pattern '" + pattern + "': extract '")
        .hasMessageContaining(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "^v(\\d+           | Unclosed group near index",
        "*abc              | Dangling meta character '*' near index 0",
        "[abc              | an unclosed '[' at index 0",
        "(?P<ts\\d+)       | the group name at index 0 must be letters, digits and '_'",
        "(?P<>x)           | the group name at index 0 must be letters, digits and '_'",
        "(?P<a>x)(?P<a>y)  | the group name 'a' is used twice",
        "(?U)a+            | the flag 'U' (ungreedy) at index 0 is not supported",
        "(?P<n>[[:digit:]]+)\\k | near index",
      })
  void aBadPatternIsRefused(String pattern, String problem) {
    assertThatThrownBy(() -> TagFilter.of(pattern))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid tag pattern '" + pattern + "': ")
        .hasMessageContaining(problem)
        .hasMessageContaining("write a regular expression like");
  }

  @Test
  void aCompileErrorAfterTranslationShowsTheJavaForm() {
    assertThatThrownBy(() -> TagFilter.of("(?P<n>[[:digit:]]+)\\k"))
        .hasMessageContaining("of its Java form '(?<n>[\\p{Digit}]+)\\k'");
  }

  @Test
  void valueSemantics() {
    TagFilter a = TagFilter.of("^v(?P<v>.*)$", "$v");
    assertThat(a).isEqualTo(TagFilter.of("^v(?P<v>.*)$", "$v"));
    assertThat(a).isNotEqualTo(TagFilter.of("^v(?P<v>.*)$"));
    assertThat(a.hashCode()).isEqualTo(TagFilter.of("^v(?P<v>.*)$", "$v").hashCode());
    assertThat(a.toString()).isEqualTo("^v(?P<v>.*)$ -> $v");
    assertThat(TagFilter.of("^v").extract()).isEmpty();
    assertThat(TagFilter.of("^v\n").toString()).isEqualTo("^v\\n");
  }
}
