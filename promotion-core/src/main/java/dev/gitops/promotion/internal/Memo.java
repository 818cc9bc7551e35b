package dev.gitops.promotion.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers remembered by key, for values that are a function of their key (a commit's record, an
 * overlay version's image). Bounded: when full it forgets everything and starts again, which keeps
 * it cheap and a long-running process's memory flat. Safe for concurrent use; two threads may
 * compute the same answer once each.
 */
final class Memo<K, V> {
  private final int limit;
  private final Map<K, V> answers = new ConcurrentHashMap<>();

  Memo(int limit) {
    this.limit = limit;
  }

  /** Whether the answer for {@code key} is remembered (asking would cost nothing). */
  boolean knows(K key) {
    return answers.containsKey(key);
  }

  /** The answer for {@code key}, made by {@code make} (never null) the first time it is asked. */
  V get(K key, Supplier<V> make) {
    V known = answers.get(key);
    if (known != null) {
      return known;
    }
    // not computeIfAbsent: making an answer may ask another memo, and must not hold a lock
    V made = Objects.requireNonNull(make.get(), "a memo's answer");
    if (answers.size() >= limit) {
      answers.clear();
    }
    answers.put(key, made);
    return made;
  }
}
