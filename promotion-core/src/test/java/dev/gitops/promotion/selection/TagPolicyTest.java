package dev.gitops.promotion.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagPolicyTest {

  /** What a busy repository lists: moving tags, CI builds, releases, a release candidate. */
  private static final List<String> TAGS =
      List.of(
          "latest",
          "main",
          "main-3f2a9c1-1700000000",
          "main-8e1b7d0-1700000500",
          "main-0a1b2c3-1699999999",
          "feature-x-5d4c3b2-1700000900",
          "sha-abc1234",
          "sha-def5678",
          "v1.2.3",
          "v1.4.2",
          "1.4.1",
          "1.3",
          "v1.5.0-rc.1",
          "v2.0.0",
          "42",
          "7");

  @Test
  void semverPicksTheHighestReleaseInTheRange() {
    Selected s = TagPolicy.semver(">=1.0.0 <2.0.0").select(TAGS).orElseThrow();
    assertThat(s.tag()).isEqualTo("v1.4.2");
    assertThat(s.key()).isEqualTo("v1.4.2");
    assertThat(s.total()).isEqualTo(16);
    assertThat(s.eligible()).isEqualTo(3); // v1.2.3, v1.4.2, 1.4.1 ("1.3" is not strict)
    assertThat(s.description())
        .isEqualTo("semver >=1.0.0 <2.0.0 picked v1.4.2 of 16 tags (3 eligible)");
  }

  @Test
  void semverTakesPreReleasesOnlyWhenAsked() {
    assertThat(TagPolicy.semver(">=1.0.0-0 <2.0.0").select(TAGS).orElseThrow().tag())
        .isEqualTo("v1.5.0-rc.1");
    TagPolicy withPre = TagPolicy.semver(">=1.0.0 <2.0.0").withPrereleases(true);
    assertThat(withPre.select(TAGS).orElseThrow().tag()).isEqualTo("v1.5.0-rc.1");
    assertThat(withPre.describe()).isEqualTo("semver >=1.0.0 <2.0.0 (pre-releases included)");
    assertThat(withPre.withPrereleases(false).select(TAGS).orElseThrow().tag()).isEqualTo("v1.4.2");
  }

  @Test
  void semverReadsTagsLenientlyWhenAsked() {
    TagPolicy lenient = TagPolicy.semver("~1.3").withLenientVersions(true);
    assertThat(lenient.select(TAGS).orElseThrow().tag()).isEqualTo("1.3");
    assertThat(TagPolicy.semver("~1.3").select(TAGS)).isEmpty();
    assertThat(lenient.describe()).isEqualTo("semver ~1.3 (lenient versions)");
    // lenient reads 42 and 7 as 42.0.0 and 7.0.0
    assertThat(TagPolicy.semver("*").withLenientVersions(true).select(TAGS).orElseThrow().tag())
        .isEqualTo("42");
    assertThat(TagPolicy.semver("*").select(TAGS).orElseThrow().tag()).isEqualTo("v2.0.0");
  }

  @Test
  void semverOverAnExtractedVersion() {
    TagPolicy p =
        TagPolicy.semver("^1").withFilter(TagFilter.of("^release-(?P<version>.+)$", "$version"));
    Selected s =
        p.select(List.of("release-1.2.0", "release-1.10.1", "release-2.0.0", "v1.99.0", "latest"))
            .orElseThrow();
    assertThat(s.tag()).isEqualTo("release-1.10.1");
    assertThat(s.key()).isEqualTo("1.10.1");
    assertThat(s.description())
        .isEqualTo(
            "semver ^1 of tags matching ^release-(?P<version>.+)$ by $version picked"
                + " release-1.10.1 (1.10.1) of 5 tags (2 eligible)");
  }

  @Test
  void equalVersionsGoToTheLastTagInByteOrderWhateverTheInputOrder() {
    TagPolicy any = TagPolicy.semver("*");
    for (List<String> tags :
        List.of(
            List.of("1.0.0", "v1.0.0"),
            List.of("v1.0.0", "1.0.0"),
            List.of("0.9.0", "v1.0.0", "1.0.0", "0.1.0"))) {
      assertThat(any.select(tags).orElseThrow().tag()).isEqualTo("v1.0.0");
    }
    assertThat(any.select(List.of("1.0.0+build2", "1.0.0+build1")).orElseThrow().tag())
        .isEqualTo("1.0.0+build2");
    assertThat(any.select(List.of("1.0.0+build1", "1.0.0+build2")).orElseThrow().tag())
        .isEqualTo("1.0.0+build2");
    // numerical ties too: 007 and 7 are the same number
    assertThat(TagPolicy.numerical(Order.ASC).select(List.of("7", "007")).orElseThrow().tag())
        .isEqualTo("7");
    assertThat(TagPolicy.numerical(Order.DESC).select(List.of("007", "7")).orElseThrow().tag())
        .isEqualTo("7");
  }

  @Test
  void numericalOverAnExtractedTimestamp() {
    TagFilter ts = TagFilter.of("^main-[a-f0-9]+-(?P<ts>[0-9]+)$", "$ts");
    Selected newest = TagPolicy.numerical(Order.ASC).withFilter(ts).select(TAGS).orElseThrow();
    assertThat(newest.tag()).isEqualTo("main-8e1b7d0-1700000500");
    assertThat(newest.key()).isEqualTo("1700000500");
    assertThat(newest.eligible()).isEqualTo(3);
    Selected oldest = TagPolicy.numerical(Order.DESC).withFilter(ts).select(TAGS).orElseThrow();
    assertThat(oldest.tag()).isEqualTo("main-0a1b2c3-1699999999");
  }

  @Test
  void numericalDropsWhatIsNotANumber() {
    assertThat(TagPolicy.numerical(Order.ASC).select(TAGS).orElseThrow().tag()).isEqualTo("42");
    assertThat(TagPolicy.numerical(Order.DESC).select(TAGS).orElseThrow().tag()).isEqualTo("1.3");
    assertThat(TagPolicy.numerical(Order.ASC).rank(TAGS))
        .containsExactly(
            new Candidate("42", "42"), new Candidate("7", "7"), new Candidate("1.3", "1.3"));
  }

  @ParameterizedTest(name = "{0} > {1}")
  @CsvSource({
    "1e3, 999",
    "20240101120000124, 20240101120000123", // a 64-bit float would make these equal
    "0.5, -3",
    ".25, 0.2",
    "+4, 3.99",
    "-1.5, -2",
  })
  void numbersCompareExactly(String higher, String lower) {
    assertThat(TagPolicy.numerical(Order.ASC).select(List.of(lower, higher)).orElseThrow().tag())
        .isEqualTo(higher);
    assertThat(TagPolicy.numerical(Order.DESC).select(List.of(higher, lower)).orElseThrow().tag())
        .isEqualTo(lower);
  }

  @Test
  void numbersAreDecimalOnly() {
    TagPolicy p = TagPolicy.numerical(Order.ASC);
    assertThat(
            p.rank(
                List.of("NaN", "Inf", "0x10", "1_000", "1e", "e5", ".", "-", "1.2.3", "1e99999")))
        .isEmpty();
    assertThat(p.rank(List.of("5.", "1E2", "1e+2", "1e-2"))).hasSize(4);
  }

  @Test
  void alphabeticalIsByteOrder() {
    assertThat(TagPolicy.alphabetical(Order.ASC).select(TAGS).orElseThrow().tag())
        .isEqualTo("v2.0.0");
    assertThat(TagPolicy.alphabetical(Order.DESC).select(TAGS).orElseThrow().tag())
        .isEqualTo("1.3");
    // uppercase sorts before lowercase; code points, not UTF-16 units, above U+FFFF
    assertThat(TagPolicy.alphabetical(Order.ASC).select(List.of("Zeta", "alpha")).get().tag())
        .isEqualTo("alpha");
    assertThat(
            TagPolicy.alphabetical(Order.ASC).select(List.of("\uFF21", "\uD83D\uDE00")).get().tag())
        .isEqualTo("\uD83D\uDE00");
  }

  @Test
  void alphabeticalOverCalVerTags() {
    TagPolicy p =
        TagPolicy.alphabetical(Order.ASC)
            .withFilter(
                TagFilter.of("^RELEASE\\.(?P<ts>\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}Z)$", "$ts"));
    assertThat(
            p.select(
                    List.of(
                        "RELEASE.2024-01-05T10-00Z",
                        "RELEASE.2024-11-30T09-15Z",
                        "RELEASE.2024-02-28T23-59Z",
                        "latest"))
                .orElseThrow()
                .tag())
        .isEqualTo("RELEASE.2024-11-30T09-15Z");
  }

  @Test
  void newestBuildOrdersByTheNamedGroup() {
    TagPolicy p = TagPolicy.newestBuild("^main-[a-f0-9]+-(?<ts>[0-9]+)");
    Selected s = p.select(TAGS).orElseThrow();
    assertThat(s.tag()).isEqualTo("main-8e1b7d0-1700000500");
    assertThat(s.key()).isEqualTo("1700000500");
    assertThat(s.description())
        .isEqualTo(
            "newest build by ${ts} of tags matching ^main-[a-f0-9]+-(?<ts>[0-9]+) picked"
                + " main-8e1b7d0-1700000500 (1700000500) of 16 tags (3 eligible)");
    // Go's spelling and a group named among several
    TagPolicy go = TagPolicy.newestBuild("^(?P<branch>[a-z]+)-[a-f0-9]+-(?P<ts>[0-9]+)$", "ts");
    assertThat(go.select(TAGS).orElseThrow().tag()).isEqualTo("main-8e1b7d0-1700000500");
    assertThat(go.filter().orElseThrow().extract()).isEqualTo("${ts}");
  }

  @Test
  void newestBuildNeedsExactlyOneNamedGroupOrItsName() {
    assertThatThrownBy(() -> TagPolicy.newestBuild("^main-([0-9]+)$"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs exactly one named group to order by")
        .hasMessageContaining("it has none");
    assertThatThrownBy(() -> TagPolicy.newestBuild("^(?<b>[a-z]+)-(?<ts>[0-9]+)$"))
        .hasMessageContaining("it has b, ts; name the one to use with newestBuild(pattern, group)");
    assertThatThrownBy(() -> TagPolicy.newestBuild("^(?<ts>[0-9]+)$", "time"))
        .hasMessageContaining("refers to a group named 'time'");
  }

  @Test
  void exactPinsOneTag() {
    assertThat(TagPolicy.exact("v1.4.2").select(TAGS).orElseThrow().description())
        .isEqualTo("exact tag v1.4.2 picked v1.4.2 of 16 tags (1 eligible)");
    assertThat(TagPolicy.exact("v9.9.9").select(TAGS)).isEmpty();
    assertThat(TagPolicy.exact("latest").isEligible("latest")).isTrue();
    assertThat(TagPolicy.exact("latest").isEligible("main")).isFalse();
  }

  @Test
  void nothingEligibleIsEmpty() {
    assertThat(TagPolicy.semver(">=3").select(TAGS)).isEmpty();
    assertThat(TagPolicy.semver("*").select(List.of())).isEmpty();
    assertThat(TagPolicy.alphabetical(Order.ASC).select(List.of())).isEmpty();
    assertThat(TagPolicy.semver("*").rank(List.of("latest", "main"))).isEmpty();
  }

  @Test
  void duplicatesAndNullsAreIgnored() {
    List<String> tags = new ArrayList<>(List.of("v1.0.0", "v1.0.0", "v1.1.0"));
    tags.add(null);
    Selected s = TagPolicy.semver("*").select(tags).orElseThrow();
    assertThat(s.tag()).isEqualTo("v1.1.0");
    assertThat(s.total()).isEqualTo(2);
    assertThat(s.eligible()).isEqualTo(2);
  }

  @Test
  void rankIsBestFirstAndStartsWithWhatSelectPicks() {
    List<String> shuffled = new ArrayList<>(TAGS);
    Collections.shuffle(shuffled, new java.util.Random(7));
    List<Candidate> ranked = TagPolicy.semver("*").rank(shuffled);
    assertThat(ranked)
        .extracting(Candidate::tag)
        .containsExactly("v2.0.0", "v1.4.2", "1.4.1", "v1.2.3");
    assertThat(TagPolicy.semver("*").select(shuffled).orElseThrow().tag())
        .isEqualTo(ranked.get(0).tag());
  }

  @Test
  void aPolicyIsAValue() {
    TagPolicy a = TagPolicy.semver(">=1.0.0 <2.0.0");
    assertThat(a).isEqualTo(TagPolicy.semver(">=1.0.0 <2.0.0"));
    assertThat(a.hashCode()).isEqualTo(TagPolicy.semver(">=1.0.0 <2.0.0").hashCode());
    assertThat(a).isNotEqualTo(a.withPrereleases(true));
    assertThat(a.toString()).isEqualTo("semver >=1.0.0 <2.0.0");
    assertThat(a.kind()).isEqualTo(TagPolicy.Kind.SEMVER);
    assertThat(a.order()).isEqualTo(Order.ASC);
    TagPolicy built =
        TagPolicy.builder()
            .kind(TagPolicy.Kind.NUMERICAL)
            .order(Order.DESC)
            .filter(TagFilter.of("^b(?P<n>\\d+)$", "$n"))
            .build();
    assertThat(built)
        .isEqualTo(
            TagPolicy.numerical(Order.DESC).withFilter(TagFilter.of("^b(?P<n>\\d+)$", "$n")));
    assertThat(built.describe()).isEqualTo("numerical desc of tags matching ^b(?P<n>\\d+)$ by $n");
    assertThat(TagPolicy.alphabetical(Order.ASC).describe()).isEqualTo("alphabetical asc");
  }

  @Test
  void descriptionsEscapeControlCharacters() {
    Selected s = TagPolicy.exact("v1\u001b[2J").select(List.of("v1\u001b[2J")).orElseThrow();
    assertThat(s.description()).doesNotContain("\u001b").contains("v1\\e[2J");
  }

  @Test
  void incoherentPoliciesAreRefused() {
    assertThatThrownBy(() -> TagPolicy.builder().kind(TagPolicy.Kind.SEMVER).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "invalid tag policy: a semver policy needs a range, like '>=1.0.0 <2.0.0' or '*'");
    assertThatThrownBy(
            () ->
                TagPolicy.builder()
                    .kind(TagPolicy.Kind.NUMERICAL)
                    .range(SemVerRange.parse("*"))
                    .build())
        .hasMessageContaining("a range belongs to a semver policy only, not to numerical");
    assertThatThrownBy(
            () ->
                TagPolicy.builder()
                    .kind(TagPolicy.Kind.NEWEST_BUILD)
                    .filter(TagFilter.of("^b-(?<n>\\d+)$", "$n"))
                    .order(Order.DESC)
                    .build())
        .hasMessageContaining("its order is asc only");
    assertThatThrownBy(
            () ->
                TagPolicy.builder()
                    .kind(TagPolicy.Kind.NEWEST_BUILD)
                    .filter(TagFilter.of("^b-(?<n>\\d+)$"))
                    .build())
        .hasMessageContaining("needs a pattern with a capture group to order by");
    assertThatThrownBy(() -> TagPolicy.builder().kind(TagPolicy.Kind.EXACT).build())
        .hasMessageContaining("an exact policy needs the tag to pin");
    assertThatThrownBy(() -> TagPolicy.exact(""))
        .hasMessageContaining("an exact policy needs a non-empty tag");
    assertThatThrownBy(() -> TagPolicy.exact("v1").withFilter(TagFilter.of("^v")))
        .hasMessageContaining("'exact tag v1' takes no tag filter");
    assertThatThrownBy(() -> TagPolicy.numerical(Order.ASC).withPrereleases(true))
        .hasMessageContaining("pre-releases apply to a semver policy only; this is numerical asc");
    assertThatThrownBy(() -> TagPolicy.alphabetical(Order.ASC).withLenientVersions(true))
        .hasMessageContaining("lenient versions apply to a semver policy only");
    assertThatThrownBy(() -> TagPolicy.semver(">=1 <"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid semver range '>=1 <': at column 6");
  }

  // ---- the spec a user writes ----

  @Test
  void specsInFluxShape() {
    assertThat(TagPolicy.fromSpec(spec("policy", spec("semver", spec("range", ">=1.0.0 <2.0.0")))))
        .isEqualTo(TagPolicy.semver(">=1.0.0 <2.0.0"));
    assertThat(
            TagPolicy.fromSpec(
                spec(
                    "policy",
                    spec(
                        "semver",
                        spec(
                            "range",
                            "^1",
                            "includePrereleases",
                            true,
                            "lenientVersions",
                            "true")))))
        .isEqualTo(TagPolicy.semver("^1").withPrereleases(true).withLenientVersions(true));
    assertThat(TagPolicy.fromSpec(spec("policy", spec("numerical", spec("order", "desc")))))
        .isEqualTo(TagPolicy.numerical(Order.DESC));
    assertThat(TagPolicy.fromSpec(spec("policy", spec("numerical", null))))
        .isEqualTo(TagPolicy.numerical(Order.ASC));
    assertThat(TagPolicy.fromSpec(spec("policy", spec("alphabetical", spec("order", "ASC")))))
        .isEqualTo(TagPolicy.alphabetical(Order.ASC));
    assertThat(
            TagPolicy.fromSpec(
                spec(
                    "policy",
                    spec("numerical", spec()),
                    "filterTags",
                    spec("pattern", "^main-[a-f0-9]+-(?P<ts>[0-9]+)", "extract", "$ts"))))
        .isEqualTo(
            TagPolicy.numerical(Order.ASC)
                .withFilter(TagFilter.of("^main-[a-f0-9]+-(?P<ts>[0-9]+)", "$ts")));
  }

  @Test
  void specsOfOurOwnKinds() {
    assertThat(
            TagPolicy.fromSpec(
                spec(
                    "policy", spec("newestBuild", spec("pattern", "^main-[a-f0-9]+-(?<ts>\\d+)")))))
        .isEqualTo(TagPolicy.newestBuild("^main-[a-f0-9]+-(?<ts>\\d+)"));
    assertThat(
            TagPolicy.fromSpec(
                spec(
                    "policy",
                    spec(
                        "newestBuild",
                        spec("pattern", "^(?<b>\\w+)-(?<ts>\\d+)$", "group", "ts")))))
        .isEqualTo(TagPolicy.newestBuild("^(?<b>\\w+)-(?<ts>\\d+)$", "ts"));
    assertThat(TagPolicy.fromSpec(spec("policy", spec("exact", spec("tag", "v1.4.2")))))
        .isEqualTo(TagPolicy.exact("v1.4.2"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing    | promotion.yaml:12:3: image policy: 'policy' is missing; it must be a mapping",
        "unknownTop | promotion.yaml:12:3: image policy: 'filter' is not a known key; expected"
            + " policy, filterTags",
        "noKind     | promotion.yaml:12:3: image policy: 'policy' needs one of semver, numerical,"
            + " alphabetical, newestBuild, exact",
        "twoKinds   | promotion.yaml:12:3: image policy: 'policy' has semver and numerical; keep"
            + " exactly one",
        "unknownKind | promotion.yaml:12:3: image policy: 'policy.latest' is not a known key of"
            + " policy; expected semver, numerical, alphabetical, newestBuild, exact",
        "noRange    | promotion.yaml:12:3: image policy: 'policy.semver' needs 'range'",
        "numberRange | promotion.yaml:12:3: image policy: 'policy.semver.range' must be text; quote"
            + " it (range: \"1.2\") so it is not read as a number",
        "badRange   | promotion.yaml:12:3: policy.semver.range: invalid semver range '>=1 <': at"
            + " column 6",
        "badOrder   | promotion.yaml:12:3: policy.numerical.order: invalid order 'up': expected"
            + " asc or desc",
        "badBool    | promotion.yaml:12:3: image policy: 'policy.semver.includePrereleases' must be"
            + " true or false, got 'yes'",
        "listBody   | promotion.yaml:12:3: image policy: 'policy.numerical' must be a mapping, got"
            + " a list",
        "badFilter  | promotion.yaml:12:3: filterTags: invalid tag pattern '(' ",
        "filterWithExact | promotion.yaml:12:3: image policy: 'filterTags' does not go with"
            + " policy.exact, which says itself which tags count",
        "badExtract | promotion.yaml:12:3: filterTags: invalid extract of tag pattern '^v(.*)$':"
            + " extract '$v' refers to a group named 'v'",
      })
  void specErrorsNameTheKeyAndTheLocation(String name, String message) {
    Map<String, ?> spec =
        switch (name) {
          case "missing" -> spec();
          case "unknownTop" -> spec("policy", spec("numerical", spec()), "filter", spec());
          case "noKind" -> spec("policy", spec());
          case "twoKinds" ->
              spec("policy", spec("semver", spec("range", "*"), "numerical", spec()));
          case "unknownKind" -> spec("policy", spec("latest", spec()));
          case "noRange" -> spec("policy", spec("semver", spec()));
          case "numberRange" -> spec("policy", spec("semver", spec("range", 1.2)));
          case "badRange" -> spec("policy", spec("semver", spec("range", ">=1 <")));
          case "badOrder" -> spec("policy", spec("numerical", spec("order", "up")));
          case "badBool" ->
              spec("policy", spec("semver", spec("range", "*", "includePrereleases", "yes")));
          case "listBody" -> spec("policy", spec("numerical", List.of("asc")));
          case "badFilter" ->
              spec("policy", spec("numerical", spec()), "filterTags", spec("pattern", "("));
          case "filterWithExact" ->
              spec("policy", spec("exact", spec("tag", "v1")), "filterTags", spec("pattern", "^v"));
          case "badExtract" ->
              spec(
                  "policy",
                  spec("numerical", spec()),
                  "filterTags",
                  spec("pattern", "^v(.*)$", "extract", "$v"));
          default -> throw new IllegalArgumentException(name);
        };
    assertThatThrownBy(() -> TagPolicy.fromSpec(spec, "promotion.yaml:12:3"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.location()).contains("promotion.yaml:12:3"))
        .hasMessageStartingWith(message.strip());
  }

  @Test
  void aSpecWithoutLocationStillSaysWhatIsWrong() {
    assertThatThrownBy(() -> TagPolicy.fromSpec(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("image policy: needs a mapping with 'policy' and optionally 'filterTags'");
  }

  /** A mapping as a YAML reader gives it: keys in order, values may be null. */
  private static Map<String, Object> spec(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
