package dev.gitops.promotion.git.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  static final List<String> ENV_KEYS =
      List.of("name", "delivery", "branch", "requireDigest", "production", "provenance", "gates");
  static final List<String> TOP =
      List.of("version", "layout", "environments", "edges", "applications", "access");

  @Test
  void distanceCountsEdits() {
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.distance("same", "same")).isZero();
    assertThat(DidYouMean.distance("ab", "ba")).isEqualTo(2);
  }

  @Test
  void everySingleDeletionSubstitutionAndInsertionIsRecognised() {
    for (List<String> words : List.of(ENV_KEYS, TOP)) {
      for (String w : words) {
        for (int i = 0; i < w.length(); i++) {
          String deleted = w.substring(0, i) + w.substring(i + 1);
          String replaced =
              w.substring(0, i) + (w.charAt(i) == 'x' ? 'y' : 'x') + w.substring(i + 1);
          String inserted = w.substring(0, i) + 'q' + w.substring(i);
          for (String typo : List.of(deleted, replaced, inserted)) {
            if (typo.length() < 3) {
              continue; // too short to call anything a likely typo
            }
            assertThat(DidYouMean.suggest(typo, words)).as(typo).contains(w);
          }
        }
      }
    }
  }

  @Test
  void caseAndSeparatorsDoNotCount() {
    assertThat(DidYouMean.suggest("require-digest", ENV_KEYS)).contains("requireDigest");
    assertThat(DidYouMean.suggest("REQUIRE_DIGEST", ENV_KEYS)).contains("requireDigest");
  }

  @Test
  void farWordsGetNoSuggestion() {
    assertThat(DidYouMean.suggest("replicas", ENV_KEYS)).isEmpty();
    assertThat(DidYouMean.hint("zzz", TOP)).isEmpty();
    assertThat(DidYouMean.hint("layot", TOP)).isEqualTo("; did you mean 'layout'?");
  }
}
