package dev.gitops.promotion.overlay.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A strict reader of one JSON object whose values are all strings, for setter markers. */
final class JsonStrings {
  private final String s;
  private int i;

  private JsonStrings(String s) {
    this.s = s;
  }

  /** The object's entries, or null when {@code text} is not exactly such an object. */
  static Map<String, String> object(String text) {
    JsonStrings p = new JsonStrings(text);
    try {
      Map<String, String> result = p.readObject();
      p.blanks();
      return p.i == text.length() ? result : null;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private Map<String, String> readObject() {
    blanks();
    expect('{');
    Map<String, String> result = new LinkedHashMap<>();
    blanks();
    if (peek() == '}') {
      i++;
      return result;
    }
    while (true) {
      blanks();
      String key = readString();
      blanks();
      expect(':');
      blanks();
      String value = readString();
      result.put(key, value);
      blanks();
      char c = s.charAt(i++);
      if (c == '}') {
        return result;
      }
      if (c != ',') {
        throw new IllegalArgumentException();
      }
    }
  }

  private String readString() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw new IllegalArgumentException();
      }
    }
  }

  private void blanks() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() {
    return s.charAt(i);
  }

  private void expect(char c) {
    if (s.charAt(i++) != c) {
      throw new IllegalArgumentException();
    }
  }
}
