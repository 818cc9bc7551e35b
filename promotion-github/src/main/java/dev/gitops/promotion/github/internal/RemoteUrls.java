package dev.gitops.promotion.github.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitHub repository's host, owner and name from a Git remote URL: {@code
 * https://github.com/owner/name(.git)}, {@code git@github.com:owner/name.git}, {@code
 * ssh://git@host/owner/name.git}. User-info is dropped and never returned.
 */
public final class RemoteUrls {
  private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private RemoteUrls() {}

  /** Host, owner and repository of a remote. */
  public record Remote(String host, String owner, String name) {

    /** The REST API of the host: {@code api.github.com} for github.com, else {@code /api/v3}. */
    public String apiUrl() {
      return host.equalsIgnoreCase("github.com")
          ? "https://api.github.com"
          : "https://" + host + "/api/v3";
    }
  }

  /** The remote's host, owner and name, when {@code url} looks like a GitHub repository URL. */
  public static Optional<Remote> parse(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String host;
    String path;
    Matcher scp = SCP.matcher(url);
    if (url.contains("://")) {
      try {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPath() == null) {
          return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https")
            && !scheme.equals("http")
            && !scheme.equals("ssh")
            && !scheme.equals("git")) {
          return Optional.empty();
        }
        host = uri.getHost();
        path = uri.getPath();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (scp.matches()) {
      host = scp.group(1);
      path = scp.group(2);
    } else {
      return Optional.empty();
    }
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    if (parts.length != 2) {
      return Optional.empty();
    }
    String owner = parts[0];
    String name =
        parts[1].endsWith(".git") ? parts[1].substring(0, parts[1].length() - 4) : parts[1];
    if (!NAME.matcher(owner).matches() || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Remote(host, owner, name));
  }
}
