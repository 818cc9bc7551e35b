package dev.gitops.promotion.selection.internal;

import dev.gitops.promotion.selection.SemVer;

/**
 * One comparison of a range, such as {@code >=1.2} or {@code ~1.2.3}, evaluated the way
 * Masterminds/semver v3 does. The pre-release rule is not applied here: the caller decides, per AND
 * group, whether pre-release versions take part at all.
 *
 * <p>A bound written with fewer than three numbers or with a wildcard ({@code x}, {@code X}, {@code
 * *}) is "wild" from that number on; the missing numbers are read as 0 and some operators then
 * compare at the wild level:
 *
 * <ul>
 *   <li>{@code =} / no operator: wild means tilde ({@code 1.2.x} is {@code ~1.2});
 *   <li>{@code ~}: at least the bound, the same major, and the same minor unless the minor is wild;
 *       {@code ~0.0.0} (and {@code *}) accept every version;
 *   <li>{@code ^}: at least the bound and the same major when the major is above 0 or the minor is
 *       wild; for {@code ^0.y} the same minor; for {@code ^0.0.z} the same patch;
 *   <li>{@code >}: above the whole wild level ({@code >1.2} is {@code >=1.3.0}, {@code >1} is
 *       {@code >=2.0.0});
 *   <li>{@code <=}: up to the end of the wild level ({@code <=1.2} is {@code <1.3.0});
 *   <li>{@code !=}: outside the wild level;
 *   <li>{@code <} and {@code >=} compare with the bound as written, zeros filled in.
 * </ul>
 *
 * <p>A wild major ({@code *}) has the Masterminds corner cases: {@code ^*} accepts only 0.0.0,
 * {@code <=*} only 0.0.x, {@code !=*} refuses only 0.0.0, {@code <*} nothing.
 */
public final class Condition {

  /** The comparison operators, with the spelling of each. */
  public enum Op {
    /** {@code =} or no operator. */
    EQ,
    /** {@code !=}. */
    NE,
    /** {@code >}. */
    GT,
    /** {@code <}. */
    LT,
    /** {@code >=} or {@code =>}. */
    GE,
    /** {@code <=} or {@code =<}. */
    LE,
    /** {@code ~} or {@code ~>}. */
    TILDE,
    /** {@code ^}. */
    CARET
  }

  /** From which number on the bound was left out or written as a wildcard. */
  public enum Wild {
    /** All three numbers given. */
    NONE,
    /** The patch is missing or a wildcard. */
    PATCH,
    /** The minor (and so the patch) is missing or a wildcard. */
    MINOR,
    /** The major is a wildcard. */
    MAJOR
  }

  private final Op op;
  private final SemVer bound;
  private final Wild wild;
  private final String text;

  /**
   * @param op the operator
   * @param bound the version written, missing and wild numbers read as 0, build metadata dropped
   * @param wild where the wild part starts
   * @param text the comparison as written, for messages
   */
  public Condition(Op op, SemVer bound, Wild wild, String text) {
    this.op = op;
    this.bound = bound;
    this.wild = wild;
    this.text = text;
  }

  /** Whether the bound names a pre-release, which lets pre-releases into the AND group. */
  public boolean hasPreRelease() {
    return bound.isPreRelease();
  }

  /** The operator. */
  public Op op() {
    return op;
  }

  /** The bound with the wild numbers read as 0. */
  public SemVer bound() {
    return bound;
  }

  /** Where the wild part of the bound starts. */
  public Wild wild() {
    return wild;
  }

  /** Whether {@code v} satisfies this comparison (the pre-release rule aside). */
  public boolean test(SemVer v) {
    return switch (op) {
      case EQ -> wild != Wild.NONE ? tilde(v) : v.compareTo(bound) == 0;
      case NE -> notEqual(v);
      case GT -> greater(v);
      case LT -> v.compareTo(bound) < 0;
      case GE -> v.compareTo(bound) >= 0;
      case LE -> lessOrEqual(v);
      case TILDE -> tilde(v);
      case CARET -> caret(v);
    };
  }

  private boolean notEqual(SemVer v) {
    if (wild == Wild.NONE) {
      return v.compareTo(bound) != 0;
    }
    if (v.major() != bound.major()) {
      return true;
    }
    if (wild == Wild.MINOR) {
      return false;
    }
    if (v.minor() != bound.minor()) {
      return true;
    }
    if (wild == Wild.PATCH) {
      // within the same major.minor only a different pre-release differs
      return (v.isPreRelease() || bound.isPreRelease())
          && !v.preReleaseIdentifiers().equals(bound.preReleaseIdentifiers());
    }
    return v.compareTo(bound) != 0;
  }

  private boolean greater(SemVer v) {
    if (wild == Wild.NONE || wild == Wild.MAJOR) {
      return v.compareTo(bound) > 0;
    }
    if (v.major() != bound.major()) {
      return v.major() > bound.major();
    }
    return wild == Wild.PATCH && v.minor() > bound.minor();
  }

  private boolean lessOrEqual(SemVer v) {
    if (wild == Wild.NONE) {
      return v.compareTo(bound) <= 0;
    }
    if (v.major() > bound.major()) {
      return false;
    }
    return !(v.major() == bound.major() && v.minor() > bound.minor() && wild != Wild.MINOR);
  }

  private boolean tilde(SemVer v) {
    if (v.compareTo(bound) < 0) {
      return false;
    }
    boolean zero = bound.major() == 0 && bound.minor() == 0 && bound.patch() == 0;
    if (zero && wild != Wild.MINOR && wild != Wild.PATCH) {
      return true;
    }
    if (v.major() != bound.major()) {
      return false;
    }
    return wild == Wild.MINOR || v.minor() == bound.minor();
  }

  private boolean caret(SemVer v) {
    if (v.compareTo(bound) < 0) {
      return false;
    }
    if (bound.major() > 0 || wild == Wild.MINOR) {
      return v.major() == bound.major();
    }
    if (v.major() > 0) {
      return false;
    }
    if (bound.minor() > 0 || wild == Wild.PATCH) {
      return v.minor() == bound.minor();
    }
    if (v.minor() > 0) {
      return false;
    }
    return v.patch() == bound.patch();
  }

  /** The comparison as written. */
  @Override
  public String toString() {
    return text;
  }
}
