package dev.gitops.promotion.flux.internal;

import java.util.Optional;

/**
 * Flux's revision strings, parsed as Flux parses them: {@code <named-pointer>@<algo>:<hex>} ({@code
 * main@sha1:450796dd...}, {@code feature/x@sha1:...}, {@code v1.0.1@sha1:...}), {@code
 * <algo>:<hex>} (a commit alone), and the legacy form of Flux before 2.0, {@code main/<sha>}. The
 * hash is after the last {@code :}; the pointer is before the last {@code @}.
 */
public final class FluxRevisions {
  private FluxRevisions() {}

  /** The commit hash of {@code revision}, empty when it has none. */
  public static Optional<String> hash(String revision) {
    if (revision == null || revision.isBlank()) {
      return Optional.empty();
    }
    String r = revision.strip();
    int colon = r.lastIndexOf(':');
    if (colon >= 0) {
      String hex = r.substring(colon + 1);
      return hex.isEmpty() ? Optional.empty() : Optional.of(hex);
    }
    int slash = r.lastIndexOf('/');
    if (slash >= 0 && isHex(r.substring(slash + 1))) {
      return Optional.of(r.substring(slash + 1)); // legacy main/<sha>
    }
    return isHex(r) ? Optional.of(r) : Optional.empty();
  }

  /** The named pointer (branch or tag) of {@code revision}, empty when it has none. */
  public static Optional<String> pointer(String revision) {
    if (revision == null) {
      return Optional.empty();
    }
    int at = revision.lastIndexOf('@');
    if (at > 0) {
      return Optional.of(revision.substring(0, at));
    }
    int slash = revision.lastIndexOf('/');
    if (revision.indexOf(':') < 0 && slash > 0 && isHex(revision.substring(slash + 1))) {
      return Optional.of(revision.substring(0, slash));
    }
    return Optional.empty();
  }

  private static boolean isHex(String s) {
    return s.length() >= 7 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
