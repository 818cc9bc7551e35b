package dev.gitops.promotion.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * CODEOWNERS-style rules for the fake host: gitignore-like patterns, the last matching rule wins.
 * Supports a leading {@code /} (anchored), a trailing {@code /} (a directory), {@code *}, {@code
 * **} and {@code ?}; a pattern without a slash except at its end matches at any depth.
 */
public final class CodeOwnerRules {
  private record Rule(String pattern, Pattern regex, Set<String> owners) {}

  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 1024;

  private final List<Rule> rules = new ArrayList<>();

  /** Adds a rule; later rules win over earlier ones. */
  public void add(String pattern, Set<String> owners) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isBlank() || pattern.contains(" ")) {
      throw new IllegalArgumentException("invalid code owners pattern '" + pattern + "'");
    }
    Pattern regex = COMPILED.get(pattern);
    if (regex == null) {
      regex = compile(pattern);
      if (COMPILED.size() >= CACHE_LIMIT) {
        COMPILED.clear();
      }
      COMPILED.put(pattern, regex);
    }
    rules.add(new Rule(pattern, regex, Set.copyOf(owners)));
  }

  /** The owners of {@code path}: those of the last matching rule, or none. */
  public Set<String> ownersOf(String path) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      if (rules.get(i).regex().matcher(path).matches()) {
        return rules.get(i).owners();
      }
    }
    return Set.of();
  }

  /** Whether there is no rule. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  static Pattern compile(String pattern) {
    String body = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    boolean directory = body.endsWith("/");
    if (directory) {
      body = body.substring(0, body.length() - 1);
    }
    boolean anchored = pattern.startsWith("/") || body.contains("/");
    StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
        boolean slash = i + 2 < body.length() && body.charAt(i + 2) == '/';
        re.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    re.append(directory ? "/.*" : "(?:/.*)?");
    return Pattern.compile(re.toString());
  }
}
