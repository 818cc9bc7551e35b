package dev.gitops.promotion.http.internal;

/** A cursor over one header value: tokens, quoted strings, separators (RFC 9110 §5.6). */
final class HeaderTokens {
  private final String s;
  private int pos;

  HeaderTokens(String s) {
    this.s = s;
  }

  boolean atEnd() {
    return pos >= s.length();
  }

  int position() {
    return pos;
  }

  void reset(int position) {
    pos = position;
  }

  char peek() {
    return s.charAt(pos);
  }

  void skipSpaces() {
    while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
      pos++;
    }
  }

  /** Consumes {@code c} after optional spaces; false (and nothing consumed) when it is not next. */
  boolean consume(char c) {
    int save = pos;
    skipSpaces();
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    pos = save;
    return false;
  }

  /** A token (tchar+), or "" when none starts here. */
  String token() {
    int start = pos;
    while (pos < s.length() && isTchar(s.charAt(pos))) {
      pos++;
    }
    return s.substring(start, pos);
  }

  /** A quoted string (with backslash escapes) or a token. */
  String value() {
    if (pos < s.length() && s.charAt(pos) == '"') {
      pos++;
      StringBuilder sb = new StringBuilder();
      while (pos < s.length() && s.charAt(pos) != '"') {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) {
          c = s.charAt(pos++);
        }
        sb.append(c);
      }
      pos = Math.min(pos + 1, s.length());
      return sb.toString();
    }
    int start = pos;
    while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ';') {
      pos++;
    }
    return s.substring(start, pos).trim();
  }

  /** Everything up to {@code c} (exclusive), consuming {@code c}; the rest when it is absent. */
  String until(char c) {
    int end = s.indexOf(c, pos);
    String out = end < 0 ? s.substring(pos) : s.substring(pos, end);
    pos = end < 0 ? s.length() : end + 1;
    return out;
  }

  /** Skips to just after the next top-level {@code c} (outside quotes), or to the end. */
  void skipPast(char c) {
    boolean quoted = false;
    while (pos < s.length()) {
      char ch = s.charAt(pos++);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == '\\' && quoted) {
        pos++;
      } else if (ch == c && !quoted) {
        return;
      }
    }
  }

  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
