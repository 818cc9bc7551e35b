package dev.gitops.promotion.http.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.util.Locale;
import okhttp3.HttpUrl;

/** URL checks and display forms that never carry user-info or query strings. */
public final class Urls {
  private Urls() {}

  /** Whether {@code host} names this machine: localhost, 127.0.0.0/8 or ::1. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Whether both URLs have the same scheme, host and port. */
  public static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /** The host as shown in messages: the host name, with the port when it is not the default. */
  public static String displayHost(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  /** The path as shown in messages: encoded, without query, with controls escaped. */
  public static String displayPath(HttpUrl url) {
    return SafeText.escapeControls(url.encodedPath());
  }

  /**
   * Parses an absolute http(s) URL, refusing user-info (credentials belong in {@code Credentials})
   * and, unless {@code allowPlainHttp}, plain http to a host that is not this machine.
   *
   * @param what what the URL is, for the message ("the base URL")
   */
  public static HttpUrl parse(String url, String what, boolean allowPlainHttp) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new InvalidInputException(
          what + " '" + SafeText.forDisplay(url) + "' is not an absolute http or https URL");
    }
    if (!parsed.encodedUsername().isEmpty() || !parsed.encodedPassword().isEmpty()) {
      throw new InvalidInputException(
          what
              + " '"
              + SafeText.forDisplay(url)
              + "' carries user-info; pass credentials through Credentials instead");
    }
    checkPlainHttp(parsed, what, allowPlainHttp);
    return parsed;
  }

  /** Refuses a plain http URL to a non-loopback host unless {@code allowPlainHttp}. */
  public static void checkPlainHttp(HttpUrl url, String what, boolean allowPlainHttp) {
    if (!url.isHttps() && !allowPlainHttp && !isLoopback(url.host())) {
      throw new InvalidInputException(
          what
              + " http://"
              + displayHost(url)
              + " uses plain http to a host that is not this machine: tokens and data would"
              + " cross the network unencrypted; use https, or call allowPlainHttp(true) on the"
              + " client builder if this network is trusted");
    }
  }

  /** Refuses path segments that a URL would collapse ({@code .}, {@code ..}) or drop (empty). */
  public static void checkSegment(String segment) {
    String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
    if (segment.isEmpty() || s.equals(".") || s.equals("..")) {
      throw new InvalidInputException(
          "the path segment '"
              + SafeText.forDisplay(segment)
              + "' is empty or a dot segment; it cannot name a resource");
    }
  }
}
