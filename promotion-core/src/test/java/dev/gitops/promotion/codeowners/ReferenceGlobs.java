package dev.gitops.promotion.codeowners;

/**
 * Plain recursive matchers written from the documented rules, character by character, to check the
 * compiled matcher against. Slow and obvious on purpose.
 */
final class ReferenceGlobs {
  private ReferenceGlobs() {}

  /** GitHub: gitignore rules with GitHub's lone-star exception. */
  static boolean gitHub(String pattern, String path) {
    String p = pattern;
    boolean directoryOnly = p.endsWith("/");
    if (directoryOnly) {
      p = p.substring(0, p.length() - 1);
    }
    boolean anchored = p.startsWith("/");
    if (anchored) {
      p = p.substring(1);
    }
    if (p.contains("/")) {
      anchored = true;
    }
    if (!anchored) {
      p = "**/" + p;
    }
    boolean loneStarLast = p.equals("*") || p.endsWith("/*");
    if (!directoryOnly && glob(p, 0, path, 0, true)) {
      return true;
    }
    if (directoryOnly || !loneStarLast) {
      for (int k = 0; k < path.length(); k++) {
        if (path.charAt(k) == '/' && glob(p, 0, path.substring(0, k), 0, true)) {
          return true;
        }
      }
    }
    return false;
  }

  /** GitLab: its normalization, then Ruby's fnmatch with FNM_PATHNAME | FNM_DOTMATCH. */
  static boolean gitLab(String pattern, String path) {
    String p = pattern;
    if (p.equals("*")) {
      p = "/**/*";
    } else {
      if (!p.startsWith("/")) {
        p = "/**/" + p;
      }
      if (p.endsWith("/")) {
        p = p + "**/*";
      }
    }
    return glob(p, 0, "/" + path, 0, false);
  }

  /**
   * {@code **}{@code /} at the start of a segment: zero or more directories. With {@code
   * gitignore}, {@code **} ending the pattern as a whole segment is "everything inside" (one or
   * more characters); otherwise two stars are one. {@code *} and {@code ?} never match a slash;
   * {@code [...]} is a bracket expression (GitLab only; GitHub patterns here never hold one).
   */
  static boolean glob(String p, int i, String s, int j, boolean gitignore) {
    if (i == p.length()) {
      return j == s.length();
    }
    boolean segmentStart = i == 0 || p.charAt(i - 1) == '/';
    if (segmentStart && p.startsWith("**/", i)) {
      if (glob(p, i + 3, s, j, gitignore)) {
        return true;
      }
      for (int k = j; k < s.length(); k++) {
        if (s.charAt(k) == '/' && glob(p, i + 3, s, k + 1, gitignore)) {
          return true;
        }
      }
      return false;
    }
    if (gitignore && segmentStart && p.startsWith("**", i) && i + 2 == p.length()) {
      return j < s.length();
    }
    char c = p.charAt(i);
    if (c == '*') {
      for (int k = j; ; k++) {
        if (glob(p, i + 1, s, k, gitignore)) {
          return true;
        }
        if (k == s.length() || s.charAt(k) == '/') {
          return false;
        }
      }
    }
    if (c == '?') {
      return j < s.length() && s.charAt(j) != '/' && glob(p, i + 1, s, j + 1, gitignore);
    }
    if (c == '[') {
      int end = p.indexOf(']', i + 2);
      if (end < 0 || j >= s.length() || s.charAt(j) == '/') {
        return false;
      }
      boolean negated = p.charAt(i + 1) == '!' || p.charAt(i + 1) == '^';
      String set = p.substring(negated ? i + 2 : i + 1, end);
      boolean in = false;
      for (int k = 0; k < set.length(); k++) {
        if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
          in |= set.charAt(k) <= s.charAt(j) && s.charAt(j) <= set.charAt(k + 2);
          k += 2;
        } else {
          in |= set.charAt(k) == s.charAt(j);
        }
      }
      return in != negated && glob(p, end + 1, s, j + 1, gitignore);
    }
    if (c == '\\' && i + 1 < p.length()) {
      return j < s.length()
          && s.charAt(j) == p.charAt(i + 1)
          && glob(p, i + 2, s, j + 1, gitignore);
    }
    return j < s.length() && s.charAt(j) == c && glob(p, i + 1, s, j + 1, gitignore);
  }
}
