package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * Writing scalar values: when a value may stay plain, and how to quote it when it may not. A value
 * that a YAML 1.1 or 1.2 reader (Go's yaml, kyaml, Helm, SnakeYAML, PyYAML) would read as anything
 * but a string is quoted, so {@code 1.10} stays the tag {@code "1.10"} and never becomes the number
 * 1.1.
 */
public final class Scalars {
  private Scalars() {}

  /** A way to write a scalar. */
  public enum Quote {
    /** Unquoted where that is safe, else double-quoted. */
    PLAIN,
    /** Single quotes. */
    SINGLE,
    /** Double quotes. */
    DOUBLE;

    /** The quote of an existing scalar's style; block styles count as plain. */
    public static Quote of(ScalarStyle style) {
      return switch (style) {
        case SINGLE_QUOTED -> SINGLE;
        case DOUBLE_QUOTED -> DOUBLE;
        default -> PLAIN;
      };
    }
  }

  private static final String STR_TAG = "tag:yaml.org,2002:str";

  private static final Pattern NON_STRING =
      Pattern.compile(
          String.join(
              "|",
              // null
              "~|null|Null|NULL",
              // booleans of YAML 1.1 and 1.2
              "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
              // integers: binary, octal (1.1 and 1.2), decimal, hex, sexagesimal
              "[-+]?0b[0-1_]+",
              "[-+]?0o?[0-7_]+",
              "[-+]?(0|[1-9][0-9_]*)",
              "[-+]?0x[0-9a-fA-F_]+",
              "[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+",
              // floats: one dot, optional exponent; exponent only; sexagesimal; inf and nan
              "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?",
              "[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+",
              "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*",
              "[-+]?\\.(inf|Inf|INF)",
              "\\.(nan|NaN|NAN)",
              // timestamps (YAML 1.1)
              "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?",
              // merge and value keys (YAML 1.1)
              "<<|="));

  /** Whether a plain scalar with this text would be read as something other than a string. */
  public static boolean readsAsNonString(String value) {
    if (value.isEmpty()) {
      return true;
    }
    // every non-string form starts with one of these; most image values do not
    if ("~nNyYtTfFoO+-.0123456789<=".indexOf(value.charAt(0)) < 0) {
      return false;
    }
    return NON_STRING.matcher(value).matches();
  }

  /** Whether {@code value} may be written without quotes and still read back as itself. */
  public static boolean safePlain(String value, boolean flowContext) {
    if (value.isEmpty() || readsAsNonString(value)) {
      return false;
    }
    char first = value.charAt(0);
    if ("-?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0) {
      return false;
    }
    char last = value.charAt(value.length() - 1);
    if (first == ' ' || last == ' ' || last == ':' || first == '\t' || last == '\t') {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\uFEFF' || Character.isSurrogate(c)) {
        return false;
      }
      if (c == ':' && i + 1 < value.length() && value.charAt(i + 1) == ' ') {
        return false;
      }
      if (c == '#' && i > 0 && value.charAt(i - 1) == ' ') {
        return false;
      }
      if (flowContext && ",[]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code value} written in the given way (plain only where safe, else double-quoted). */
  public static String render(String value, Quote quote, boolean flowContext) {
    return switch (quote) {
      case PLAIN -> safePlain(value, flowContext) ? value : doubleQuoted(value);
      case SINGLE -> singleQuoted(value);
      case DOUBLE -> doubleQuoted(value);
    };
  }

  /**
   * The text that replaces {@code existing} so that it reads as {@code value}: in the scalar's own
   * quote style, or, for a plain scalar that must become quoted, in {@code whenQuoting}.
   *
   * @throws dev.gitops.promotion.overlay.OverlayEditException for block scalars and scalars with a
   *     tag other than {@code !!str}
   */
  public static String replacement(
      YamlFile file, YamlNode.Scalar existing, String value, Quote whenQuoting) {
    checkEditable(file, existing);
    boolean flow = inFlow(existing);
    return switch (existing.style) {
      case SINGLE_QUOTED -> singleQuoted(value);
      case DOUBLE_QUOTED -> doubleQuoted(value);
      default -> {
        boolean strTagged = existing.tag != null; // checked: only !!str gets here
        if (strTagged ? plainSyntaxOk(value, flow) : safePlain(value, flow)) {
          yield value;
        }
        yield render(value, whenQuoting == Quote.PLAIN ? Quote.DOUBLE : whenQuoting, flow);
      }
    };
  }

  /** Refuses scalars this library does not rewrite. */
  public static void checkEditable(YamlFile file, YamlNode.Scalar existing) {
    if (existing.style == ScalarStyle.LITERAL || existing.style == ScalarStyle.FOLDED) {
      throw file.error(
          Reason.UNSUPPORTED_VALUE,
          existing,
          "the value is a block scalar ('|' or '>'); write it as a plain or quoted scalar first");
    }
    if (existing.tag != null && !STR_TAG.equals(existing.tag) && !"!!str".equals(existing.tag)) {
      throw file.error(
          Reason.UNSUPPORTED_VALUE,
          existing,
          "the value has the explicit tag " + existing.tag + "; only untagged or !!str is edited");
    }
  }

  /** Whether the node sits inside a flow collection, where {@code ,[]{}} end a plain scalar. */
  public static boolean inFlow(YamlNode node) {
    for (YamlNode n = node.parent; n != null; n = n.parent) {
      if (n instanceof YamlNode.Mapping m && m.flow || n instanceof YamlNode.Sequence s && s.flow) {
        return true;
      }
    }
    return false;
  }

  // with an explicit !!str tag, the text only needs to be syntactically plain
  private static boolean plainSyntaxOk(String value, boolean flow) {
    return !value.isEmpty() && safePlain("x" + value, flow) && value.charAt(0) != ' ';
  }

  /** {@code value} in double quotes with YAML escapes. */
  public static String doubleQuoted(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c == '\uFEFF') {
            sb.append("\\uFEFF");
          } else if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** {@code value} in single quotes, or in double quotes when it holds control characters. */
  public static String singleQuoted(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\uFEFF') {
        return doubleQuoted(value);
      }
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
