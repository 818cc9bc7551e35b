package dev.gitops.promotion.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code WWW-Authenticate} values (RFC 9110 §11.6.1): {@code Bearer
 * realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"}.
 */
public final class Challenges {
  private Challenges() {}

  /** One challenge: its scheme and its parameters, names in lower case. */
  public record Parsed(String scheme, Map<String, String> params) {}

  /** Every challenge in the given header values, in order. */
  public static List<Parsed> parse(List<String> values) {
    List<Parsed> out = new ArrayList<>();
    for (String v : values) {
      parse(v, out);
    }
    return out;
  }

  private static void parse(String value, List<Parsed> out) {
    HeaderTokens t = new HeaderTokens(value);
    while (true) {
      t.skipSpaces();
      while (t.consume(',')) {
        t.skipSpaces();
      }
      if (t.atEnd()) {
        return;
      }
      String scheme = t.token();
      if (scheme.isEmpty()) {
        t.skipPast(',');
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        t.skipSpaces();
        int save = t.position();
        String name = t.token();
        if (!name.isEmpty() && t.consume('=')) {
          if (t.consume('=')) {
            // token68 such as "abc==": not a parameter list; skip it
            t.skipPast(',');
            break;
          }
          t.skipSpaces();
          params.put(name.toLowerCase(Locale.ROOT), t.value());
          if (!t.consume(',')) {
            break;
          }
        } else {
          t.reset(save);
          break;
        }
      }
      out.add(new Parsed(scheme, Collections.unmodifiableMap(params)));
    }
  }
}
