package dev.gitops.promotion.git.config.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the closest known word for a misspelt one, by Levenshtein distance. */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * The known word closest to {@code word}, if one is close enough to be a likely typo: at most a
   * third of the word's length away (at least 1, at most 3 edits), or equal ignoring case, '-' and
   * '_'.
   */
  public static Optional<String> suggest(String word, Collection<String> known) {
    String w = fold(word);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = candidate.equals(word) ? 0 : distance(w, fold(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, word.length() / 3));
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"} when there is a close word, else the empty string. */
  public static String hint(String word, Collection<String> known) {
    return suggest(word, known).map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  /** The Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
