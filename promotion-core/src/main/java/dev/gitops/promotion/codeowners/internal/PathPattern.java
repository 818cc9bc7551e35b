package dev.gitops.promotion.codeowners.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CODEOWNERS pattern compiled for one dialect. Not API.
 *
 * <p>GitHub (gitignore rules, with GitHub's documented exceptions): a leading {@code /} anchors the
 * pattern at the root, and so does a slash in the middle; a pattern with no slash but a trailing
 * one matches at any depth; a trailing {@code /} matches directories only (so the files below
 * them); a pattern that matches a directory also matches everything below it, except when its last
 * segment is a lone {@code *} ({@code docs/*} owns {@code docs/a.md} but not {@code docs/sub/b.md},
 * as GitHub documents); {@code **} as a whole segment matches zero or more directories, and one or
 * more path segments at the end; two stars inside a segment are one star.
 *
 * <p>GitLab (its own normalization, then Ruby's {@code File.fnmatch} with {@code FNM_PATHNAME |
 * FNM_DOTMATCH}): {@code *} alone means every file; a pattern without a leading {@code /} gets
 * {@code /**}{@code /} in front; a trailing {@code /} gets {@code **}{@code /*} appended; the
 * result must match the whole path. {@code **} followed by {@code /} matches zero or more
 * directories; anywhere else it is one {@code *}. Bracket expressions work.
 */
public final class PathPattern {
  private static final Pattern ESCAPED_WHITESPACE = Pattern.compile("\\\\\\s+");
  private final Glob glob;
  private final boolean directoryOnly;
  private final boolean coversContents;

  private PathPattern(Glob glob, boolean directoryOnly, boolean coversContents) {
    this.glob = glob;
    this.directoryOnly = directoryOnly;
    this.coversContents = coversContents;
  }

  /**
   * Compiles a GitHub pattern that {@link LineParser} already checked (no negation, no bracket, no
   * run of three stars, not only slashes). Backslash escapes make the next character literal.
   */
  public static PathPattern gitHub(String pattern) {
    String body = pattern;
    boolean anchored = body.startsWith("/");
    if (anchored) {
      body = body.substring(1);
    }
    boolean directoryOnly = body.endsWith("/") && !body.endsWith("\\/");
    if (directoryOnly) {
      body = body.substring(0, body.length() - 1);
    }
    List<Glob.CharClass> classes = new ArrayList<>();
    List<List<Integer>> tokens = Glob.tokenize(body, false, classes);
    anchored |= tokens.size() > 1;
    List<Object> segments = new ArrayList<>();
    if (!anchored) {
      segments.add(Glob.ANY_DEPTH);
    }
    for (int i = 0; i < tokens.size(); i++) {
      List<Integer> segment = tokens.get(i);
      if (Glob.isDoubleStar(segment)) {
        segments.add(Glob.ANY_DEPTH);
        if (i == tokens.size() - 1) {
          segments.add(Glob.part(List.of(Glob.STAR), classes)); // everything inside: 1+ segments
        }
      } else {
        segments.add(Glob.part(segment, classes));
      }
    }
    List<Integer> last = tokens.get(tokens.size() - 1);
    boolean loneStar = last.size() == 1 && last.get(0) == Glob.STAR;
    return new PathPattern(new Glob(segments), directoryOnly, directoryOnly || !loneStar);
  }

  /**
   * Compiles a GitLab pattern (without the {@code !} of an exclusion) the way GitLab normalizes it:
   * {@code \#} at the start becomes {@code #}, a backslash before whitespace becomes one space.
   */
  public static PathPattern gitLab(String pattern) {
    String p = normalizeGitLab(pattern);
    List<Glob.CharClass> classes = new ArrayList<>();
    List<List<Integer>> tokens = Glob.tokenize(p.substring(1), true, classes);
    List<Object> segments = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      List<Integer> segment = tokens.get(i);
      if (Glob.isDoubleStar(segment) && i < tokens.size() - 1) {
        segments.add(Glob.ANY_DEPTH);
      } else {
        segments.add(Glob.part(segment, classes));
      }
    }
    return new PathPattern(new Glob(segments), false, false);
  }

  /** GitLab's normalized form of a pattern; it always starts with {@code /}. */
  public static String normalizeGitLab(String pattern) {
    if (pattern.equals("*")) {
      return "/**/*";
    }
    String p = pattern.startsWith("\\#") ? pattern.substring(1) : pattern;
    if (p.indexOf('\\') >= 0) {
      p = ESCAPED_WHITESPACE.matcher(p).replaceAll(" ");
    }
    if (!p.startsWith("/")) {
      p = "/**/" + p;
    }
    if (p.endsWith("/")) {
      p = p + "**/*";
    }
    return p;
  }

  /** Whether the pattern owns the file at {@code path} (its segments, see {@link #segments}). */
  public boolean matches(int[][] path) {
    int n = path.length;
    int min = glob.minSegments();
    int max = glob.maxSegments();
    if (!directoryOnly && n >= min && n <= max && glob.matches(path, n)) {
      return true;
    }
    if (coversContents) {
      for (int k = Math.min(n - 1, max); k >= Math.max(1, min); k--) {
        if (glob.matches(path, k)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The segments of a repository path, as code points: a leading {@code /} and empty segments are
   * ignored.
   *
   * @throws IllegalArgumentException when nothing is left
   */
  public static int[][] segments(String path) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        if (i > start) {
          out.add(path.substring(start, i).codePoints().toArray());
        }
        start = i + 1;
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("'" + path + "' is not a file path in a repository");
    }
    return out.toArray(new int[0][]);
  }
}
