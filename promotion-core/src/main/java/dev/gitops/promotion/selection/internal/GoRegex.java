package dev.gitops.promotion.selection.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a regular expression written for Go's {@code regexp} (RE2 syntax, as in a Flux {@code
 * filterTags.pattern}) into one {@link java.util.regex.Pattern} reads the same way, and numbers its
 * capturing groups.
 *
 * <ul>
 *   <li>{@code (?P<name>...)} becomes {@code (?<name>...)}; a name Java does not accept (Go allows
 *       {@code _} and a leading digit) becomes a plain group, still found by name through {@link
 *       #groups()};
 *   <li>inside a character class, {@code [:alpha:]} and the other POSIX classes become {@code
 *       \p{Alpha}} and so on ({@code [:^alpha:]} becomes {@code \P{Alpha}}), and a literal {@code
 *       [} or {@code &} is escaped (Java would read nested classes and {@code &&} intersections);
 *   <li>the flag {@code U} (ungreedy in Go, something else in Java) is refused.
 * </ul>
 *
 * <p>Java syntax that Go lacks (lookaround, possessive quantifiers) passes through: the result is a
 * Java pattern.
 */
public final class GoRegex {

  private static final Map<String, String> POSIX =
      Map.ofEntries(
          Map.entry("alnum", "\\p{Alnum}"),
          Map.entry("alpha", "\\p{Alpha}"),
          Map.entry("ascii", "\\p{ASCII}"),
          Map.entry("blank", "\\p{Blank}"),
          Map.entry("cntrl", "\\p{Cntrl}"),
          Map.entry("digit", "\\p{Digit}"),
          Map.entry("graph", "\\p{Graph}"),
          Map.entry("lower", "\\p{Lower}"),
          Map.entry("print", "\\p{Print}"),
          Map.entry("punct", "\\p{Punct}"),
          Map.entry("space", "\\p{Space}"),
          Map.entry("upper", "\\p{Upper}"),
          Map.entry("word", "\\w"),
          Map.entry("xdigit", "\\p{XDigit}"));

  private final String java;
  private final Map<String, Integer> groups;
  private final int groupCount;

  private GoRegex(String java, Map<String, Integer> groups, int groupCount) {
    this.java = java;
    this.groups = groups;
    this.groupCount = groupCount;
  }

  /** The Java form of the pattern. */
  public String java() {
    return java;
  }

  /** Group names (as written) to their group numbers, in the order they appear. */
  public Map<String, Integer> groups() {
    return groups;
  }

  /** How many capturing groups the pattern has. */
  public int groupCount() {
    return groupCount;
  }

  /**
   * Translates {@code pattern}; the problem with it, when there is one the translation sees (Java
   * still compiles the result and may find more), is in the returned error.
   */
  public static Result translate(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 8);
    Map<String, Integer> names = new LinkedHashMap<>();
    int count = 0;
    int n = pattern.length();
    int i = 0;
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        int end = escapeEnd(pattern, i);
        out.append(pattern, i, end);
        i = end;
      } else if (c == '[') {
        int end = classEnd(pattern, i, out);
        if (end < 0) {
          return Result.error("an unclosed '[' at index " + i);
        }
        i = end;
      } else if (c == '(') {
        if (i + 1 < n && pattern.charAt(i + 1) == '?') {
          String rest = pattern.substring(i + 2);
          boolean goStyle = rest.startsWith("P<");
          boolean named =
              goStyle || (rest.startsWith("<") && !rest.startsWith("<=") && !rest.startsWith("<!"));
          if (named) {
            int nameStart = i + (goStyle ? 4 : 3);
            int nameEnd = pattern.indexOf('>', nameStart);
            String name = nameEnd < 0 ? "" : pattern.substring(nameStart, nameEnd);
            if (name.isEmpty() || !isGoName(name)) {
              return Result.error(
                  "the group name at index "
                      + i
                      + " must be letters, digits and '_', closed by '>'");
            }
            if (names.containsKey(name)) {
              return Result.error("the group name '" + name + "' is used twice");
            }
            count++;
            names.put(name, count);
            out.append(isJavaName(name) ? "(?<" + name + ">" : "(");
            i = nameEnd + 1;
            continue;
          }
          int flagsEnd = i + 2;
          while (flagsEnd < n && "imsU-".indexOf(pattern.charAt(flagsEnd)) >= 0) {
            flagsEnd++;
          }
          if (flagsEnd > i + 2
              && pattern.substring(i + 2, flagsEnd).indexOf('U') >= 0
              && flagsEnd < n
              && (pattern.charAt(flagsEnd) == ')' || pattern.charAt(flagsEnd) == ':')) {
            return Result.error(
                "the flag 'U' (ungreedy) at index "
                    + i
                    + " is not supported; write lazy quantifiers like '*?' instead");
          }
          out.append("(?");
          i += 2;
        } else {
          count++;
          out.append('(');
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return new Result(new GoRegex(out.toString(), Collections.unmodifiableMap(names), count), null);
  }

  /** Where the escape starting at {@code i} ends; {@code \Q...\E} is one escape. */
  private static int escapeEnd(String p, int i) {
    if (i + 1 >= p.length()) {
      return p.length();
    }
    if (p.charAt(i + 1) == 'Q') {
      int e = p.indexOf("\\E", i + 2);
      return e < 0 ? p.length() : e + 2;
    }
    return i + 2;
  }

  /**
   * Copies the character class starting at {@code start} to {@code out} in Java form and returns
   * the index after its closing {@code ]}, or -1 when it is not closed.
   */
  private static int classEnd(String p, int start, StringBuilder out) {
    int n = p.length();
    int i = start + 1;
    StringBuilder cls = new StringBuilder("[");
    if (i < n && p.charAt(i) == '^') {
      cls.append('^');
      i++;
    }
    boolean first = true;
    while (i < n) {
      char c = p.charAt(i);
      if (c == ']' && !first) {
        out.append(cls).append(']');
        return i + 1;
      }
      first = false;
      if (c == '\\') {
        int end = escapeEnd(p, i);
        cls.append(p, i, end);
        i = end;
      } else if (c == '[' && p.startsWith("[:", i)) {
        int close = p.indexOf(":]", i + 2);
        String name = close < 0 ? "" : p.substring(i + 2, close);
        boolean negated = name.startsWith("^");
        String java = POSIX.get(negated ? name.substring(1) : name);
        if (java == null) {
          cls.append("\\[");
          i++;
        } else {
          cls.append(negated ? negate(java) : java);
          i = close + 2;
        }
      } else if (c == '[' || c == '&') {
        cls.append('\\').append(c);
        i++;
      } else if (c == ']') {
        cls.append("\\]"); // a ']' right after '[' or '[^' is literal in Go
        i++;
      } else {
        cls.append(c);
        i++;
      }
    }
    return -1;
  }

  private static String negate(String javaClass) {
    return javaClass.equals("\\w") ? "\\W" : "\\P" + javaClass.substring(2);
  }

  private static boolean isGoName(String name) {
    return name.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp) || cp == '_');
  }

  private static boolean isJavaName(String name) {
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!(letter || (k > 0 && c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The outcome of a translation: the regex, or a problem.
   *
   * @param regex the translation, when it worked
   * @param error what is wrong, when it did not
   */
  public record Result(GoRegex regex, String error) {
    static Result error(String error) {
      return new Result(null, error);
    }

    /** The problem, if any. */
    public Optional<String> problem() {
      return Optional.ofNullable(error);
    }
  }

  /** The names of the groups, in order of their numbers. */
  public List<String> names() {
    List<String> l = new ArrayList<>(groups.size());
    groups.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> l.add(e.getKey()));
    return List.copyOf(l);
  }
}
