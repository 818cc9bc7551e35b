package dev.gitops.promotion.selection.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.selection.SemVer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the Masterminds/semver v3 constraint language into OR groups of AND-ed {@link Condition}s.
 *
 * <pre>
 * range      = group *( "||" group )
 * group      = item *( ( 1*space / *space "," *space ) item )
 * item       = version 1*space "-" 1*space version      ; hyphen range, no operators
 *            / [ op *space ] version
 * op         = "!=" / "&gt;=" / "=&gt;" / "&lt;=" / "=&lt;" / "~&gt;" / "&gt;" / "&lt;" / "=" / "~" / "^"
 * version    = [ "v" ] part [ "." part [ "." part ] ] [ "-" pre-release ] [ "+" build ]
 * part       = 1*digit / "x" / "X" / "*"
 * </pre>
 *
 * <p>Spaces are Go's {@code \s}: space, tab, CR, LF, form feed. Numbers may have leading zeros, as
 * Masterminds' lenient parsing allows; pre-release identifiers follow SemVer (no leading zeros in
 * numeric ones). Errors say which column is wrong and what was expected.
 */
public final class RangeParser {

  private static final String HINT =
      " (ranges look like '>=1.2.0 <2.0.0', '^1.2', '~1.2.3', '1.2.x', '1.0 - 2.0' or"
          + " '>=1.0 <2.0 || >=3.0')";

  // two-character spellings first, so '>=' is not read as '>' followed by '='
  private static final List<Map.Entry<String, Condition.Op>> OPERATORS =
      List.of(
          Map.entry("!=", Condition.Op.NE),
          Map.entry(">=", Condition.Op.GE),
          Map.entry("=>", Condition.Op.GE),
          Map.entry("<=", Condition.Op.LE),
          Map.entry("=<", Condition.Op.LE),
          Map.entry("~>", Condition.Op.TILDE),
          Map.entry(">", Condition.Op.GT),
          Map.entry("<", Condition.Op.LT),
          Map.entry("=", Condition.Op.EQ),
          Map.entry("~", Condition.Op.TILDE),
          Map.entry("^", Condition.Op.CARET));

  private final String text;
  private int i;

  private RangeParser(String text) {
    this.text = text;
  }

  /**
   * Parses {@code text} into OR groups, each a non-empty list of conditions that must all hold.
   *
   * @throws InvalidInputException naming the range, the column and what was expected
   */
  public static List<List<Condition>> parse(String text) {
    return new RangeParser(text).range();
  }

  private List<List<Condition>> range() {
    if (text.isBlank()) {
      throw new InvalidInputException(
          "invalid semver range '"
              + SafeText.forDisplay(text)
              + "': it is empty; write '*' to accept every release, or a range"
              + HINT);
    }
    List<List<Condition>> groups = new ArrayList<>();
    while (true) {
      groups.add(group(!groups.isEmpty()));
      if (startsWith("||")) {
        i += 2;
        continue;
      }
      return groups;
    }
  }

  private List<Condition> group(boolean afterOr) {
    List<Condition> items = new ArrayList<>();
    skipSpaces();
    if (atEnd() || startsWith("||")) {
      throw fail(
          i, afterOr ? "expected a comparison after '||'" : "expected a comparison before '||'");
    }
    while (true) {
      item(items);
      int before = i;
      skipSpaces();
      if (atEnd() || startsWith("||")) {
        return items;
      }
      char c = text.charAt(i);
      if (c == '|') {
        throw fail(i, "a single '|'; alternatives are separated by '||'");
      }
      if (c == ',') {
        i++;
        skipSpaces();
        if (atEnd() || startsWith("||")) {
          throw fail(i, "expected a comparison after ','");
        }
        continue;
      }
      if (i == before) {
        throw fail(
            i,
            isOperatorChar(c)
                ? "expected a space or a comma before '" + c + "'"
                : "unexpected " + quoted(i));
      }
    }
  }

  private void item(List<Condition> items) {
    int start = i;
    Condition.Op op = operator();
    int afterOp = i;
    skipSpaces();
    if (!startsVersion()) {
      throw fail(
          i,
          op == null
              ? "expected a comparison like '>=1.2.0', found " + quoted(i)
              : "expected a version after '"
                  + text.substring(start, afterOp)
                  + "', found "
                  + quoted(i));
    }
    Bound first = version();
    if (op != null) {
      items.add(first.condition(op, text.substring(start, i)));
      return;
    }
    int save = i;
    int spaces = skipSpaces();
    if (spaces > 0 && !atEnd() && text.charAt(i) == '-') {
      int dash = i;
      i++;
      int after = skipSpaces();
      if (after == 0 || !startsVersion()) {
        throw fail(
            after == 0 ? dash : i,
            after == 0
                ? "a hyphen range needs a space on both sides of '-', like '1.0 - 2.0'"
                : "expected the upper version of the hyphen range, found " + quoted(i));
      }
      Bound second = version();
      String written = text.substring(start, i);
      items.add(first.condition(Condition.Op.GE, written));
      items.add(second.condition(Condition.Op.LE, written));
      return;
    }
    i = save;
    items.add(first.condition(Condition.Op.EQ, text.substring(start, i)));
  }

  private Condition.Op operator() {
    for (Map.Entry<String, Condition.Op> op : OPERATORS) {
      if (startsWith(op.getKey())) {
        i += op.getKey().length();
        return op.getValue();
      }
    }
    return null;
  }

  private Bound version() {
    int start = i;
    if (text.charAt(i) == 'v') {
      i++;
    }
    List<String> parts = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    while (true) {
      int partStart = i;
      while (!atEnd() && isPartChar(text.charAt(i))) {
        i++;
      }
      String part = text.substring(partStart, i);
      if (part.isEmpty()) {
        throw fail(partStart, "expected a number or a wildcard (x, X, *), found " + quoted(i));
      }
      if (!isWildcard(part) && !allDigits(part)) {
        throw fail(
            partStart,
            "'" + SafeText.forDisplay(part) + "' is not a number or a wildcard (x, X, *)");
      }
      parts.add(part);
      columns.add(partStart);
      if (parts.size() == 3 || atEnd() || text.charAt(i) != '.') {
        break;
      }
      i++;
    }
    if (!atEnd() && text.charAt(i) == '.') {
      throw fail(i, "a version has at most three numbers");
    }
    String pre = "";
    if (!atEnd() && text.charAt(i) == '-') {
      i++;
      pre = identifiers("pre-release", true);
    }
    if (!atEnd() && text.charAt(i) == '+') {
      i++;
      identifiers("build metadata", false); // checked, then ignored like Masterminds does
    }
    return new Bound(parts, columns, pre, start);
  }

  private String identifiers(String what, boolean noLeadingZeros) {
    int start = i;
    while (true) {
      int idStart = i;
      while (!atEnd() && isIdentifierChar(text.charAt(i))) {
        i++;
      }
      String id = text.substring(idStart, i);
      if (id.isEmpty()) {
        throw fail(idStart, "empty identifier in the " + what + ", found " + quoted(i));
      }
      if (noLeadingZeros && id.length() > 1 && id.charAt(0) == '0' && allDigits(id)) {
        throw fail(idStart, "the numeric " + what + " identifier '" + id + "' has a leading zero");
      }
      if (atEnd() || text.charAt(i) != '.') {
        return text.substring(start, i);
      }
      i++;
    }
  }

  /** A version as written in a range, before an operator is attached. */
  private final class Bound {
    private final Condition.Wild wild;
    private final SemVer version;

    Bound(List<String> parts, List<Integer> columns, String pre, int start) {
      long[] n = new long[3];
      Condition.Wild w = Condition.Wild.NONE;
      for (int k = 0; k < 3; k++) {
        if (k >= parts.size() || isWildcard(parts.get(k))) {
          w = k == 0 ? Condition.Wild.MAJOR : k == 1 ? Condition.Wild.MINOR : Condition.Wild.PATCH;
          break;
        }
        try {
          n[k] = Long.parseLong(parts.get(k));
        } catch (NumberFormatException e) {
          throw fail(columns.get(k), "the number '" + parts.get(k) + "' is too large");
        }
      }
      this.wild = w;
      this.version =
          SemVer.parseLenient(n[0] + "." + n[1] + "." + n[2] + (pre.isEmpty() ? "" : "-" + pre));
    }

    Condition condition(Condition.Op op, String written) {
      return new Condition(op, version, wild, written.strip());
    }
  }

  private int skipSpaces() {
    int start = i;
    while (!atEnd() && isSpace(text.charAt(i))) {
      i++;
    }
    return i - start;
  }

  private boolean startsVersion() {
    if (atEnd()) {
      return false;
    }
    char c = text.charAt(i);
    if (c == 'v') {
      return i + 1 < text.length() && isPartChar(text.charAt(i + 1));
    }
    return isPartChar(c);
  }

  private boolean startsWith(String s) {
    return text.startsWith(s, i);
  }

  private boolean atEnd() {
    return i >= text.length();
  }

  private String quoted(int index) {
    return index < text.length()
        ? "'" + SafeText.forDisplay(text.substring(index, index + 1)) + "'"
        : "the end";
  }

  private InvalidInputException fail(int index, String what) {
    return new InvalidInputException(
        "invalid semver range '"
            + SafeText.forDisplay(text)
            + "': at column "
            + (index + 1)
            + ", "
            + what
            + HINT);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean isOperatorChar(char c) {
    return "!<>=~^".indexOf(c) >= 0 || c == 'v' || (c >= '0' && c <= '9') || isWildcard(c);
  }

  private static boolean isPartChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*';
  }

  private static boolean isWildcard(char c) {
    return c == 'x' || c == 'X' || c == '*';
  }

  private static boolean isWildcard(String part) {
    return part.length() == 1 && isWildcard(part.charAt(0));
  }

  private static boolean isIdentifierChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  }

  private static boolean allDigits(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) < '0' || s.charAt(k) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
