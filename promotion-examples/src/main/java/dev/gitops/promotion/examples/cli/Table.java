package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.SafeText;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with left-aligned columns, as the CLI prints state and history. Every cell is
 * made safe for a terminal ({@link SafeText#forDisplay}).
 */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, not " + header.size());
    }
    List<String> safe = new ArrayList<>(cells.length);
    for (String c : cells) {
      safe.add(SafeText.forDisplay(c)); // credentials in URLs and control characters never print
    }
    rows.add(List.copyOf(safe));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  String render() {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    for (List<String> r : rows) {
      line(sb, r, width);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      l.append(cells.get(i));
      if (i + 1 < cells.size()) {
        l.append(" ".repeat(width[i] - cells.get(i).length() + 2));
      }
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }
}
