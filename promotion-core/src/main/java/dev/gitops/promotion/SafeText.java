package dev.gitops.promotion;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where text that may carry secrets or terminal control characters is made safe to
 * show: every message, log line, table cell and {@code toString} that holds a URL or a
 * user-controlled string goes through here.
 *
 * <ul>
 *   <li>{@link #redactUrls(String)} replaces the user-info of every URL in a text ({@code
 *       https://x-token:SECRET@host/...} becomes {@code https://***@host/...});
 *   <li>{@link #escapeControls(String)} shows C0 and C1 control characters (and DEL), and the
 *       bidirectional embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069,
 *       which reorder what a terminal shows), as visible escapes, so a name cannot move the cursor,
 *       clear the screen or forge a line of output;
 *   <li>{@link #forDisplay(String)} does both.
 * </ul>
 */
public final class SafeText {
  // scheme://userinfo@ where userinfo has no '/', '@' or whitespace; also scheme:/userinfo@, as a
  // URL reads after a file-system path normalised its double slash
  private static final Pattern URL_USERINFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*:/{1,3})[^/@\\s]+@");
  // user:password@host without a scheme, as in an image or registry written
  // "user:token@ghcr.io/org/app": a word (not after a path, a tag or another user-info) with a
  // colon and a secret, then a host name (and port) that ends the word or starts a path
  private static final Pattern BARE_USERINFO =
      Pattern.compile(
          "(?<![\\w.+:/@%-])[^\\s/@:'\"<>]+:[^\\s/@'\"<>]+@"
              + "(?=[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]{1,5})?(?:[/\\s'\",)]|$))");

  private SafeText() {}

  /**
   * {@code text} with the user-info (user, password or token) of every URL replaced by {@code ***}:
   * {@code scheme://user:secret@host}, and {@code user:secret@host/path} written without a scheme
   * (as an image or registry given with a login inside).
   */
  public static String redactUrls(String text) {
    if (text == null) {
      return "";
    }
    if (!mayHoldUserinfo(text)) {
      return text;
    }
    String out = text;
    if (out.contains(":/")) {
      Matcher m = URL_USERINFO.matcher(out);
      out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "***@"));
    }
    return BARE_USERINFO.matcher(out).replaceAll("***@");
  }

  // Both patterns need a ':' in the run of non-space characters before an '@' (the scheme's, or
  // the one between user and secret); most texts with an '@' (e-mail addresses, images pinned by
  // digest) have none there, and need no regular expression.
  private static boolean mayHoldUserinfo(String text) {
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      for (int i = at - 1; i >= 0; i--) {
        char c = text.charAt(i);
        if (c == ':') {
          return true;
        }
        if (c == '@' || c == ' ' || (c >= '\t' && c <= '\r')) { // the patterns' \s
          break;
        }
      }
    }
    return false;
  }

  /**
   * {@code text} with every C0 control (line feeds and tabs included), DEL and C1 control shown as
   * a visible escape: {@code \n}, {@code \t}, {@code \r}, {@code \e}, else {@code \}{@code u0085}.
   * Use {@link #escapeControlsKeepNewlines} for multi-line messages.
   */
  public static String escapeControls(String text) {
    return escape(text, false);
  }

  /** Like {@link #escapeControls}, but line feeds stay line feeds (for multi-line messages). */
  public static String escapeControlsKeepNewlines(String text) {
    return escape(text, true);
  }

  /** {@link #redactUrls} then {@link #escapeControls}: for one-line cells and messages. */
  public static String forDisplay(String text) {
    return escapeControls(redactUrls(text));
  }

  /**
   * {@code text} as one line of at most {@code max} characters, for a host field that takes one (a
   * title, a commit status's description): runs of whitespace (line breaks included) become one
   * space, the ends are stripped, other controls are escaped ({@link #escapeControls}), and a
   * longer text is cut, never inside a surrogate pair, and ends with {@code …}. A text this returns
   * comes back from it unchanged.
   *
   * @param max the largest length, at least 2
   */
  public static String oneLine(String text, int max) {
    if (max < 2) {
      throw new IllegalArgumentException("max must be at least 2, got " + max);
    }
    // only the first characters can survive the cut, and escaping only lengthens, so the rest of a
    // long text is never looked at
    StringBuilder one = new StringBuilder(Math.min(text.length(), max + 1));
    boolean pendingSpace = false;
    for (int i = 0; i < text.length() && one.length() <= max; i++) {
      char c = text.charAt(i);
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        pendingSpace = one.length() > 0;
        continue;
      }
      if (pendingSpace) {
        one.append(' ');
        pendingSpace = false;
      }
      one.append(c);
    }
    String line = escapeControls(one.toString());
    if (line.length() <= max) {
      return line;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "…";
  }

  /**
   * Refuses {@code text} that becomes commit metadata (a reason, a message body) when it holds a
   * control character other than line feed and tab: an escape sequence in a commit message would
   * reach every terminal that shows the history.
   *
   * @param what what the text is, for the message ("the reason")
   * @throws InvalidInputException naming the first control character, escaped
   */
  public static void refuseControls(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c) && c != '\n' && c != '\t') {
        throw new InvalidInputException(
            what
                + " '"
                + forDisplay(text)
                + "' holds control characters ("
                + escapeControls(String.valueOf(c))
                + " at position "
                + i
                + "); only line feeds and tabs are allowed");
      }
    }
  }

  /**
   * Whether {@code text} holds a C0 control, DEL, a C1 control, or a bidirectional embedding,
   * override or isolate control ({@link #isControl(char)}).
   */
  public static boolean hasControls(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code c} is a C0 control, DEL or a C1 control character, or one of the bidirectional
   * embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069): those make a
   * terminal show text in another order than it is stored ("Trojan Source"), so an identity like
   * {@code eve@evil.example} can be shown as something else. Marks (U+200E, U+200F) stay allowed.
   */
  public static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String escape(String text, boolean keepNewlines) {
    if (text == null) {
      return "";
    }
    int first = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c) && !(keepNewlines && c == '\n')) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c) || (keepNewlines && c == '\n')) {
        sb.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x1b -> sb.append("\\e");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }
}
