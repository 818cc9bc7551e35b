package dev.gitops.promotion.selection;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Small generator helpers for the selection properties, so the properties do not depend on jqwik
 * details everywhere. Numbers stay small by default so that equal and neighbouring versions come up
 * often.
 */
final class SelectionGenerators {
  private SelectionGenerators() {}

  /** A version number, mostly small, sometimes huge. */
  static Arbitrary<Long> number() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(0, 4)),
        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
  }

  /** A small version number, for properties that step to the next one. */
  static Arbitrary<Long> small() {
    return Arbitraries.longs().between(0, 4);
  }

  /** One pre-release identifier: a number without leading zeros, or letters, digits and '-'. */
  static Arbitrary<String> preReleaseIdentifier() {
    Arbitrary<String> numeric = Arbitraries.integers().between(0, 12).map(String::valueOf);
    Arbitrary<String> alphanumeric =
        Combinators.combine(
                Arbitraries.strings().withChars("abrcZ-").ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withChars("019").ofMaxLength(2))
            .as((letters, digits) -> letters + digits);
    return Arbitraries.oneOf(numeric, alphanumeric);
  }

  /** A pre-release, like {@code rc.1}; empty for a release (often). */
  static Arbitrary<String> preRelease() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(
            3,
            preReleaseIdentifier().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l))));
  }

  /** Build metadata, like {@code build.007}; often empty. */
  static Arbitrary<String> build() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.strings()
                .withChars("a0Z-7")
                .ofMinLength(1)
                .ofMaxLength(4)
                .list()
                .ofMinSize(1)
                .ofMaxSize(2)
                .map(l -> String.join(".", l))));
  }

  /** The text of a strict SemVer with an optional {@code v}. */
  static Arbitrary<String> semverText() {
    return Combinators.combine(
            Arbitraries.of("", "v"), number(), number(), number(), preRelease(), build())
        .as(
            (v, major, minor, patch, pre, build) ->
                v
                    + major
                    + "."
                    + minor
                    + "."
                    + patch
                    + (pre.isEmpty() ? "" : "-" + pre)
                    + (build.isEmpty() ? "" : "+" + build));
  }

  /** A strict SemVer. */
  static Arbitrary<SemVer> semver() {
    return semverText().map(SemVer::parse);
  }

  /** A release (no pre-release) with small numbers, as {@code {major, minor, patch}}. */
  static Arbitrary<long[]> release() {
    return Combinators.combine(small(), small(), small()).as((a, b, c) -> new long[] {a, b, c});
  }

  /** The text of a lenient version: one to three numbers, maybe with leading zeros. */
  static Arbitrary<String> lenientText() {
    Arbitrary<String> part =
        Combinators.combine(Arbitraries.of("", "0", "00"), small()).as((z, n) -> z + n);
    return Combinators.combine(
            Arbitraries.of("", "v"), part.list().ofMinSize(1).ofMaxSize(3), preRelease(), build())
        .as(
            (v, parts, pre, build) ->
                v
                    + String.join(".", parts)
                    + (pre.isEmpty() ? "" : "-" + pre)
                    + (build.isEmpty() ? "" : "+" + build));
  }

  /** Tags as a registry lists them: versions mixed with moving tags and CI builds. */
  static Arbitrary<List<String>> tags() {
    Arbitrary<String> junk =
        Arbitraries.of(
            "latest", "main", "stable", "sha-abc1234", "main-3f2a9c1-1700000000", "1.2", "V1.0.0");
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, semverText()), net.jqwik.api.Tuple.of(1, junk))
        .list()
        .ofMaxSize(12);
  }

  /** Ranges of every form, over small numbers. */
  static Arbitrary<String> range() {
    return Arbitraries.oneOf(
        Arbitraries.of("*", ">=1.0.0 <2.0.0", "^1", "~1.2", "1.x", "<1.0.0 || >=3.0.0", "!=2.0.0"),
        Combinators.combine(Arbitraries.of("^", "~", ">=", "<=", ">", "<", "=", "!="), release())
            .as((op, r) -> op + r[0] + "." + r[1] + "." + r[2]),
        Combinators.combine(release(), release())
            .as((a, b) -> a[0] + "." + a[1] + " - " + b[0] + "." + b[1] + "." + b[2]),
        Combinators.combine(release(), Arbitraries.of("x", "*", "X")).as((r, w) -> r[0] + "." + w),
        release().map(r -> ">=" + r[0] + "." + r[1] + "." + r[2] + "-0"));
  }

  /** Numbers as tags, with some that are not numbers. */
  static Arbitrary<List<String>> numericTags() {
    Arbitrary<String> number =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-50, 2000).map(String::valueOf),
            Arbitraries.bigDecimals()
                .between(java.math.BigDecimal.valueOf(-100), java.math.BigDecimal.valueOf(100))
                .ofScale(2)
                .map(java.math.BigDecimal::toPlainString),
            Arbitraries.longs().between(1_699_999_990L, 1_700_000_010L).map(n -> "00" + n));
    Arbitrary<String> junk = Arbitraries.of("latest", "v1", "1.2.3", "NaN", "");
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, number), net.jqwik.api.Tuple.of(1, junk))
        .list()
        .ofMaxSize(12);
  }
}
