package dev.gitops.promotion.overlay.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * A node of a parsed YAML document that remembers where its text is: {@link #start} and {@link
 * #end} are char offsets into the file's text (start includes anchor and tag properties).
 */
public abstract class YamlNode {
  /** Char offset of the first character, properties included. */
  public final int start;

  /** Char offset just after the node; for block collections the start of the next token. */
  public int end;

  /** Char offset just after the last character of real content (a scalar or closing bracket). */
  public int contentEnd;

  /** 0-based line of {@link #start}. */
  public final int line;

  /** 0-based column of {@link #start}, in code points. */
  public final int column;

  /** The anchor name, or null. */
  public final String anchor;

  /** The explicit tag, or null. */
  public final String tag;

  /** The enclosing collection, or null for a document root. */
  public YamlNode parent;

  /** The first alias that reuses this node's anchor, or null when none does. */
  public Alias firstAlias;

  YamlNode(int start, int line, int column, String anchor, String tag) {
    this.start = start;
    this.end = start;
    this.contentEnd = start;
    this.line = line;
    this.column = column;
    this.anchor = anchor;
    this.tag = tag;
  }

  /** A scalar. */
  public static final class Scalar extends YamlNode {
    /** The scalar's value, as YAML reads it. */
    public final String value;

    /** How it is written. */
    public final ScalarStyle style;

    /** Whether a plain scalar's type is resolved from its text (no explicit tag). */
    public final boolean plainImplicit;

    Scalar(
        int start,
        int line,
        int column,
        String anchor,
        String tag,
        String value,
        ScalarStyle style,
        boolean plainImplicit) {
      super(start, line, column, anchor, tag);
      this.value = value;
      this.style = style;
      this.plainImplicit = plainImplicit;
    }

    /** Whether this is the empty plain scalar YAML reads as null ({@code key:}) or {@code ~}. */
    public boolean isNull() {
      if (style != ScalarStyle.PLAIN || tag != null) {
        return false;
      }
      return switch (value) {
        case "", "~", "null", "Null", "NULL" -> true;
        default -> false;
      };
    }

    /** Whether the scalar is written in quotes. */
    public boolean isQuoted() {
      return style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED;
    }
  }

  /** A mapping, block or flow. */
  public static final class Mapping extends YamlNode {
    /** The keys, in file order. */
    public final List<YamlNode> keys = new ArrayList<>();

    /** The values, parallel to {@link #keys}. */
    public final List<YamlNode> values = new ArrayList<>();

    /** Whether the mapping is written in flow style ({@code {a: b}}). */
    public final boolean flow;

    private Map<String, Integer> index;

    Mapping(int start, int line, int column, String anchor, String tag, boolean flow) {
      super(start, line, column, anchor, tag);
      this.flow = flow;
    }

    /** The number of entries. */
    public int size() {
      return values.size();
    }

    /** The position of the scalar key {@code key}, or -1. */
    public int indexOf(String key) {
      if (index != null) {
        Integer i = index.get(key);
        return i == null ? -1 : i;
      }
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i) instanceof Scalar s && s.value.equals(key)) {
          return i;
        }
      }
      return -1;
    }

    /** The value of the scalar key {@code key}, or null (merge keys are not followed). */
    public YamlNode get(String key) {
      int i = indexOf(key);
      return i < 0 ? null : values.get(i);
    }

    /** The key node of entry {@code i} as a scalar, or null when it is not one. */
    public Scalar keyScalar(int i) {
      return keys.get(i) instanceof Scalar s ? s : null;
    }

    /**
     * Records a finished key and returns the earlier key with the same value, or null.
     *
     * @param position the key's entry position
     */
    Scalar register(Scalar key, int position) {
      if (index == null && position < 8) {
        for (int i = 0; i < position; i++) {
          if (keys.get(i) instanceof Scalar s && s.value.equals(key.value)) {
            return s;
          }
        }
        return null;
      }
      if (index == null) {
        index = new HashMap<>();
        for (int i = 0; i < position; i++) {
          if (keys.get(i) instanceof Scalar s) {
            index.putIfAbsent(s.value, i);
          }
        }
      }
      Integer previous = index.putIfAbsent(key.value, position);
      return previous == null ? null : (Scalar) keys.get(previous);
    }
  }

  /** A sequence, block or flow. */
  public static final class Sequence extends YamlNode {
    /** The items, in file order. */
    public final List<YamlNode> items = new ArrayList<>();

    /** Whether the sequence is written in flow style ({@code [a, b]}). */
    public final boolean flow;

    Sequence(int start, int line, int column, String anchor, String tag, boolean flow) {
      super(start, line, column, anchor, tag);
      this.flow = flow;
    }
  }

  /** An alias ({@code *name}) of an earlier anchored node. */
  public static final class Alias extends YamlNode {
    /** The anchor it names. */
    public final String name;

    /** The node it stands for, or null when the anchor is undefined. */
    public final YamlNode target;

    Alias(int start, int line, int column, String name, YamlNode target) {
      super(start, line, column, null, null);
      this.name = name;
      this.target = target;
    }
  }
}
