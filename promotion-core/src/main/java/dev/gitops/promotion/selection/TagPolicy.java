package dev.gitops.promotion.selection;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.selection.internal.Keys;
import dev.gitops.promotion.selection.internal.PolicySpecReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to pick the newest eligible tag of an image repository: the policies of Flux's {@code
 * ImagePolicy} and the update strategies of Argo CD Image Updater, as pure logic over a list of
 * tags.
 *
 * <pre>{@code
 * TagPolicy.semver(">=1.0.0 <2.0.0");                     // highest version in the range
 * TagPolicy.numerical(Order.ASC)
 *     .withFilter(TagFilter.of("^build-(?P<n>[0-9]+)$", "$n"));   // highest build number
 * TagPolicy.alphabetical(Order.ASC);                      // last tag in byte order
 * TagPolicy.newestBuild("^main-[a-f0-9]+-(?<ts>[0-9]+)"); // highest ts among main-<sha>-<ts>
 * TagPolicy.exact("v1.4.2");                              // that tag, if it is there
 *
 * Optional<Selected> pick = policy.select(registryTags);
 * pick.map(Selected::description);   // "semver >=1.0.0 <2.0.0 picked v1.4.2 of 37 tags (12 eligible)"
 * }</pre>
 *
 * <p>The kinds:
 *
 * <ul>
 *   <li>{@link Kind#SEMVER}: tags (or their extracted values) read as {@link SemVer#parse strict
 *       SemVer with an optional v}, as Flux does ({@link #withLenientVersions(boolean)
 *       withLenientVersions(true)} reads them {@link SemVer#parseLenient leniently}, as Argo CD
 *       Image Updater does); those in the {@link SemVerRange range} are eligible; the highest
 *       precedence wins. Pre-releases take part only when the range names one or {@link
 *       #withPrereleases(boolean) withPrereleases(true)} is set.
 *   <li>{@link Kind#NUMERICAL}: the values read as decimal numbers (others are dropped, where Flux
 *       would fail the whole policy); {@link Order#ASC} picks the highest, {@link Order#DESC} the
 *       lowest.
 *   <li>{@link Kind#ALPHABETICAL}: the values in byte (code point) order, as Go compares strings;
 *       {@link Order#ASC} picks the last, {@link Order#DESC} the first.
 *   <li>{@link Kind#NEWEST_BUILD}: numerical, highest first, over one capture group of a pattern,
 *       like a commit timestamp in {@code main-3f2a9c1-1700000000}.
 *   <li>{@link Kind#EXACT}: a pinned tag, eligible only if the registry has it.
 * </ul>
 *
 * <p>A {@link #filter() filter} first drops the tags its pattern is not found in and, with an
 * extract template, gives the value that is ordered (Flux's {@code filterTags}).
 *
 * <p><b>Ties.</b> When eligible tags order the same ({@code 1.0.0} and {@code v1.0.0}, {@code
 * 1.0.0+build.1} and {@code 1.0.0+build.2}, or two tags that extract to the same value), the tag
 * that is last in byte order wins: {@code v1.0.0}, {@code 1.0.0+build.2}. This is what Flux does
 * for semver without a filter: its image-reflector-controller stores the scanned tags sorted in
 * descending byte order and keeps the first tag of the highest version. With a filter Flux goes
 * through a Go map, whose order is random, and its numerical policy keeps the last of equal values;
 * here every policy uses the one rule above, so the pick never depends on the order of the input.
 *
 * <p>A policy is an immutable value: build it with the factories and the {@code with...} methods,
 * with {@link #builder()}, or from the spec a user wrote with {@link #fromSpec(Map, String)}.
 */
@Value.Immutable
public abstract class TagPolicy {

  /** The kinds of policy. */
  public enum Kind {
    /** Highest semantic version in a range. */
    SEMVER,
    /** Highest (or lowest) number. */
    NUMERICAL,
    /** Last (or first) in byte order. */
    ALPHABETICAL,
    /** Highest number in one capture group of a pattern. */
    NEWEST_BUILD,
    /** One pinned tag. */
    EXACT
  }

  /** The kind of policy. */
  public abstract Kind kind();

  /** The version range of a {@link Kind#SEMVER} policy. */
  public abstract Optional<SemVerRange> range();

  /**
   * Which end a numerical or alphabetical policy picks; {@link Order#ASC} unless said otherwise.
   */
  @Value.Default
  public Order order() {
    return Order.ASC;
  }

  /** The tag filter and extract template, if any. */
  public abstract Optional<TagFilter> filter();

  /**
   * Whether a semver policy reads tags leniently ({@code 1.2}, {@code 01.2.3}), as Argo CD Image
   * Updater does, instead of as strict SemVer with an optional {@code v}, as Flux does. False
   * unless said otherwise.
   */
  @Value.Default
  public boolean lenientVersions() {
    return false;
  }

  /** The pinned tag of an {@link Kind#EXACT} policy. */
  public abstract Optional<String> tag();

  /**
   * The highest semantic version in {@code range}.
   *
   * @throws InvalidInputException when the range does not parse
   */
  public static TagPolicy semver(String range) {
    return builder().kind(Kind.SEMVER).range(SemVerRange.parse(range)).build();
  }

  /** The highest ({@link Order#ASC}) or lowest ({@link Order#DESC}) number. */
  public static TagPolicy numerical(Order order) {
    return builder().kind(Kind.NUMERICAL).order(order).build();
  }

  /** The last ({@link Order#ASC}) or first ({@link Order#DESC}) value in byte order. */
  public static TagPolicy alphabetical(Order order) {
    return builder().kind(Kind.ALPHABETICAL).order(order).build();
  }

  /**
   * The highest number captured by the only named group of {@code pattern}, among the tags the
   * pattern is found in, like {@code ^main-[a-f0-9]+-(?<ts>[0-9]+)}.
   *
   * @throws InvalidInputException when the pattern is invalid or has not exactly one named group
   */
  public static TagPolicy newestBuild(String pattern) {
    List<String> names = TagFilter.of(pattern).groupNames();
    if (names.size() != 1) {
      throw new InvalidInputException(
          "newest-build pattern '"
              + SafeText.forDisplay(pattern)
              + "' needs exactly one named group to order by, like (?<ts>[0-9]+); it has "
              + (names.isEmpty() ? "none" : SafeText.forDisplay(String.join(", ", names)))
              + (names.isEmpty() ? "" : "; name the one to use with newestBuild(pattern, group)"));
    }
    return newestBuild(pattern, names.get(0));
  }

  /**
   * The highest number captured by the group {@code group} of {@code pattern}, among the tags the
   * pattern is found in.
   *
   * @throws InvalidInputException when the pattern is invalid or has no group of that name
   */
  public static TagPolicy newestBuild(String pattern, String group) {
    return builder()
        .kind(Kind.NEWEST_BUILD)
        .filter(TagFilter.of(pattern, "${" + group + "}"))
        .build();
  }

  /** Exactly {@code tag}, when the registry has it. */
  public static TagPolicy exact(String tag) {
    return builder().kind(Kind.EXACT).tag(tag).build();
  }

  /**
   * Reads a policy from the spec a user wrote (in {@code promotion.yaml}), already parsed into
   * maps, lists, strings and booleans. The shape is Flux's {@code ImagePolicy} spec, plus two kinds
   * of ours:
   *
   * <pre>
   * policy:                          # exactly one of:
   *   semver: {range: "&gt;=1.0.0 &lt;2.0.0", includePrereleases: false, lenientVersions: false}
   *   numerical: {order: asc}        # asc (default) picks the highest, desc the lowest
   *   alphabetical: {order: asc}
   *   newestBuild: {pattern: "^main-[a-f0-9]+-(?&lt;ts&gt;[0-9]+)", group: ts}   # group optional
   *   exact: {tag: v1.4.2}
   * filterTags:                      # optional; not with newestBuild or exact
   *   pattern: "^v(?P&lt;version&gt;.*)$"
   *   extract: "$version"
   * </pre>
   *
   * @param spec the mapping with {@code policy} and, optionally, {@code filterTags}
   * @param location where the mapping is, as {@code file:line:col}, for error messages; or null
   * @throws InvalidInputException naming the key that is wrong and what was expected
   */
  public static TagPolicy fromSpec(Map<String, ?> spec, String location) {
    return PolicySpecReader.read(spec, location);
  }

  /** {@link #fromSpec(Map, String)} without a location. */
  public static TagPolicy fromSpec(Map<String, ?> spec) {
    return fromSpec(spec, null);
  }

  /**
   * This policy with a tag filter (replacing any it had).
   *
   * @throws InvalidInputException for a {@link Kind#NEWEST_BUILD} or {@link Kind#EXACT} policy
   */
  public TagPolicy withFilter(TagFilter filter) {
    if (kind() == Kind.NEWEST_BUILD || kind() == Kind.EXACT) {
      throw invalid(
          "'" + describe() + "' takes no tag filter: its pattern or tag says which tags count");
    }
    return builder().from(this).filter(filter).build();
  }

  /**
   * This semver policy with pre-releases let into the range ({@code true}) or only where the range
   * names one ({@code false}, the default).
   *
   * @throws InvalidInputException when this is not a semver policy
   */
  public TagPolicy withPrereleases(boolean include) {
    SemVerRange r = range().orElseThrow(() -> notSemver("pre-releases"));
    return builder().from(this).range(r.withPrereleases(include)).build();
  }

  /**
   * This semver policy reading tags leniently ({@code true}) or as strict SemVer with an optional
   * {@code v} ({@code false}, the default).
   *
   * @throws InvalidInputException when this is not a semver policy
   */
  public TagPolicy withLenientVersions(boolean lenient) {
    if (kind() != Kind.SEMVER) {
      throw notSemver("lenient versions");
    }
    return builder().from(this).lenientVersions(lenient).build();
  }

  /**
   * Picks the best eligible tag of {@code tags}; empty when none is eligible. Duplicates and nulls
   * in {@code tags} are ignored. Runs in time linear in the number of tags.
   */
  public Optional<Selected> select(Collection<String> tags) {
    LinkedHashSet<String> distinct = distinct(tags);
    Ranked best = null;
    int eligible = 0;
    for (String tag : distinct) {
      Ranked r = rank(tag);
      if (r == null) {
        continue;
      }
      eligible++;
      if (best == null || better().compare(r, best) > 0) {
        best = r;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(
        Selected.builder()
            .tag(best.tag)
            .key(best.key)
            .total(distinct.size())
            .eligible(eligible)
            .policy(describe())
            .build());
  }

  /** The eligible tags of {@code tags}, best first; the first is what {@link #select} picks. */
  public List<Candidate> rank(Collection<String> tags) {
    List<Ranked> ranked = new ArrayList<>();
    for (String tag : distinct(tags)) {
      Ranked r = rank(tag);
      if (r != null) {
        ranked.add(r);
      }
    }
    ranked.sort(better().reversed());
    return ranked.stream().map(r -> new Candidate(r.tag, r.key)).toList();
  }

  /** Whether {@code tag} is eligible under this policy (taken on its own). */
  public boolean isEligible(String tag) {
    return tag != null && rank(tag) != null;
  }

  /**
   * The policy in a few words, like {@code semver >=1.0.0 <2.0.0} or {@code numerical asc of tags
   * matching ^build-(?P<n>[0-9]+)$ by $n}; user-written parts are made safe to display.
   */
  public String describe() {
    String base =
        switch (kind()) {
          case SEMVER ->
              "semver " + range().orElseThrow() + (lenientVersions() ? " (lenient versions)" : "");
          case NUMERICAL -> "numerical " + order();
          case ALPHABETICAL -> "alphabetical " + order();
          case NEWEST_BUILD ->
              "newest build by "
                  + SafeText.forDisplay(filter().orElseThrow().extract())
                  + " of tags matching "
                  + SafeText.forDisplay(filter().orElseThrow().pattern());
          case EXACT -> "exact tag " + SafeText.forDisplay(tag().orElseThrow());
        };
    if (kind() == Kind.NEWEST_BUILD || filter().isEmpty()) {
      return base;
    }
    TagFilter f = filter().get();
    return base
        + " of tags matching "
        + SafeText.forDisplay(f.pattern())
        + (f.extract().isEmpty() ? "" : " by " + SafeText.forDisplay(f.extract()));
  }

  /** {@link #describe()}. */
  @Override
  public String toString() {
    return describe();
  }

  /** A new builder; {@code kind} is required, the rest depends on it. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TagPolicy}. */
  public static final class Builder extends ImmutableTagPolicy.Builder {
    Builder() {}
  }

  @Value.Check
  void check() {
    Kind k = kind();
    if (k == Kind.SEMVER && range().isEmpty()) {
      throw invalid("a semver policy needs a range, like '>=1.0.0 <2.0.0' or '*'");
    }
    if (k != Kind.SEMVER && range().isPresent()) {
      throw invalid(
          "a range belongs to a semver policy only, not to " + k.name().toLowerCase(Locale.ROOT));
    }
    if (k != Kind.SEMVER && lenientVersions()) {
      throw invalid("lenient versions apply to a semver policy only");
    }
    if ((k == Kind.EXACT) != tag().isPresent()) {
      throw invalid(
          k == Kind.EXACT
              ? "an exact policy needs the tag to pin"
              : "a pinned tag belongs to an exact policy only");
    }
    if (k == Kind.EXACT && (tag().get().isEmpty() || filter().isPresent())) {
      throw invalid(
          tag().get().isEmpty()
              ? "an exact policy needs a non-empty tag"
              : "an exact policy pins one tag and takes no tag filter");
    }
    if (k == Kind.NEWEST_BUILD) {
      if (filter().isEmpty() || filter().get().extract().isEmpty()) {
        throw invalid(
            "a newest-build policy needs a pattern with a capture group to order by, like"
                + " '^main-[a-f0-9]+-(?<ts>[0-9]+)'");
      }
      if (order() != Order.ASC) {
        throw invalid("a newest-build policy picks the highest number; its order is asc only");
      }
    }
  }

  // ---- evaluation ----

  private static final class Ranked {
    final String tag;
    final String key;
    final Object sortKey;

    Ranked(String tag, String key, Object sortKey) {
      this.tag = tag;
      this.key = key;
      this.sortKey = sortKey;
    }
  }

  private static LinkedHashSet<String> distinct(Collection<String> tags) {
    LinkedHashSet<String> s = new LinkedHashSet<>();
    for (String t : tags) {
      if (t != null) {
        s.add(t);
      }
    }
    return s;
  }

  /** The tag with its key, or null when it is not eligible. */
  private Ranked rank(String tag) {
    String key;
    if (filter().isPresent()) {
      Optional<String> k = filter().get().apply(tag);
      if (k.isEmpty()) {
        return null;
      }
      key = k.get();
    } else {
      key = tag;
    }
    switch (kind()) {
      case SEMVER -> {
        Optional<SemVer> v = lenientVersions() ? SemVer.tryParseLenient(key) : SemVer.tryParse(key);
        return v.isPresent() && range().orElseThrow().test(v.get())
            ? new Ranked(tag, key, v.get())
            : null;
      }
      case NUMERICAL, NEWEST_BUILD -> {
        Optional<BigDecimal> n = Keys.decimal(key);
        return n.map(d -> new Ranked(tag, key, d)).orElse(null);
      }
      case ALPHABETICAL -> {
        return new Ranked(tag, key, key);
      }
      case EXACT -> {
        return tag.equals(tag().orElseThrow()) ? new Ranked(tag, key, key) : null;
      }
      default -> throw new IllegalStateException("unknown kind " + kind());
    }
  }

  /** Orders candidates so that the better one compares greater. */
  private Comparator<Ranked> better() {
    Comparator<Ranked> byKey =
        switch (kind()) {
          case SEMVER -> Comparator.comparing(r -> (SemVer) r.sortKey);
          case NUMERICAL, NEWEST_BUILD -> Comparator.comparing(r -> (BigDecimal) r.sortKey);
          case ALPHABETICAL -> (a, b) -> Keys.compareBytes(a.key, b.key);
          case EXACT -> (a, b) -> 0;
        };
    if (order() == Order.DESC) {
      byKey = byKey.reversed();
    }
    return byKey.thenComparing((a, b) -> Keys.compareBytes(a.tag, b.tag));
  }

  private InvalidInputException notSemver(String what) {
    return invalid(what + " apply to a semver policy only; this is " + describe());
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException("invalid tag policy: " + message);
  }
}
