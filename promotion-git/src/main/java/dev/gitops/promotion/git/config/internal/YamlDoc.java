package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * One YAML file read as SnakeYAML Engine nodes, with helpers that check the shape of each node and
 * report a mismatch as {@code file:line:col: problem; expected shape}.
 */
public final class YamlDoc {
  private final String file;
  private final Node root;

  private YamlDoc(String file, Node root) {
    this.file = file;
    this.root = root;
  }

  /**
   * Parses {@code content} as one YAML document.
   *
   * @return empty when the file holds no document (empty or only comments)
   * @throws InvalidInputException for malformed YAML or several documents
   */
  public static Optional<YamlDoc> parse(String file, String content, String expected) {
    LoadSettings settings = settings(file);
    try {
      checkDepth(file, content, settings);
      Iterator<Node> documents = new Compose(settings).composeAllFromString(content).iterator();
      if (!documents.hasNext()) {
        return Optional.empty();
      }
      Node first = documents.next();
      if (documents.hasNext()) {
        Node second = documents.next();
        throw new InvalidInputException(
            "a second YAML document starts here; expected " + expected + " in a single document",
            location(file, second.getStartMark()),
            null);
      }
      return Optional.of(new YamlDoc(file, first));
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark =
          e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new InvalidInputException(
          "malformed YAML: " + problem + context + "; expected " + expected,
          location(file, mark),
          e);
    } catch (YamlEngineException e) {
      throw new InvalidInputException(
          "malformed YAML: " + e.getMessage() + "; expected " + expected, file, e);
    }
  }

  /** The deepest nesting of collections a configuration file may have. */
  static final int MAX_DEPTH = 64;

  // The composer recurses once per level: a deeply nested file would overflow the stack. The
  // parser's events come without recursion, so the depth is measured on them first.
  private static void checkDepth(String file, String content, LoadSettings settings) {
    int depth = 0;
    for (Event e : new Parse(settings).parseString(content)) {
      if (e.getEventId() == Event.ID.SequenceStart || e.getEventId() == Event.ID.MappingStart) {
        if (++depth > MAX_DEPTH) {
          throw new InvalidInputException(
              "nested more than " + MAX_DEPTH + " levels deep; a configuration file needs a few",
              location(file, e.getStartMark()),
              null);
        }
      } else if (e.getEventId() == Event.ID.SequenceEnd || e.getEventId() == Event.ID.MappingEnd) {
        depth--;
      }
    }
  }

  private static LoadSettings settings(String file) {
    return LoadSettings.builder()
        .setLabel(file)
        .setSchema(new CoreSchema())
        .setAllowDuplicateKeys(true) // reported by fields() with both locations
        .setMaxAliasesForCollections(20)
        .setCodePointLimit(4 * 1024 * 1024)
        .build();
  }

  /** The file name used in locations. */
  public String file() {
    return file;
  }

  /** The document's root node. */
  public Node root() {
    return root;
  }

  /** {@code file:line:col} of a node (1-based), or just the file when the node has no mark. */
  public String at(Node node) {
    return location(file, node.getStartMark());
  }

  private static String location(String file, Optional<Mark> mark) {
    return mark.map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(file);
  }

  /** An error at {@code node}: {@code file:line:col: problem; expected shape}. */
  public InvalidInputException error(Node node, String problem, String expected) {
    return new InvalidInputException(problem + "; expected " + expected, at(node), null);
  }

  /** An error at {@code node} whose message is complete as given. */
  public InvalidInputException error(Node node, String message) {
    return new InvalidInputException(message, at(node), null);
  }

  /** What kind of YAML node this is, in words, for error messages. */
  public static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) node;
    if (s.getTag().equals(Tag.NULL)) {
      return "nothing";
    }
    return "'" + s.getValue() + "'";
  }

  /**
   * A mapping with only the given keys.
   *
   * @param what what the mapping is, for messages ("environment 'dev'")
   * @param allowed the keys it may have, in the order shown in messages
   * @param expected the shape, for messages
   */
  public Fields fields(Node node, String what, List<String> allowed, String expected) {
    if (!(node instanceof MappingNode mapping)) {
      throw error(node, what + " is " + describe(node), expected);
    }
    Map<String, NodeTuple> byKey = new LinkedHashMap<>();
    for (NodeTuple t : mapping.getValue()) {
      String key = keyOf(t.getKeyNode(), what, expected);
      if (!allowed.contains(key)) {
        throw error(
            t.getKeyNode(),
            "unknown key '"
                + key
                + "' in "
                + what
                + DidYouMean.hint(key, allowed)
                + "; expected one of: "
                + String.join(", ", allowed));
      }
      NodeTuple earlier = byKey.put(key, t);
      if (earlier != null) {
        throw error(
            t.getKeyNode(),
            "key '"
                + key
                + "' appears twice in "
                + what
                + " (first at "
                + at(earlier.getKeyNode())
                + ")",
            "each key once");
      }
    }
    return new Fields(this, mapping, what, byKey);
  }

  /** A mapping with keys of any name (for example environment names), in file order. */
  public Map<String, NodeTuple> anyKeys(Node node, String what, String expected) {
    if (!(node instanceof MappingNode mapping)) {
      throw error(node, what + " is " + describe(node), expected);
    }
    Map<String, NodeTuple> byKey = new LinkedHashMap<>();
    for (NodeTuple t : mapping.getValue()) {
      String key = keyOf(t.getKeyNode(), what, expected);
      NodeTuple earlier = byKey.put(key, t);
      if (earlier != null) {
        throw error(
            t.getKeyNode(),
            "key '"
                + key
                + "' appears twice in "
                + what
                + " (first at "
                + at(earlier.getKeyNode())
                + ")",
            "each key once");
      }
    }
    return byKey;
  }

  private String keyOf(Node key, String what, String expected) {
    if (!(key instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
      throw error(key, "a key of " + what + " is " + describe(key), expected);
    }
    return s.getValue();
  }

  /** The items of a list. */
  public List<Node> list(Node node, String what, String expected) {
    if (!(node instanceof SequenceNode seq)) {
      throw error(node, what + " is " + describe(node), expected);
    }
    return seq.getValue();
  }

  /** A non-empty single-line text scalar. */
  public String text(Node node, String what) {
    if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
      throw error(node, what + " is " + describe(node), "a text value");
    }
    String v = s.getValue();
    if (v.isBlank() || v.contains("\n")) {
      throw error(node, what + " is empty or spans several lines", "one line of text");
    }
    return v;
  }

  /** A list of texts, or a single text as a one-item list. */
  public List<String> texts(Node node, String what) {
    List<String> out = new ArrayList<>();
    if (node instanceof ScalarNode) {
      out.add(text(node, what));
      return out;
    }
    for (Node item : list(node, what, "a list of text values, like [a, b]")) {
      out.add(text(item, "an item of " + what));
    }
    return out;
  }

  /** {@code true} or {@code false}. */
  public boolean bool(Node node, String what) {
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
      throw error(node, what + " is " + describe(node), "true or false");
    }
    return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
  }

  /** A whole number within bounds. */
  public long integer(Node node, String what, long min, long max) {
    String shape = "a whole number from " + min + " to " + max;
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
      throw error(node, what + " is " + describe(node), shape);
    }
    long v;
    try {
      v = Long.decode(s.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(node, what + " is " + describe(node), shape);
    }
    if (v < min || v > max) {
      throw error(node, what + " is " + v, shape);
    }
    return v;
  }

  /** One of the given words. */
  public String oneOf(Node node, String what, List<String> allowed) {
    String v = text(node, what);
    if (!allowed.contains(v)) {
      throw error(
          node,
          what + " is '" + v + "'" + DidYouMean.hint(v, allowed),
          "one of: " + String.join(", ", allowed));
    }
    return v;
  }

  /** The fields of one mapping, checked against the allowed keys. */
  public static final class Fields {
    private final YamlDoc doc;
    private final MappingNode node;
    private final String what;
    private final Map<String, NodeTuple> byKey;

    Fields(YamlDoc doc, MappingNode node, String what, Map<String, NodeTuple> byKey) {
      this.doc = doc;
      this.node = node;
      this.what = what;
      this.byKey = byKey;
    }

    /** The mapping node itself. */
    public MappingNode node() {
      return node;
    }

    /** The value of {@code key}, if present and not null. */
    public Optional<Node> get(String key) {
      NodeTuple t = byKey.get(key);
      if (t == null) {
        return Optional.empty();
      }
      Node v = t.getValueNode();
      if (v instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
        return Optional.empty();
      }
      return Optional.of(v);
    }

    /** The key node of {@code key}, if present. */
    public Optional<Node> keyNode(String key) {
      return Optional.ofNullable(byKey.get(key)).map(NodeTuple::getKeyNode);
    }

    /** Whether {@code key} is present (even with an empty value). */
    public boolean has(String key) {
      return byKey.containsKey(key);
    }

    /** The value of a required key. */
    public Node require(String key, String expected) {
      return get(key)
          .orElseThrow(
              () ->
                  byKey.containsKey(key)
                      ? doc.error(
                          byKey.get(key).getValueNode(),
                          "'" + key + "' of " + what + " is empty",
                          expected)
                      : doc.error(
                          node, what + " has no '" + key + "'", "'" + key + "': " + expected));
    }
  }
}
