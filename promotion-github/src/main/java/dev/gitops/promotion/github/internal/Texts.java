package dev.gitops.promotion.github.internal;

/** Texts trimmed to what GitHub accepts, never cutting a character in half. */
public final class Texts {
  /** A pull request body holds at most 65,536 characters; keep a margin. */
  public static final int MAX_BODY = 65_000;

  /** A pull request title is refused beyond 256 characters. */
  public static final int MAX_TITLE = 256;

  /** A commit status description: GitHub keeps 140 characters. */
  public static final int MAX_STATUS_DESCRIPTION = 140;

  private static final String TRUNCATED =
      "\n\n…(truncated: the full plan is in the promotion's commit)\n";

  private Texts() {}

  /** {@code body} when it fits, else its start and a note that it was truncated. */
  public static String body(String body) {
    if (body.length() <= MAX_BODY) {
      return body;
    }
    return cut(body, MAX_BODY - TRUNCATED.length()) + TRUNCATED;
  }

  private static String cut(String s, int length) {
    int end = Math.max(0, length);
    if (end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }
}
