package dev.gitops.promotion.codeowners.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled path glob: a list of segments, each either "any number of whole directories" or a
 * shell-like pattern for one path segment ({@code *}, {@code ?}, literals and, where the dialect
 * allows them, bracket expressions). Matching is iterative with one backtracking point per level
 * (the classic wildcard algorithm), so no pattern can make it run in exponential time.
 */
final class Glob {
  static final int STAR = -1;
  static final int ANY_CHAR = -2;
  static final int NEVER = -3;
  private static final int CLASS_BASE = -4;

  /** One path segment's pattern; tokens are code points, or the negative markers above. */
  record Part(int[] tokens, CharClass[] classes) {
    boolean matches(int[] s) {
      int p = 0;
      int i = 0;
      int starP = -1;
      int starI = -1;
      while (i < s.length) {
        if (p < tokens.length && tokens[p] == STAR) {
          starP = ++p;
          starI = i;
        } else if (p < tokens.length && matchesOne(tokens[p], s[i])) {
          p++;
          i++;
        } else if (starP >= 0) {
          p = starP;
          i = ++starI;
        } else {
          return false;
        }
      }
      while (p < tokens.length && tokens[p] == STAR) {
        p++;
      }
      return p == tokens.length;
    }

    private boolean matchesOne(int token, int c) {
      if (token >= 0) {
        return token == c;
      }
      if (token == ANY_CHAR) {
        return true;
      }
      if (token == NEVER) {
        return false;
      }
      return classes[CLASS_BASE - token].matches(c);
    }
  }

  /** A bracket expression: ranges of code points, possibly negated. */
  record CharClass(boolean negated, int[] ranges) {
    boolean matches(int c) {
      boolean in = false;
      for (int r = 0; r < ranges.length && !in; r += 2) {
        int lo = ranges[r];
        int hi = ranges[r + 1];
        in = c == lo || c == hi || (lo <= c && c <= hi);
      }
      return in != negated;
    }
  }

  /** Either {@link #ANY_DEPTH} or a {@link Part}. */
  private final Object[] segments;

  /** Marks a segment that matches zero or more whole path segments. */
  static final Object ANY_DEPTH = new Object();

  private final int minSegments;
  private final int maxSegments;

  Glob(List<Object> segments) {
    this.segments = segments.toArray();
    int parts = 0;
    boolean anyDepth = false;
    for (Object s : this.segments) {
      if (s == ANY_DEPTH) {
        anyDepth = true;
      } else {
        parts++;
      }
    }
    this.minSegments = parts;
    this.maxSegments = anyDepth ? Integer.MAX_VALUE : parts;
  }

  /** The fewest path segments the glob can match. */
  int minSegments() {
    return minSegments;
  }

  /** The most path segments the glob can match ({@link Integer#MAX_VALUE} with {@code **}). */
  int maxSegments() {
    return maxSegments;
  }

  /** Whether the glob matches exactly the path segments {@code path[0..end)} (code points). */
  boolean matches(int[][] path, int end) {
    int p = 0;
    int i = 0;
    int starP = -1;
    int starI = -1;
    while (i < end) {
      if (p < segments.length && segments[p] == ANY_DEPTH) {
        starP = ++p;
        starI = i;
      } else if (p < segments.length && ((Part) segments[p]).matches(path[i])) {
        p++;
        i++;
      } else if (starP >= 0) {
        p = starP;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (p < segments.length && segments[p] == ANY_DEPTH) {
      p++;
    }
    return p == segments.length;
  }

  /**
   * Splits a pattern into segment tokens at unescaped slashes. A backslash makes the next character
   * literal (a trailing lone backslash is dropped); {@code *} and {@code ?} are wildcards; with
   * {@code brackets}, {@code [...]} is a bracket expression read as Ruby's {@code File.fnmatch}
   * reads it ({@code !} or {@code ^} negates, {@code a-z} is a range, an unterminated or empty one
   * never matches).
   */
  static List<List<Integer>> tokenize(String pattern, boolean brackets, List<CharClass> classes) {
    int[] cps = pattern.codePoints().toArray();
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '\\') {
        if (i + 1 < cps.length) {
          current.add(cps[++i]);
        }
      } else if (c == '/') {
        out.add(current);
        current = new ArrayList<>();
      } else if (c == '*') {
        current.add(STAR);
      } else if (c == '?') {
        current.add(ANY_CHAR);
      } else if (c == '[' && brackets) {
        int end = bracket(cps, i + 1, classes);
        if (end < 0) {
          current.add(NEVER);
          // an unterminated bracket eats the rest of the segment
          while (i + 1 < cps.length && cps[i + 1] != '/') {
            i++;
          }
        } else {
          current.add(CLASS_BASE - (classes.size() - 1));
          i = end;
        }
      } else {
        current.add(c);
      }
    }
    out.add(current);
    return out;
  }

  // Reads a bracket expression starting after '['; returns the index of its ']' or -1.
  private static int bracket(int[] p, int start, List<CharClass> classes) {
    int i = start;
    boolean negated = false;
    if (i < p.length && (p[i] == '!' || p[i] == '^')) {
      negated = true;
      i++;
    }
    List<Integer> ranges = new ArrayList<>();
    while (i < p.length && p[i] != ']') {
      if (p[i] == '/') {
        return -1;
      }
      int lo = p[i];
      if (lo == '\\' && i + 1 < p.length) {
        lo = p[++i];
      }
      i++;
      if (i >= p.length) {
        return -1;
      }
      int hi = lo;
      if (p[i] == '-' && i + 1 < p.length && p[i + 1] != ']') {
        i++;
        hi = p[i];
        if (hi == '\\' && i + 1 < p.length) {
          hi = p[++i];
        }
        i++;
      }
      ranges.add(lo);
      ranges.add(hi);
    }
    if (i >= p.length) {
      return -1;
    }
    int[] r = new int[ranges.size()];
    for (int k = 0; k < r.length; k++) {
      r[k] = ranges.get(k);
    }
    classes.add(new CharClass(negated, r));
    return i;
  }

  /** Whether a segment's tokens are exactly two unescaped stars. */
  static boolean isDoubleStar(List<Integer> tokens) {
    return tokens.size() == 2 && tokens.get(0) == STAR && tokens.get(1) == STAR;
  }

  /** One segment's pattern, consecutive stars collapsed. */
  static Part part(List<Integer> tokens, List<CharClass> classes) {
    List<Integer> collapsed = new ArrayList<>(tokens.size());
    for (Integer t : tokens) {
      if (t == STAR && !collapsed.isEmpty() && collapsed.get(collapsed.size() - 1) == STAR) {
        continue;
      }
      collapsed.add(t);
    }
    int[] out = new int[collapsed.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = collapsed.get(k);
    }
    return new Part(out, classes.toArray(new CharClass[0]));
  }
}
