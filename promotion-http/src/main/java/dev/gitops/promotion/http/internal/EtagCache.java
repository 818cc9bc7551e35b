package dev.gitops.promotion.http.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@code ETag} and body seen per URL (and {@code Accept}), least recently used first out,
 * so that polling can send {@code If-None-Match} and reuse the body on a 304. Thread-safe.
 */
public final class EtagCache {
  /** One remembered answer. */
  public record Entry(String etag, int status, Map<String, List<String>> headers, byte[] body) {}

  private final int maxEntries;
  private final long maxBodyBytes;
  private final LinkedHashMap<String, Entry> map;

  /**
   * @param maxEntries how many URLs to remember
   * @param maxBodyBytes bodies larger than this are not remembered
   */
  public EtagCache(int maxEntries, long maxBodyBytes) {
    this.maxEntries = maxEntries;
    this.maxBodyBytes = maxBodyBytes;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > EtagCache.this.maxEntries;
          }
        };
  }

  /** The key of a request: its URL and the media type it asks for. */
  public static String key(String url, String accept) {
    return accept + " " + url;
  }

  /** The remembered answer for {@code key}. */
  public synchronized Optional<Entry> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  /** Remembers an answer, unless its body is too large. */
  public synchronized void put(String key, Entry entry) {
    if (maxEntries > 0 && entry.body().length <= maxBodyBytes) {
      map.put(key, entry);
    }
  }

  /** Forgets {@code key}. */
  public synchronized void remove(String key) {
    map.remove(key);
  }

  /** How many URLs are remembered. */
  public synchronized int size() {
    return map.size();
  }
}
