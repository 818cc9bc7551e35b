package dev.gitops.promotion.http.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads RFC 8288 {@code Link} headers: {@code <url>; rel="next", <url>; rel="last"}. */
public final class LinkHeader {
  private LinkHeader() {}

  /** The target of the first link whose {@code rel} includes {@code relation}, in any value. */
  public static Optional<String> find(List<String> values, String relation) {
    for (String value : values) {
      Optional<String> found = find(value, relation);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> find(String value, String relation) {
    HeaderTokens t = new HeaderTokens(value);
    while (true) {
      t.skipSpaces();
      while (t.consume(',')) {
        t.skipSpaces();
      }
      if (t.atEnd()) {
        return Optional.empty();
      }
      if (t.peek() != '<') {
        t.skipPast(',');
        continue;
      }
      t.until('<');
      String target = t.until('>').trim();
      boolean matches = false;
      while (t.consume(';')) {
        t.skipSpaces();
        String name = t.token().toLowerCase(Locale.ROOT);
        String param = "";
        if (t.consume('=')) {
          t.skipSpaces();
          param = t.value();
        }
        if (name.equals("rel")) {
          for (String rel : param.trim().split("\\s+")) {
            if (rel.equalsIgnoreCase(relation)) {
              matches = true;
            }
          }
        }
      }
      if (matches && !target.isEmpty()) {
        return Optional.of(target);
      }
      t.skipPast(',');
    }
  }
}
