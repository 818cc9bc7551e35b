package dev.gitops.promotion.selection.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;

/**
 * An {@code extract} template as Go's {@code Regexp.Expand} reads it, which is what Flux applies to
 * {@code filterTags.extract}.
 *
 * <ul>
 *   <li>{@code $name} and {@code ${name}} are the text of the group named {@code name}; {@code $1}
 *       and {@code ${1}} of group 1, {@code $0} of the whole match; a group that did not take part
 *       in the match gives the empty text;
 *   <li>a name is as long as possible: letters, digits and {@code _}, so {@code $1x} is the group
 *       named {@code 1x}, not group 1 then {@code x} (write {@code ${1}x}); a number with a leading
 *       zero is a name, too;
 *   <li>{@code $$} is a {@code $}; a {@code $} not followed by a name (or a {@code ${} without its
 *       {@code }}) stays as written.
 * </ul>
 *
 * <p>One difference from Go, on purpose: a reference to a group the pattern does not have is an
 * error here ({@link IllegalArgumentException}), where Go would quietly give the empty text.
 */
public final class ExtractTemplate {

  private final List<Object> parts; // String literals and Integer group numbers

  private ExtractTemplate(List<Object> parts) {
    this.parts = List.copyOf(parts);
  }

  /**
   * Reads {@code template} against the groups of a pattern.
   *
   * @param names the group names and their numbers
   * @param groupCount how many groups the pattern has
   * @throws IllegalArgumentException when the template refers to a group that does not exist
   */
  public static ExtractTemplate parse(String template, Map<String, Integer> names, int groupCount) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int n = template.length();
    int i = 0;
    while (i < n) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        literal.append(template, i, n);
        break;
      }
      literal.append(template, i, dollar);
      int j = dollar + 1;
      if (j < n && template.charAt(j) == '$') {
        literal.append('$');
        i = j + 1;
        continue;
      }
      boolean brace = j < n && template.charAt(j) == '{';
      int start = brace ? j + 1 : j;
      int k = start;
      while (k < n && isNameChar(template.codePointAt(k))) {
        k += Character.charCount(template.codePointAt(k));
      }
      if (k == start || (brace && (k >= n || template.charAt(k) != '}'))) {
        literal.append('$'); // malformed: the '$' stays as written
        i = j;
        continue;
      }
      String name = template.substring(start, k);
      int group = group(name, names, groupCount, template);
      if (literal.length() > 0) {
        parts.add(literal.toString());
        literal.setLength(0);
      }
      parts.add(group);
      i = brace ? k + 1 : k;
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    return new ExtractTemplate(parts);
  }

  /** The template applied to a match. */
  public String expand(MatchResult match) {
    StringBuilder sb = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof Integer g) {
        String text = match.group(g);
        sb.append(text == null ? "" : text);
      } else {
        sb.append((String) part);
      }
    }
    return sb.toString();
  }

  private static int group(
      String name, Map<String, Integer> names, int groupCount, String template) {
    int number = number(name);
    if (number >= 0) {
      if (number > groupCount) {
        throw new IllegalArgumentException(
            "extract '"
                + template
                + "' refers to group "
                + number
                + ", but the pattern has "
                + groupCount
                + (groupCount == 1 ? " group" : " groups"));
      }
      return number;
    }
    Integer g = names.get(name);
    if (g == null) {
      String hint = "";
      int digits = 0;
      while (digits < name.length() && Character.isDigit(name.charAt(digits))) {
        digits++;
      }
      if (digits > 0 && digits < name.length()) {
        hint =
            "; a name takes every letter, digit and '_' after '$': write ${"
                + name.substring(0, digits)
                + "}"
                + name.substring(digits)
                + " for group "
                + name.substring(0, digits)
                + " followed by '"
                + name.substring(digits)
                + "'";
      }
      throw new IllegalArgumentException(
          "extract '"
              + template
              + "' refers to a group named '"
              + name
              + "', which the pattern does not have"
              + (names.isEmpty()
                  ? " (it has no named groups)"
                  : " (its named groups: " + String.join(", ", names.keySet()) + ")")
              + hint);
    }
    return g;
  }

  /** The group number a name stands for, or -1 when it is a name (as Go decides). */
  private static int number(String name) {
    if (name.length() > 1 && name.charAt(0) == '0') {
      return -1;
    }
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    return num;
  }

  private static boolean isNameChar(int cp) {
    return Character.isLetter(cp) || Character.isDigit(cp) || cp == '_';
  }
}
