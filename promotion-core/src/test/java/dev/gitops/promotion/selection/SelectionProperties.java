package dev.gitops.promotion.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of versions, ranges and policies over generated inputs. */
class SelectionProperties {

  // ---- SemVer: a total order, consistent with equals-ignoring-build ----

  @Property
  void compareIsAntisymmetricAndReflexive(
      @ForAll("semvers") SemVer a, @ForAll("semvers") SemVer b) {
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
    assertThat(a.compareTo(a)).isZero();
  }

  @Property
  void compareIsTransitive(
      @ForAll("semvers") SemVer a, @ForAll("semvers") SemVer b, @ForAll("semvers") SemVer c) {
    List<SemVer> sorted = new ArrayList<>(List.of(a, b, c));
    Collections.sort(sorted);
    assertThat(sorted.get(0).compareTo(sorted.get(2))).isNotPositive();
    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
      assertThat(a.compareTo(c)).isNotPositive();
    }
  }

  @Property
  void compareIsZeroExactlyWhenEqualIgnoringBuild(
      @ForAll("semvers") SemVer a, @ForAll("semvers") SemVer b) {
    // written plainly: the same numbers and the same pre-release, whatever the build and the 'v'
    boolean sameIgnoringBuild = withoutBuild(a.normalized()).equals(withoutBuild(b.normalized()));
    assertThat(a.compareTo(b) == 0).isEqualTo(sameIgnoringBuild);
    assertThat(a.equalsIgnoringBuild(b)).isEqualTo(sameIgnoringBuild);
    if (a.equals(b)) {
      assertThat(a.compareTo(b)).isZero();
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
  }

  @Property
  void releasesOrderLikeTheirNumbers(@ForAll("releases") long[] x, @ForAll("releases") long[] y) {
    SemVer a = SemVer.parse(x[0] + "." + x[1] + "." + x[2]);
    SemVer b = SemVer.parse(y[0] + "." + y[1] + "." + y[2]);
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(compareTuples(x, y)));
  }

  @Property
  void aPreReleaseComesBeforeItsRelease(@ForAll("semvers") SemVer v) {
    SemVer release = SemVer.parse(v.major() + "." + v.minor() + "." + v.patch());
    assertThat(v.compareTo(release)).isEqualTo(v.isPreRelease() ? -1 : 0);
  }

  // ---- round trips ----

  @Property
  void parseOfToStringRoundTrips(@ForAll("semverTexts") String text) {
    SemVer v = SemVer.parse(text);
    assertThat(v.toString()).isEqualTo(text);
    assertThat(SemVer.parse(v.toString())).isEqualTo(v);
    SemVer normalized = SemVer.parse(v.normalized());
    assertThat(normalized.equalsIgnoringBuild(v)).isTrue();
    assertThat(normalized.build()).isEqualTo(v.build());
    assertThat(normalized.normalized()).isEqualTo(v.normalized());
    assertThat(SemVer.parseLenient(text)).isEqualTo(v);
  }

  @Property
  void lenientParseOfToStringRoundTrips(@ForAll("lenientTexts") String text) {
    SemVer v = SemVer.parseLenient(text);
    assertThat(v.toString()).isEqualTo(text);
    assertThat(SemVer.parseLenient(v.toString())).isEqualTo(v);
    assertThat(SemVer.parse(v.normalized()).equalsIgnoringBuild(v)).isTrue();
  }

  // ---- ranges against references written plainly ----

  @Property
  void caretAcceptsFromTheBoundUpToTheNextBreakingVersion(
      @ForAll("releases") long[] bound, @ForAll("releases") long[] version) {
    SemVerRange caret = SemVerRange.parse("^" + bound[0] + "." + bound[1] + "." + bound[2]);
    // the next breaking version: the first non-zero number goes up (0.0.z: the patch itself)
    long[] next =
        bound[0] > 0
            ? new long[] {bound[0] + 1, 0, 0}
            : bound[1] > 0 ? new long[] {0, bound[1] + 1, 0} : new long[] {0, 0, bound[2] + 1};
    boolean expected = compareTuples(version, bound) >= 0 && compareTuples(version, next) < 0;
    SemVer v = SemVer.parse(version[0] + "." + version[1] + "." + version[2]);
    assertThat(caret.test(v)).isEqualTo(expected);
    // a pre-release of an accepted version is still out: the range names none
    assertThat(caret.test(SemVer.parse(v + "-rc.1"))).isFalse();
  }

  @Property
  void tildeAcceptsFromTheBoundUpToTheNextMinor(
      @ForAll("releases") long[] bound, @ForAll("releases") long[] version) {
    SemVerRange tilde = SemVerRange.parse("~" + bound[0] + "." + bound[1] + "." + bound[2]);
    boolean everything = bound[0] == 0 && bound[1] == 0 && bound[2] == 0; // ~0.0.0, Masterminds
    long[] next = {bound[0], bound[1] + 1, 0};
    boolean expected =
        everything || (compareTuples(version, bound) >= 0 && compareTuples(version, next) < 0);
    assertThat(tilde.test(SemVer.parse(version[0] + "." + version[1] + "." + version[2])))
        .isEqualTo(expected);
  }

  @Property
  void aWildcardIsTheSameAsTilde(
      @ForAll("releases") long[] bound, @ForAll("semvers") SemVer version) {
    String minorLine = bound[0] + "." + bound[1];
    assertThat(SemVerRange.parse(minorLine + ".x").test(version))
        .isEqualTo(SemVerRange.parse("~" + minorLine).test(version))
        .isEqualTo(
            SemVerRange.parse(">=" + minorLine + ".0 <" + bound[0] + "." + (bound[1] + 1) + ".0")
                .test(version));
  }

  @Property
  void withPrereleasesOnlyAddsPreReleases(
      @ForAll("ranges") String range, @ForAll("semvers") SemVer v) {
    SemVerRange r = SemVerRange.parse(range);
    if (!v.isPreRelease()) {
      assertThat(r.withPrereleases(true).test(v)).isEqualTo(r.test(v));
    } else if (r.test(v)) {
      assertThat(r.withPrereleases(true).test(v)).isTrue();
    }
  }

  // ---- policies: the pick is eligible and nothing eligible beats it ----

  @Property(tries = 300)
  void semverPicksAnEligibleTagThatNoEligibleTagBeats(
      @ForAll("tagLists") List<String> tags, @ForAll("ranges") String range) {
    TagPolicy policy = TagPolicy.semver(range);
    SemVerRange r = SemVerRange.parse(range);
    List<String> eligible =
        new LinkedHashSet<>(tags)
            .stream().filter(t -> SemVer.tryParse(t).filter(r).isPresent()).toList();
    Optional<Selected> pick = policy.select(tags);
    assertThat(pick.isPresent()).isEqualTo(!eligible.isEmpty());
    if (pick.isEmpty()) {
      return;
    }
    Selected s = pick.get();
    assertThat(tags).contains(s.tag());
    assertThat(eligible).contains(s.tag());
    assertThat(s.eligible()).isEqualTo(eligible.size());
    assertThat(s.total()).isEqualTo(new LinkedHashSet<>(tags).size());
    SemVer picked = SemVer.parse(s.tag());
    for (String t : eligible) {
      int c = SemVer.parse(t).compareTo(picked);
      assertThat(c).as("%s beats %s", t, s.tag()).isNotPositive();
      if (c == 0) {
        assertThat(t.compareTo(s.tag())).as("tie %s vs %s", t, s.tag()).isNotPositive();
      }
    }
    List<String> reversed = new ArrayList<>(tags);
    Collections.reverse(reversed);
    assertThat(policy.select(reversed).orElseThrow().tag()).isEqualTo(s.tag());
    assertThat(policy.rank(tags).get(0).tag()).isEqualTo(s.tag());
  }

  @Property(tries = 300)
  void numericalPicksTheHighestOrLowestNumber(
      @ForAll("numericTagLists") List<String> tags, @ForAll boolean ascending) {
    Optional<Selected> pick = TagPolicy.numerical(ascending ? Order.ASC : Order.DESC).select(tags);
    List<BigDecimal> numbers = new ArrayList<>();
    for (String t : tags) {
      try {
        numbers.add(new BigDecimal(t));
      } catch (NumberFormatException notANumber) {
        // dropped
      }
    }
    assertThat(pick.isPresent()).isEqualTo(!numbers.isEmpty());
    if (pick.isEmpty()) {
      return;
    }
    BigDecimal picked = new BigDecimal(pick.get().tag());
    for (BigDecimal n : numbers) {
      assertThat(ascending ? n.compareTo(picked) : picked.compareTo(n)).isNotPositive();
    }
  }

  // ---- generators ----

  @Provide
  Arbitrary<SemVer> semvers() {
    return SelectionGenerators.semver();
  }

  @Provide
  Arbitrary<String> semverTexts() {
    return SelectionGenerators.semverText();
  }

  @Provide
  Arbitrary<String> lenientTexts() {
    return SelectionGenerators.lenientText();
  }

  @Provide
  Arbitrary<long[]> releases() {
    return SelectionGenerators.release();
  }

  @Provide
  Arbitrary<String> ranges() {
    return SelectionGenerators.range();
  }

  @Provide
  Arbitrary<List<String>> tagLists() {
    return SelectionGenerators.tags();
  }

  @Provide
  Arbitrary<List<String>> numericTagLists() {
    return SelectionGenerators.numericTags();
  }

  private static String withoutBuild(String normalized) {
    int plus = normalized.indexOf('+');
    return plus < 0 ? normalized : normalized.substring(0, plus);
  }

  private static int compareTuples(long[] a, long[] b) {
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return a[i] < b[i] ? -1 : 1;
      }
    }
    return 0;
  }
}
