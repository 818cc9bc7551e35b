package dev.gitops.promotion.selection;

import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.selection.internal.Condition;
import dev.gitops.promotion.selection.internal.RangeParser;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A version range in the Masterminds/semver v3 constraint language, the one Flux's {@code
 * ImagePolicy} ({@code policy.semver.range}) and Argo CD Image Updater's semver strategy use.
 *
 * <table>
 *   <caption>What each form accepts (pre-releases aside, see below)</caption>
 *   <tr><th>written</th><th>accepts</th></tr>
 *   <tr><td>{@code 1.2.3}, {@code =1.2.3}</td><td>exactly 1.2.3 (build metadata ignored)</td></tr>
 *   <tr><td>{@code !=1.2.3}</td><td>anything but 1.2.3</td></tr>
 *   <tr><td>{@code >1.2.3}, {@code <1.2.3}, {@code >=1.2.3}, {@code <=1.2.3}</td>
 *       <td>by precedence; {@code =>} and {@code =<} are accepted spellings</td></tr>
 *   <tr><td>{@code >=1.0.0 <2.0.0}, {@code >=1.0.0, <2.0.0}</td>
 *       <td>both (AND, by space or comma)</td></tr>
 *   <tr><td>{@code <1.0.0 || >=2.0.0}</td><td>either (OR)</td></tr>
 *   <tr><td>{@code 1.2 - 1.4.5}</td><td>{@code >=1.2.0 <=1.4.5} (spaces around the hyphen
 *       required; an upper bound with missing numbers covers them: {@code 1 - 2} is
 *       {@code >=1.0.0 <3.0.0})</td></tr>
 *   <tr><td>{@code 1.2.x}, {@code 1.2.*}, {@code 1.2}</td><td>{@code >=1.2.0 <1.3.0}</td></tr>
 *   <tr><td>{@code 1.x}, {@code 1}</td><td>{@code >=1.0.0 <2.0.0}</td></tr>
 *   <tr><td>{@code *}, {@code x}, {@code X}</td><td>every release</td></tr>
 *   <tr><td>{@code ~1.2.3}, {@code ~1.2}, {@code ~1}</td>
 *       <td>{@code >=1.2.3 <1.3.0}, {@code >=1.2.0 <1.3.0}, {@code >=1.0.0 <2.0.0};
 *       {@code ~>} is an accepted spelling</td></tr>
 *   <tr><td>{@code ^1.2.3}, {@code ^1.2}, {@code ^1}</td><td>{@code >=1.2.3 <2.0.0},
 *       {@code >=1.2.0 <2.0.0}, {@code >=1.0.0 <2.0.0}</td></tr>
 *   <tr><td>{@code ^0.2.3}, {@code ^0.0.3}, {@code ^0.0}, {@code ^0}</td>
 *       <td>{@code >=0.2.3 <0.3.0}, {@code >=0.0.3 <0.0.4}, {@code >=0.0.0 <0.1.0},
 *       {@code >=0.0.0 <1.0.0}</td></tr>
 *   <tr><td>{@code >1.2}, {@code >1}, {@code <=1.2}, {@code <=1}</td>
 *       <td>{@code >=1.3.0}, {@code >=2.0.0}, {@code <1.3.0}, {@code <2.0.0}: a comparison with a
 *       short or wild bound compares at that level</td></tr>
 * </table>
 *
 * <p>Versions in a range may start with {@code v} and their numbers may have leading zeros. Other
 * Masterminds corner cases are kept as they are: {@code ~0.0.0} accepts everything, {@code ^*} only
 * 0.0.0, {@code <=*} only 0.0.x. One difference: Masterminds rewrites hyphen ranges textually
 * before parsing, which makes it reject a hyphen range that follows another comparison after a
 * space ({@code >=1 1.0 - 2.0}); this parser accepts it.
 *
 * <p><b>Pre-releases</b> follow the Masterminds v3.4 rule: a pre-release version satisfies an AND
 * group only when some comparison of that group names a pre-release ({@code >=1.2.0-0 <2.0.0}
 * accepts {@code 1.5.0-rc.1}; {@code >=1.2.0 <2.0.0} does not), and then it must also satisfy every
 * comparison by precedence. {@link #withPrereleases(boolean) withPrereleases(true)} lets
 * pre-releases into every group.
 *
 * <pre>{@code
 * SemVerRange r = SemVerRange.parse(">=1.0.0 <2.0.0");
 * r.test(SemVer.parse("v1.4.2"));       // true
 * r.test(SemVer.parse("1.5.0-rc.1"));   // false: the range names no pre-release
 * r.withPrereleases(true).test(SemVer.parse("1.5.0-rc.1"));   // true
 * }</pre>
 */
public final class SemVerRange implements Predicate<SemVer> {

  private final String text;
  private final List<List<Condition>> groups;
  private final boolean includePrereleases;

  private SemVerRange(String text, List<List<Condition>> groups, boolean includePrereleases) {
    this.text = text;
    this.groups = groups;
    this.includePrereleases = includePrereleases;
  }

  /**
   * Parses a range.
   *
   * @throws dev.gitops.promotion.InvalidInputException naming the range, the column that is wrong
   *     and what was expected there
   */
  public static SemVerRange parse(String text) {
    Objects.requireNonNull(text, "text");
    List<List<Condition>> groups = RangeParser.parse(text).stream().map(List::copyOf).toList();
    return new SemVerRange(text, groups, false);
  }

  /**
   * This range with pre-releases let into every AND group ({@code true}), or only into the groups
   * that name one ({@code false}, the default, as Flux does).
   */
  public SemVerRange withPrereleases(boolean include) {
    return include == includePrereleases ? this : new SemVerRange(text, groups, include);
  }

  /** Whether pre-releases are let into every AND group; see {@link #withPrereleases(boolean)}. */
  public boolean includesPrereleases() {
    return includePrereleases;
  }

  /** Whether {@code version} is in this range. */
  @Override
  public boolean test(SemVer version) {
    for (List<Condition> group : groups) {
      if (version.isPreRelease()
          && !includePrereleases
          && group.stream().noneMatch(Condition::hasPreRelease)) {
        continue;
      }
      if (group.stream().allMatch(c -> c.test(version))) {
        return true;
      }
    }
    return false;
  }

  /** The range as written. */
  public String text() {
    return text;
  }

  /** Equal when written the same and with the same pre-release option. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SemVerRange other
        && text.equals(other.text)
        && includePrereleases == other.includePrereleases;
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + Boolean.hashCode(includePrereleases);
  }

  /** The range as written, made safe to display, with {@code (pre-releases included)} if so. */
  @Override
  public String toString() {
    return SafeText.forDisplay(text) + (includePrereleases ? " (pre-releases included)" : "");
  }
}
