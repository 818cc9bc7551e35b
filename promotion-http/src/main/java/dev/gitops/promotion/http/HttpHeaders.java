package dev.gitops.promotion.http;

import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.http.internal.Secrets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The headers of a response: immutable, names case-insensitive ({@code x-ratelimit-reset} and
 * {@code X-RateLimit-Reset} are the same header), values in the order received.
 */
public final class HttpHeaders {
  private static final HttpHeaders EMPTY = new HttpHeaders(Map.of());

  private final Map<String, List<String>> values;

  private HttpHeaders(Map<String, List<String>> source) {
    TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    source.forEach(
        (name, list) -> {
          List<String> merged = new ArrayList<>(map.getOrDefault(name, List.of()));
          merged.addAll(list);
          map.put(name, List.copyOf(merged));
        });
    this.values = Collections.unmodifiableMap(map);
  }

  /** Headers with these values (for fakes and tests); names are matched case-insensitively. */
  public static HttpHeaders of(Map<String, List<String>> values) {
    return values.isEmpty() ? EMPTY : new HttpHeaders(values);
  }

  /** No headers. */
  public static HttpHeaders empty() {
    return EMPTY;
  }

  /** The first value of header {@code name}. */
  public Optional<String> first(String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  /** Every value of header {@code name}, in order; empty when absent. */
  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** Whether header {@code name} is present. */
  public boolean contains(String name) {
    return values.containsKey(name);
  }

  /** The header names, in case-insensitive order. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Every header as an unmodifiable map with case-insensitive keys. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  /** The headers, with the values of credential-bearing headers shown as {@code ***}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("HttpHeaders[");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=');
      sb.append(
          Secrets.isSensitiveName(e.getKey())
              ? "***"
              : SafeText.forDisplay(String.join(",", e.getValue())));
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpHeaders h && values.equals(h.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
