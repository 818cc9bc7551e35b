package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.List;
import java.util.Map;

/**
 * Inserting and removing entries in the file's own style: new keys take the column of their
 * siblings, new sequence items copy the dash column and key offset of the item before them, and new
 * block sequences use the file's sequence indentation. Line breaks are the file's, and a file
 * without a final line break still has none afterwards.
 */
public final class Layout {
  private final YamlFile file;
  private final String text;
  private final String nl;

  /** Layout helpers for {@code file}. */
  public Layout(YamlFile file) {
    this.file = file;
    this.text = file.text();
    this.nl = file.newline();
  }

  /** The file's line break. */
  public String newline() {
    return nl;
  }

  /** {@code n} spaces. */
  public static String spaces(int n) {
    return " ".repeat(Math.max(n, 0));
  }

  /** The column (in chars, not counting a BOM) of char offset {@code index}. */
  public int columnOf(int index) {
    int start = file.lineStart(index);
    int col = index - start;
    if (start == 0 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
      col--;
    }
    return col;
  }

  /** Whether only blanks precede {@code index} on its line. */
  public boolean startsLine(int index) {
    for (int i = file.lineStart(index); i < index; i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\uFEFF') {
        return false;
      }
    }
    return true;
  }

  /**
   * Where to insert whole lines after the line holding {@code contentEnd}, and the text to insert
   * there for {@code lines} (each without a line break).
   */
  public void insertLinesAfter(TextEdits edits, int contentEnd, List<String> lines) {
    int at = file.lineEndAfter(contentEnd);
    StringBuilder sb = new StringBuilder();
    boolean noFinalBreak = at == text.length() && !text.isEmpty() && !text.endsWith("\n");
    for (int i = 0; i < lines.size(); i++) {
      if (noFinalBreak) {
        sb.append(nl).append(lines.get(i));
      } else {
        sb.append(lines.get(i)).append(nl);
      }
    }
    edits.insert(at, sb.toString());
  }

  /**
   * Inserts {@code key: value} into mapping {@code m} after entry {@code after} (or at the end when
   * {@code after} is the last). {@code valueText} is already rendered; for block mappings {@code
   * extraLines} follow the key line (for nested values), already indented relative to column 0.
   */
  public void insertEntry(
      TextEdits edits,
      YamlNode.Mapping m,
      int after,
      String key,
      String valueText,
      List<String> extraLines) {
    if (m.flow) {
      if (!extraLines.isEmpty()) {
        throw new IllegalArgumentException("nested block value in a flow mapping");
      }
      String entry = key + ": " + valueText;
      if (m.size() == 0) {
        edits.insert(m.end - 1, entry);
      } else {
        edits.insert(m.values.get(after).contentEnd, ", " + entry);
      }
      return;
    }
    String indent = spaces(m.keys.get(0).column);
    String first = indent + key + ":" + (valueText.isEmpty() ? "" : " " + valueText);
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    lines.add(first);
    lines.addAll(extraLines);
    insertLinesAfter(edits, m.values.get(after).contentEnd, lines);
  }

  /** Removes entry {@code i} of mapping {@code m}, with its line comment. */
  public void removeEntry(TextEdits edits, YamlNode.Mapping m, int i) {
    YamlNode key = m.keys.get(i);
    YamlNode value = m.values.get(i);
    if (m.flow) {
      if (i > 0) {
        edits.replace(m.values.get(i - 1).contentEnd, value.contentEnd, "");
      } else if (m.size() > 1) {
        edits.replace(key.start, m.keys.get(1).start, "");
      } else {
        edits.replace(key.start, value.contentEnd, "");
      }
      return;
    }
    if (startsLine(key.start)) {
      int from = file.lineStart(key.start);
      // at the end of a file without a final line break, the break before stays behind;
      // TextEdits.apply takes it away again
      edits.replace(from, file.lineEndAfter(value.contentEnd), "");
      return;
    }
    if (i + 1 < m.size()) {
      edits.replace(key.start, m.keys.get(i + 1).start, "");
      return;
    }
    throw file.error(
        Reason.UNSUPPORTED_VALUE,
        key,
        "cannot remove the only key of a compact '- key: value' entry without rewriting it");
  }

  /** How the items of block sequence {@code s} are laid out: dash column and content offset. */
  public record ItemStyle(int dashColumn, int contentOffset) {
    /** The prefix of an item's first line: spaces, dash, spaces. */
    public String prefix() {
      return spaces(dashColumn) + "-" + spaces(contentOffset - 1);
    }

    /** The indentation of an item's following lines. */
    public String continuation() {
      return spaces(dashColumn + contentOffset);
    }
  }

  /** The layout of the items of a block sequence, from its last item. */
  public ItemStyle itemStyle(YamlNode.Sequence s) {
    YamlNode last = s.items.get(s.items.size() - 1);
    int dash = text.lastIndexOf('-', last.start - 1);
    int dashColumn = s.column;
    if (dash >= 0) {
      dashColumn = columnOf(dash);
    }
    int offset = 2;
    if (dash >= 0 && file.lineStart(dash) == file.lineStart(last.start)) {
      offset = Math.max(columnOf(last.start) - dashColumn, 2);
    }
    return new ItemStyle(dashColumn, offset);
  }

  /**
   * The file's sequence indentation under a mapping key: 0 for {@code key:\n- item}, 2 for {@code
   * key:\n - item}, from the first block sequence under a block mapping key; 0 when there is none.
   */
  public int sequenceIndent() {
    for (YamlFile.Document d : file.documents()) {
      Integer found = sequenceIndent(d.root);
      if (found != null) {
        return found;
      }
    }
    return 0;
  }

  private Integer sequenceIndent(YamlNode node) {
    if (node instanceof YamlNode.Mapping m && !m.flow) {
      for (int i = 0; i < m.size(); i++) {
        YamlNode v = m.values.get(i);
        if (v instanceof YamlNode.Sequence s && !s.flow && s.line > m.keys.get(i).line) {
          return Math.max(s.column - m.keys.get(i).column, 0);
        }
        Integer inner = sequenceIndent(v);
        if (inner != null) {
          return inner;
        }
      }
    } else if (node instanceof YamlNode.Sequence s) {
      for (YamlNode item : s.items) {
        Integer inner = sequenceIndent(item);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  /** The file's mapping indentation step, from the first nested block mapping; 2 when none. */
  public int mappingIndent() {
    for (YamlFile.Document d : file.documents()) {
      Integer found = mappingIndent(d.root);
      if (found != null) {
        return found;
      }
    }
    return 2;
  }

  private Integer mappingIndent(YamlNode node) {
    if (node instanceof YamlNode.Mapping m && !m.flow) {
      for (int i = 0; i < m.size(); i++) {
        YamlNode v = m.values.get(i);
        if (v instanceof YamlNode.Mapping inner
            && !inner.flow
            && inner.line > m.keys.get(i).line
            && inner.column > m.keys.get(i).column) {
          return inner.column - m.keys.get(i).column;
        }
        Integer nested = mappingIndent(v);
        if (nested != null) {
          return nested;
        }
      }
    } else if (node instanceof YamlNode.Sequence s) {
      for (YamlNode item : s.items) {
        Integer nested = mappingIndent(item);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  /**
   * Lines of a block mapping written at {@code column}: each entry's value is rendered already
   * (scalars only).
   */
  public static List<String> blockMappingLines(
      Map<String, String> entries, String firstPrefix, String continuation) {
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      String prefix = lines.isEmpty() ? firstPrefix : continuation;
      lines.add(prefix + e.getKey() + ": " + e.getValue());
    }
    return lines;
  }

  /** A flow mapping of rendered scalar values, with or without inner spaces. */
  public static String flowMapping(Map<String, String> entries, boolean innerSpaces) {
    StringBuilder sb = new StringBuilder(innerSpaces ? "{ " : "{");
    boolean first = true;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append(": ").append(e.getValue());
    }
    return sb.append(innerSpaces ? " }" : "}").toString();
  }

  /** Whether a flow collection's text has a space after its opening bracket. */
  public boolean hasInnerSpace(YamlNode flowNode) {
    int i = flowNode.start;
    while (i < text.length() && text.charAt(i) != '{' && text.charAt(i) != '[') {
      i++;
    }
    return i + 1 < text.length() && text.charAt(i + 1) == ' ';
  }

  /**
   * Appends an item to sequence {@code s}. For a block sequence, {@code blockLines} are the item's
   * lines with the first line's prefix to be added (the dash), following lines relative to the item
   * content column; for a flow sequence {@code flowText} is used.
   */
  public void appendItem(
      TextEdits edits, YamlNode.Sequence s, List<String> blockLines, String flowText) {
    if (s.flow) {
      if (s.items.isEmpty()) {
        edits.insert(s.end - 1, flowText);
      } else {
        edits.insert(s.items.get(s.items.size() - 1).contentEnd, ", " + flowText);
      }
      return;
    }
    ItemStyle style = itemStyle(s);
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < blockLines.size(); i++) {
      lines.add((i == 0 ? style.prefix() : style.continuation()) + blockLines.get(i));
    }
    insertLinesAfter(edits, s.items.get(s.items.size() - 1).contentEnd, lines);
  }

  /** Inserts an item into sequence {@code s} before item {@code before} (block sequences). */
  public void insertItemBefore(
      TextEdits edits, YamlNode.Sequence s, int before, List<String> blockLines, String flowText) {
    YamlNode next = s.items.get(before);
    if (s.flow) {
      edits.insert(next.start, flowText + ", ");
      return;
    }
    ItemStyle style = itemStyle(s);
    int dash = text.lastIndexOf('-', next.start - 1);
    int at = file.lineStart(dash < 0 ? next.start : dash);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < blockLines.size(); i++) {
      sb.append(i == 0 ? style.prefix() : style.continuation())
          .append(blockLines.get(i))
          .append(nl);
    }
    edits.insert(at, sb.toString());
  }
}
