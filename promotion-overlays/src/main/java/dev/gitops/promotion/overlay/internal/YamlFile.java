package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.overlay.OverlayEditException;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A YAML file parsed into {@link YamlNode}s that keep their char offsets, so that edits can splice
 * new text into the original instead of re-emitting the document. Parsing refuses what cannot be
 * edited safely anywhere in the file: malformed YAML, duplicate keys, and files over the size
 * bound.
 */
public final class YamlFile {

  /** The default bound on a file's size, in chars. */
  public static final int DEFAULT_MAX_CHARS = 8 * 1024 * 1024;

  private final String path;
  private final String text;
  private final List<Document> documents;
  private final String newline;

  /** One document of the stream. */
  public static final class Document {
    /** The root node, or null for an empty document. */
    public final YamlNode root;

    /** Char offset of the document's start (its {@code ---} or first content). */
    public final int start;

    /** Char offset of the document's end. */
    public final int end;

    Document(YamlNode root, int start, int end) {
      this.root = root;
      this.start = start;
      this.end = end;
    }
  }

  private YamlFile(String path, String text, List<Document> documents) {
    this.path = path;
    this.text = text;
    this.documents = documents;
    int lf = text.indexOf('\n');
    this.newline = lf > 0 && text.charAt(lf - 1) == '\r' ? "\r\n" : "\n";
  }

  /**
   * Parses {@code text}.
   *
   * @throws OverlayEditException when the file is too large, malformed, or has duplicate keys
   */
  public static YamlFile parse(String path, String text, int maxChars) {
    if (text.length() > maxChars) {
      throw new OverlayEditException(
          Reason.TOO_LARGE,
          path,
          0,
          0,
          "file has "
              + text.length()
              + " characters, more than the bound of "
              + maxChars
              + "; refusing to edit it",
          null);
    }
    LoadSettings settings = settings(maxChars);
    Builder builder = new Builder(path, text);
    try {
      for (Event event : new Parse(settings).parseString(text)) {
        builder.accept(event);
      }
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      throw new OverlayEditException(
          Reason.MALFORMED_YAML,
          path,
          mark.map(m -> m.getLine() + 1).orElse(0),
          mark.map(m -> m.getColumn() + 1).orElse(0),
          "malformed YAML: " + describe(e),
          e);
    } catch (YamlEngineException e) {
      throw new OverlayEditException(
          Reason.MALFORMED_YAML, path, 0, 0, "malformed YAML: " + e.getMessage(), e);
    }
    return new YamlFile(path, text, builder.documents);
  }

  // settings are immutable; building them costs as much as a tenth of parsing a small file
  private static volatile LoadSettings cached;

  private static LoadSettings settings(int maxChars) {
    int limit = Math.max(maxChars, 1);
    LoadSettings s = cached;
    if (s == null || s.getCodePointLimit() != limit) {
      s = LoadSettings.builder().setUseMarks(true).setCodePointLimit(limit).build();
      cached = s;
    }
    return s;
  }

  private static String describe(MarkedYamlEngineException e) {
    String problem = e.getProblem();
    String context = e.getContext();
    if (problem == null || problem.isEmpty()) {
      return context == null ? "cannot parse" : context;
    }
    return context == null || context.isEmpty() ? problem : problem + " (" + context + ")";
  }

  /** The path given at parse time, for messages. */
  public String path() {
    return path;
  }

  /** The original text. */
  public String text() {
    return text;
  }

  /** The documents of the stream, in order. */
  public List<Document> documents() {
    return documents;
  }

  /** The file's line ending, {@code \r\n} or {@code \n}, from its first line. */
  public String newline() {
    return newline;
  }

  /** The node's position as {@code path:line:col}, 1-based. */
  public String location(YamlNode node) {
    return path + ":" + (node.line + 1) + ":" + (node.column + 1);
  }

  /** A refusal located at {@code node}. */
  public OverlayEditException error(Reason reason, YamlNode node, String message) {
    return new OverlayEditException(reason, path, node.line + 1, node.column + 1, message, null);
  }

  /** A refusal about the whole file. */
  public OverlayEditException error(Reason reason, String message) {
    return new OverlayEditException(reason, path, 0, 0, message, null);
  }

  /** Char offset of the start of the line holding {@code index}. */
  public int lineStart(int index) {
    int i = text.lastIndexOf('\n', index - 1);
    return i + 1;
  }

  /**
   * Char offset just after the line break that ends the line holding {@code index}, or the text's
   * length when that line is the last and has no line break. When {@code index} is already at the
   * start of a line (after a line break), returns {@code index}.
   */
  public int lineEndAfter(int index) {
    if (index > 0 && index <= text.length() && text.charAt(index - 1) == '\n') {
      return index;
    }
    int i = text.indexOf('\n', index);
    return i < 0 ? text.length() : i + 1;
  }

  /**
   * Where the value of a scalar starts, after its anchor and tag properties; for unadorned scalars
   * that is {@link YamlNode#start}.
   */
  public int valueStart(YamlNode.Scalar scalar) {
    int i = scalar.start;
    if (scalar.anchor == null && scalar.tag == null) {
      return i;
    }
    int n = scalar.end;
    while (i < n && (text.charAt(i) == '&' || text.charAt(i) == '!')) {
      while (i < n && !isBlank(text.charAt(i))) {
        i++;
      }
      while (i < n && isBlank(text.charAt(i))) {
        i++;
      }
    }
    return i;
  }

  /** Whether a collection holding {@code node} at some depth is an alias target. */
  public static YamlNode aliasedAncestorOrSelf(YamlNode node) {
    for (YamlNode n = node; n != null; n = n.parent) {
      if (n.firstAlias != null) {
        return n;
      }
    }
    return null;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** Turns events into nodes, converting code point offsets to char offsets. */
  private static final class Builder {
    private final String path;
    private final int[] charIndex; // code point index -> char index, null when they are equal
    private final List<Document> documents = new ArrayList<>();
    private final Deque<YamlNode> stack = new ArrayDeque<>();
    private final Map<String, YamlNode> anchors = new HashMap<>();
    private YamlNode root;
    private int documentStart;

    Builder(String path, String text) {
      this.path = path;
      this.charIndex = codePointOffsets(text);
    }

    private static int[] codePointOffsets(String text) {
      boolean surrogates = false;
      for (int i = 0; i < text.length(); i++) {
        if (Character.isSurrogate(text.charAt(i))) {
          surrogates = true;
          break;
        }
      }
      if (!surrogates) {
        return null;
      }
      int[] offsets = new int[text.codePointCount(0, text.length()) + 1];
      int cp = 0;
      for (int i = 0; i < text.length(); ) {
        offsets[cp++] = i;
        i += Character.charCount(text.codePointAt(i));
      }
      offsets[cp] = text.length();
      return offsets;
    }

    private int index(Mark mark) {
      int i = mark.getIndex();
      return charIndex == null ? i : charIndex[Math.min(i, charIndex.length - 1)];
    }

    void accept(Event event) {
      switch (event.getEventId()) {
        case DocumentStart -> {
          root = null;
          documentStart = index(event.getStartMark().orElseThrow());
        }
        case DocumentEnd ->
            documents.add(
                new Document(root, documentStart, index(event.getEndMark().orElseThrow())));
        case Scalar -> {
          ScalarEvent e = (ScalarEvent) event;
          Mark m = e.getStartMark().orElseThrow();
          YamlNode.Scalar s =
              new YamlNode.Scalar(
                  index(m),
                  m.getLine(),
                  m.getColumn(),
                  anchor(e),
                  e.getTag().orElse(null),
                  e.getValue(),
                  e.getScalarStyle(),
                  e.getImplicit().canOmitTagInPlainScalar());
          s.end = index(e.getEndMark().orElseThrow());
          s.contentEnd = s.end;
          attach(s);
          define(s);
        }
        case MappingStart, SequenceStart -> {
          CollectionStartEvent e = (CollectionStartEvent) event;
          Mark m = e.getStartMark().orElseThrow();
          String tag = e.getTag().orElse(null);
          YamlNode node =
              e instanceof MappingStartEvent
                  ? new YamlNode.Mapping(
                      index(m), m.getLine(), m.getColumn(), anchor(e), tag, e.isFlow())
                  : new YamlNode.Sequence(
                      index(m), m.getLine(), m.getColumn(), anchor(e), tag, e.isFlow());
          attach(node);
          define(node);
          stack.push(node);
        }
        case MappingEnd, SequenceEnd -> {
          YamlNode node = stack.pop();
          node.end = index(event.getEndMark().orElseThrow());
          node.contentEnd = flowOrEmpty(node) ? node.end : lastChild(node).contentEnd;
        }
        case Alias -> {
          AliasEvent e = (AliasEvent) event;
          Mark m = e.getStartMark().orElseThrow();
          String name = e.getAlias().getValue();
          YamlNode target = anchors.get(name);
          YamlNode.Alias alias =
              new YamlNode.Alias(index(m), m.getLine(), m.getColumn(), name, target);
          alias.end = index(e.getEndMark().orElseThrow());
          alias.contentEnd = alias.end;
          if (target != null && target.firstAlias == null) {
            target.firstAlias = alias;
          }
          attach(alias);
        }
        default -> {
          // stream start/end and comments carry nothing we keep
        }
      }
    }

    private static boolean flowOrEmpty(YamlNode node) {
      if (node instanceof YamlNode.Mapping m) {
        return m.flow || m.values.isEmpty();
      }
      YamlNode.Sequence s = (YamlNode.Sequence) node;
      return s.flow || s.items.isEmpty();
    }

    private static YamlNode lastChild(YamlNode node) {
      if (node instanceof YamlNode.Mapping m) {
        return m.values.get(m.values.size() - 1);
      }
      List<YamlNode> items = ((YamlNode.Sequence) node).items;
      return items.get(items.size() - 1);
    }

    private static String anchor(NodeEvent e) {
      return e.getAnchor().map(Anchor::getValue).orElse(null);
    }

    private void define(YamlNode node) {
      if (node.anchor != null) {
        anchors.put(node.anchor, node);
      }
    }

    private void attach(YamlNode node) {
      YamlNode parent = stack.peek();
      node.parent = parent;
      if (parent == null) {
        root = node;
      } else if (parent instanceof YamlNode.Mapping m) {
        if (m.keys.size() == m.values.size()) {
          m.keys.add(node);
          if (node instanceof YamlNode.Scalar key) {
            YamlNode.Scalar earlier = m.register(key, m.keys.size() - 1);
            if (earlier != null) {
              throw new OverlayEditException(
                  Reason.DUPLICATE_KEY,
                  path,
                  key.line + 1,
                  key.column + 1,
                  "duplicate key '"
                      + key.value
                      + "' (first at line "
                      + (earlier.line + 1)
                      + "); tools disagree on which one wins, so remove one of them",
                  null);
            }
          }
        } else {
          m.values.add(node);
        }
      } else {
        ((YamlNode.Sequence) parent).items.add(node);
      }
    }
  }
}
