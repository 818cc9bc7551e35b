package dev.gitops.promotion.selection;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A semantic version as an image tag carries it, ordered by SemVer 2.0.0 precedence.
 *
 * <p>Two ways to read one, matching the two tools this package mirrors:
 *
 * <ul>
 *   <li>{@link #parse(String)}: strict <a href="https://semver.org/spec/v2.0.0.html">SemVer
 *       2.0.0</a> ({@code MAJOR.MINOR.PATCH}, optional {@code -pre.release} and {@code +build}, no
 *       leading zeros in numbers or numeric pre-release identifiers), plus one leniency: an
 *       optional leading lowercase {@code v}. This is exactly what Flux's semver policy accepts as
 *       a tag ({@code v1.2.3} yes; {@code 1.2}, {@code V1.2.3}, {@code 01.2.3} no).
 *   <li>{@link #parseLenient(String)}: the forms Masterminds/semver v3 {@code NewVersion} coerces,
 *       which Argo CD Image Updater accepts as tags and both tools accept inside ranges: the
 *       optional {@code v}, one to three numbers with the missing ones read as 0 ({@code 1} is
 *       1.0.0, {@code 1.2} is 1.2.0, {@code 1.2-rc.1} is 1.2.0-rc.1), and leading zeros in those
 *       numbers ({@code 2024.01.05} is 2024.1.5). Pre-release and build identifiers are checked as
 *       strictly as in {@link #parse(String)}.
 * </ul>
 *
 * <p>Numbers are limited to {@link Long#MAX_VALUE}; larger ones are rejected.
 *
 * <p>{@link #toString()} gives back the text exactly as parsed, and {@link #equals(Object)}
 * compares that text. {@link #compareTo(SemVer)} orders by precedence: numbers numerically, a
 * pre-release before its release, pre-release identifiers one by one (numeric ones numerically and
 * before alphanumeric ones, alphanumeric ones in ASCII order, a shorter list first when the rest is
 * equal); build metadata and the written form are ignored. So {@code compareTo} is <em>not</em>
 * consistent with {@code equals}: {@code 1.0.0}, {@code v1.0.0} and {@code 1.0.0+build.5} compare
 * as equal and are not equal; {@link #equalsIgnoringBuild(SemVer)} is what {@code compareTo == 0}
 * means.
 *
 * <pre>{@code
 * SemVer v = SemVer.parse("v1.4.2-rc.1+build.7");
 * v.major();            // 1
 * v.preRelease();       // "rc.1"
 * v.toString();         // "v1.4.2-rc.1+build.7"
 * v.normalized();       // "1.4.2-rc.1+build.7"
 * SemVer.parseLenient("1.4").normalized();   // "1.4.0"
 * }</pre>
 */
public final class SemVer implements Comparable<SemVer> {

  private final String text;
  private final long major;
  private final long minor;
  private final long patch;
  private final List<String> preRelease;
  private final List<String> build;

  private SemVer(
      String text,
      long major,
      long minor,
      long patch,
      List<String> preRelease,
      List<String> build) {
    this.text = text;
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.preRelease = List.copyOf(preRelease);
    this.build = List.copyOf(build);
  }

  /**
   * Parses strict SemVer 2.0.0 with an optional leading {@code v}, as Flux reads tags.
   *
   * @throws InvalidInputException naming the input, the column and what is wrong
   */
  public static SemVer parse(String text) {
    return read(Objects.requireNonNull(text, "text"), false, true);
  }

  /** Parses like {@link #parse(String)}, or returns empty when the text is not such a version. */
  public static Optional<SemVer> tryParse(String text) {
    return text == null ? Optional.empty() : Optional.ofNullable(read(text, false, false));
  }

  /**
   * Parses the lenient forms of Masterminds/semver {@code NewVersion}: optional {@code v}, one to
   * three numbers (missing ones are 0), leading zeros allowed in those numbers.
   *
   * @throws InvalidInputException naming the input, the column and what is wrong
   */
  public static SemVer parseLenient(String text) {
    return read(Objects.requireNonNull(text, "text"), true, true);
  }

  /** Parses like {@link #parseLenient(String)}, or returns empty when the text is not a version. */
  public static Optional<SemVer> tryParseLenient(String text) {
    return text == null ? Optional.empty() : Optional.ofNullable(read(text, true, false));
  }

  /** The major version. */
  public long major() {
    return major;
  }

  /** The minor version (0 when a lenient text left it out). */
  public long minor() {
    return minor;
  }

  /** The patch version (0 when a lenient text left it out). */
  public long patch() {
    return patch;
  }

  /** The pre-release identifiers joined by dots, without the {@code -}; empty when none. */
  public String preRelease() {
    return String.join(".", preRelease);
  }

  /** The pre-release identifiers, in order; empty for a release. */
  public List<String> preReleaseIdentifiers() {
    return preRelease;
  }

  /** Whether this is a pre-release (has pre-release identifiers). */
  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** The build metadata joined by dots, without the {@code +}; empty when none. */
  public String build() {
    return String.join(".", build);
  }

  /**
   * The canonical SemVer form: three numbers without leading zeros, the pre-release and the build
   * metadata, no {@code v}. {@code v01.2} read leniently gives {@code 1.2.0}.
   */
  public String normalized() {
    StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.');
    sb.append(patch);
    if (!preRelease.isEmpty()) {
      sb.append('-').append(preRelease());
    }
    if (!build.isEmpty()) {
      sb.append('+').append(build());
    }
    return sb.toString();
  }

  /**
   * Whether the two have the same precedence: the same three numbers and the same pre-release
   * identifiers. Build metadata, a leading {@code v} and a short lenient form do not count. This is
   * exactly when {@link #compareTo(SemVer)} returns 0.
   */
  public boolean equalsIgnoringBuild(SemVer other) {
    return major == other.major
        && minor == other.minor
        && patch == other.patch
        && preRelease.equals(other.preRelease);
  }

  /** Orders by SemVer precedence; see the class documentation. */
  @Override
  public int compareTo(SemVer other) {
    int c = Long.compare(major, other.major);
    if (c == 0) {
      c = Long.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, other.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, other.preRelease);
  }

  /** Equal when parsed from the same text. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SemVer other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The text exactly as parsed, {@code v} and short forms included. */
  @Override
  public String toString() {
    return text;
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      // a release has higher precedence than any of its pre-releases
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String x, String y) {
    boolean xn = allDigits(x);
    boolean yn = allDigits(y);
    if (xn && yn) {
      // no leading zeros (checked when parsing), so the longer number is the larger
      int c = Integer.compare(x.length(), y.length());
      return c != 0 ? c : Integer.signum(x.compareTo(y));
    }
    if (xn != yn) {
      return xn ? -1 : 1;
    }
    return Integer.signum(x.compareTo(y));
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierChar(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  }

  private static final String[] PART = {"major", "minor", "patch"};

  /** Reads a version; on a problem throws (when {@code throwing}) or returns null. */
  private static SemVer read(String text, boolean lenient, boolean throwing) {
    Reader r = new Reader(text, lenient);
    SemVer v = r.read();
    if (v == null && throwing) {
      throw new InvalidInputException(
          "invalid "
              + (lenient ? "version" : "semantic version")
              + " '"
              + SafeText.forDisplay(text)
              + "': "
              + (r.at < 0 ? "" : "at column " + (r.at + 1) + ", ")
              + r.problem
              + (lenient
                  ? ""
                  : " (expected MAJOR.MINOR.PATCH with an optional leading 'v', '-pre.release'"
                      + " and '+build', like v1.4.2 or 1.4.2-rc.1)"));
    }
    return v;
  }

  private static final class Reader {
    private final String text;
    private final boolean lenient;
    private int i;
    private int at = -1;
    private String problem = "";

    Reader(String text, boolean lenient) {
      this.text = text;
      this.lenient = lenient;
    }

    SemVer read() {
      int n = text.length();
      if (n == 0) {
        return fail(-1, "the text is empty");
      }
      if (text.charAt(0) == 'v') {
        i = 1;
      }
      long[] numbers = new long[3];
      int count = 0;
      while (true) {
        int start = i;
        while (i < n && isDigit(text.charAt(i))) {
          i++;
        }
        if (i == start) {
          return fail(start, "expected the " + PART[count] + " number" + found(start));
        }
        String digits = text.substring(start, i);
        if (!lenient && digits.length() > 1 && digits.charAt(0) == '0') {
          return fail(start, "the " + PART[count] + " number '" + digits + "' has a leading zero");
        }
        try {
          numbers[count] = Long.parseLong(digits);
        } catch (NumberFormatException e) {
          return fail(start, "the " + PART[count] + " number is too large");
        }
        count++;
        if (count == 3) {
          break;
        }
        if (i < n && text.charAt(i) == '.') {
          i++;
        } else if (lenient) {
          break;
        } else {
          return fail(i, "expected '.' and the " + PART[count] + " number" + found(i));
        }
      }
      if (i < n && text.charAt(i) == '.') {
        return fail(i, "a version has at most three numbers");
      }
      List<String> pre = List.of();
      List<String> build = List.of();
      if (i < n && text.charAt(i) == '-') {
        i++;
        pre = identifiers("pre-release", true);
        if (pre == null) {
          return null;
        }
      }
      if (i < n && text.charAt(i) == '+') {
        i++;
        build = identifiers("build metadata", false);
        if (build == null) {
          return null;
        }
      }
      if (i < n) {
        return fail(i, "unexpected '" + SafeText.forDisplay(text.substring(i, i + 1)) + "'");
      }
      return new SemVer(text, numbers[0], numbers[1], numbers[2], pre, build);
    }

    /** Dot-separated identifiers up to '+' (for a pre-release) or the end; null on a problem. */
    private List<String> identifiers(String what, boolean numericWithoutLeadingZero) {
      List<String> ids = new ArrayList<>();
      int n = text.length();
      while (true) {
        int start = i;
        while (i < n && isIdentifierChar(text.charAt(i))) {
          i++;
        }
        if (i == start) {
          fail(start, "empty identifier in the " + what + found(start));
          return null;
        }
        String id = text.substring(start, i);
        if (numericWithoutLeadingZero && id.length() > 1 && id.charAt(0) == '0' && allDigits(id)) {
          fail(start, "the numeric " + what + " identifier '" + id + "' has a leading zero");
          return null;
        }
        ids.add(id);
        if (i < n && text.charAt(i) == '.') {
          i++;
          continue;
        }
        if (i < n && !(numericWithoutLeadingZero && text.charAt(i) == '+')) {
          fail(
              i,
              "'"
                  + SafeText.forDisplay(text.substring(i, i + 1))
                  + "' is not allowed in the "
                  + what
                  + " (letters, digits, '-' and '.' only)");
          return null;
        }
        return ids;
      }
    }

    private String found(int index) {
      return index < text.length()
          ? ", found '" + SafeText.forDisplay(text.substring(index, index + 1)) + "'"
          : ", found the end";
    }

    private SemVer fail(int index, String what) {
      at = index;
      problem = what;
      return null;
    }
  }
}
