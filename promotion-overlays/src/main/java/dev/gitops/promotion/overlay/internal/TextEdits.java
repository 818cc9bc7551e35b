package dev.gitops.promotion.overlay.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replacements of char ranges of one original text, applied in one pass. Ranges must not overlap;
 * insertions are empty ranges. Text outside the ranges is copied unchanged, and a text without a
 * final line break keeps having none.
 */
public final class TextEdits {

  /** One replacement. */
  public record Edit(int start, int end, String replacement) {}

  private final List<Edit> edits = new ArrayList<>();

  /** Replaces {@code [start, end)} with {@code replacement}. */
  public void replace(int start, int end, String replacement) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
    }
    edits.add(new Edit(start, end, replacement));
  }

  /** Inserts {@code text} at {@code index}. */
  public void insert(int index, String text) {
    replace(index, index, text);
  }

  /** Whether there is nothing to apply. */
  public boolean isEmpty() {
    return edits.isEmpty();
  }

  /** The edits, sorted by position. */
  public List<Edit> sorted() {
    List<Edit> sorted = new ArrayList<>(edits);
    // stable: insertions at the same index keep their order
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
    return sorted;
  }

  /** The original with every edit applied. */
  public String apply(String original) {
    if (edits.isEmpty()) {
      return original;
    }
    List<Edit> sorted = sorted();
    int extra = 0;
    for (Edit e : sorted) {
      extra += e.replacement.length() - (e.end - e.start);
    }
    StringBuilder out = new StringBuilder(original.length() + Math.max(extra, 0));
    int at = 0;
    for (Edit e : sorted) {
      if (e.start < at) {
        throw new IllegalStateException("overlapping edits at " + e.start);
      }
      out.append(original, at, e.start).append(e.replacement);
      at = e.end;
    }
    out.append(original, at, original.length());
    // a file that had no final line break keeps having none (removing its last line leaves the
    // break of the line before at the end)
    int n = out.length();
    if (!original.isEmpty() && !original.endsWith("\n") && n > 0 && out.charAt(n - 1) == '\n') {
      out.setLength(n > 1 && out.charAt(n - 2) == '\r' ? n - 2 : n - 1);
    }
    return out.toString();
  }
}
