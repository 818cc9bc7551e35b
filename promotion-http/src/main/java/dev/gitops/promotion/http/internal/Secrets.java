package dev.gitops.promotion.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Which headers carry secrets, and how to scrub known secret values out of a text. */
public final class Secrets {
  private static final Set<String> SENSITIVE =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "private-token",
          "job-token",
          "deploy-token",
          "x-vault-token",
          "x-api-key");
  private static final List<String> SENSITIVE_PARTS =
      List.of("token", "secret", "password", "passwd", "auth", "cookie", "signature", "api-key");
  private static final int MIN_SCRUBBED_LENGTH = 4;

  private Secrets() {}

  /** Whether a header or query parameter named {@code name} may carry a secret. */
  public static boolean isSensitiveName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (SENSITIVE.contains(n)) {
      return true;
    }
    for (String part : SENSITIVE_PARTS) {
      if (n.contains(part)) {
        return true;
      }
    }
    return n.equals("key") || n.endsWith("_key") || n.endsWith("-key") || n.equals("sig");
  }

  /**
   * The secret values found in credential header values: the whole value, each of its words, and
   * for {@code Basic} the decoded {@code user:password} and the password.
   */
  public static Set<String> valuesOf(Collection<String> headerValues) {
    Set<String> out = new LinkedHashSet<>();
    for (String value : headerValues) {
      add(out, value);
      String[] words = value.trim().split("\\s+");
      for (String w : words) {
        add(out, w);
      }
      if (words.length == 2 && words[0].equalsIgnoreCase("basic")) {
        try {
          String decoded = new String(Base64.getDecoder().decode(words[1]), StandardCharsets.UTF_8);
          add(out, decoded);
          int colon = decoded.indexOf(':');
          if (colon >= 0) {
            add(out, decoded.substring(colon + 1));
          }
        } catch (IllegalArgumentException notBase64) {
          // nothing more to learn
        }
      }
    }
    out.removeIf(s -> s.equalsIgnoreCase("bearer") || s.equalsIgnoreCase("basic"));
    return out;
  }

  /** {@code text} with every occurrence of a secret value replaced by {@code ***}. */
  public static String scrub(String text, Collection<String> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text == null ? "" : text;
    }
    String out = text;
    // longest first, so that "Bearer abc" goes before "abc"
    List<String> ordered =
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String s : ordered) {
      if (s.length() >= MIN_SCRUBBED_LENGTH) {
        out = out.replace(s, "***");
      }
    }
    return out;
  }

  private static void add(Set<String> out, String s) {
    if (s != null && s.length() >= MIN_SCRUBBED_LENGTH) {
      out.add(s);
    }
  }
}
