package dev.gitops.promotion.overlay;

import java.util.ArrayList;
import java.util.List;

/**
 * Unified diffs of two texts, as {@code diff -u} and {@code git diff} print them, for dry runs and
 * plan previews. Lines keep their own line breaks, so a CRLF file shows {@code \r} at line ends
 * exactly as it is.
 */
public final class UnifiedDiff {
  private static final long MAX_TABLE = 16_000_000L;

  private UnifiedDiff() {}

  /**
   * The unified diff from {@code before} to {@code after}, or the empty string when they are equal.
   *
   * @param fromName the name on the {@code ---} line
   * @param toName the name on the {@code +++} line
   * @param context lines of unchanged context around each change
   */
  public static String of(
      String fromName, String toName, String before, String after, int context) {
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<int[]> ops = diff(a, b); // each op: {type, indexA, indexB}; type 0 same, 1 delete, 2 add
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(fromName).append('\n');
    out.append("+++ ").append(toName).append('\n');
    int i = 0;
    while (i < ops.size()) {
      if (ops.get(i)[0] == 0) {
        i++;
        continue;
      }
      int hunkStart = Math.max(0, i - context);
      int j = i;
      int lastChange = i;
      while (j < ops.size()) {
        if (ops.get(j)[0] != 0) {
          lastChange = j;
        } else if (j - lastChange > 2 * context) {
          break;
        }
        j++;
      }
      int hunkEnd = Math.min(ops.size(), lastChange + context + 1);
      appendHunk(out, ops.subList(hunkStart, hunkEnd), a, b);
      i = hunkEnd;
    }
    return out.toString();
  }

  private static void appendHunk(
      StringBuilder out, List<int[]> ops, List<String> a, List<String> b) {
    int startA = -1;
    int startB = -1;
    int countA = 0;
    int countB = 0;
    int firstA = ops.get(0)[1];
    int firstB = ops.get(0)[2];
    for (int[] op : ops) {
      if (op[0] != 2) {
        countA++;
        if (startA < 0) {
          startA = op[1];
        }
      }
      if (op[0] != 1) {
        countB++;
        if (startB < 0) {
          startB = op[2];
        }
      }
    }
    out.append("@@ -")
        .append(range(startA < 0 ? firstA : startA, countA))
        .append(" +")
        .append(range(startB < 0 ? firstB : startB, countB))
        .append(" @@\n");
    for (int[] op : ops) {
      String line = op[0] == 2 ? b.get(op[2]) : a.get(op[1]);
      out.append(op[0] == 0 ? ' ' : op[0] == 1 ? '-' : '+');
      if (line.endsWith("\n")) {
        out.append(line);
      } else {
        out.append(line).append("\n\\ No newline at end of file\n");
      }
    }
  }

  private static String range(int start, int count) {
    int shown = count == 0 ? start : start + 1;
    return count == 1 ? String.valueOf(shown) : shown + "," + count;
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int nl = text.indexOf('\n', at);
      int end = nl < 0 ? text.length() : nl + 1;
      lines.add(text.substring(at, end));
      at = end;
    }
    return lines;
  }

  // longest common subsequence over the middle part between the common prefix and suffix
  private static List<int[]> diff(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix
        && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<int[]> ops = new ArrayList<>();
    for (int k = 0; k < prefix; k++) {
      ops.add(new int[] {0, k, k});
    }
    int n = a.size() - prefix - suffix;
    int m = b.size() - prefix - suffix;
    if ((long) (n + 1) * (m + 1) > MAX_TABLE) {
      for (int k = 0; k < n; k++) {
        ops.add(new int[] {1, prefix + k, prefix});
      }
      for (int k = 0; k < m; k++) {
        ops.add(new int[] {2, prefix + n, prefix + k});
      }
    } else {
      int[][] lcs = new int[n + 1][m + 1];
      for (int x = n - 1; x >= 0; x--) {
        for (int y = m - 1; y >= 0; y--) {
          lcs[x][y] =
              a.get(prefix + x).equals(b.get(prefix + y))
                  ? lcs[x + 1][y + 1] + 1
                  : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
        }
      }
      int x = 0;
      int y = 0;
      while (x < n || y < m) {
        if (x < n && y < m && a.get(prefix + x).equals(b.get(prefix + y))) {
          ops.add(new int[] {0, prefix + x, prefix + y});
          x++;
          y++;
        } else if (x < n && (y == m || lcs[x + 1][y] >= lcs[x][y + 1])) {
          ops.add(new int[] {1, prefix + x, prefix + y});
          x++;
        } else {
          ops.add(new int[] {2, prefix + x, prefix + y});
          y++;
        }
      }
    }
    for (int k = 0; k < suffix; k++) {
      ops.add(new int[] {0, a.size() - suffix + k, b.size() - suffix + k});
    }
    return ops;
  }
}
