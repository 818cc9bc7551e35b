package dev.gitops.promotion.gitlab.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a project path and a host from a Git remote URL ({@code https://gitlab.example/group/sub/
 * project.git}, {@code git@gitlab.example:group/sub/project.git}, {@code
 * ssh://git@gitlab.example:2222/group/sub/project.git}). User-info (tokens) is dropped, never
 * returned.
 */
public final class Remotes {
  private static final Pattern URL =
      Pattern.compile("(?i)(https?|ssh|git)://(?:[^@/]*@)?([^/:]+)(?::\\d+)?/(.+)");
  private static final Pattern SCP = Pattern.compile("(?:[^@/:]+@)?([^/:]+):(?!/)(.+)");

  private Remotes() {}

  /** A remote's host and project path. */
  public record Parsed(String host, String project) {}

  /** The host and project of {@code remote}; empty for local paths and {@code file:} URLs. */
  public static Optional<Parsed> parse(String remote) {
    String r = remote.trim();
    Matcher m = URL.matcher(r);
    if (m.matches()) {
      return project(m.group(3)).map(p -> new Parsed(m.group(2), p));
    }
    if (r.contains("://") || r.startsWith("/") || r.startsWith(".")) {
      return Optional.empty();
    }
    Matcher s = SCP.matcher(r);
    if (s.matches()) {
      return project(s.group(2)).map(p -> new Parsed(s.group(1), p));
    }
    return Optional.empty();
  }

  private static Optional<String> project(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.endsWith(".git")) {
      p = p.substring(0, p.length() - 4);
    }
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.indexOf('/') < 1 || p.contains("//") || p.contains("?") || p.contains("#")) {
      return Optional.empty();
    }
    return Optional.of(p);
  }
}
