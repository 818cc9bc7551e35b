package dev.gitops.promotion.http;

import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.http.internal.ErrorBodies;
import dev.gitops.promotion.http.internal.Json;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A response the caller accepted: a 2xx, a 304, or a status the request listed in {@link
 * HttpRequest.Builder#acceptStatus}. Immutable; the body is fully read.
 *
 * <pre>{@code
 * HttpResponse r = client.execute(HttpRequest.get().segments("repos", owner, repo, "branches", b,
 *     "protection").acceptStatus(404).build());
 * if (r.status() == 404) { ... r.errorMessage() is "Branch not protected" ... }
 * Protection p = r.json(Protection.class);
 * }</pre>
 */
public final class HttpResponse {
  private final String method;
  private final String host;
  private final String path;
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;
  private final boolean notModified;
  private final Optional<String> errorMessage;

  HttpResponse(
      String method,
      String host,
      String path,
      int status,
      HttpHeaders headers,
      byte[] body,
      boolean notModified,
      Optional<String> errorMessage) {
    this.method = method;
    this.host = host;
    this.path = path;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.notModified = notModified;
    this.errorMessage = errorMessage;
  }

  /** The HTTP status; 200 when a 304 was answered from the remembered body. */
  public int status() {
    return status;
  }

  /** Whether the status is 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /**
   * Whether the host answered 304 to a conditional request and this is the body remembered from
   * before (on GitHub such a call costs no primary rate limit).
   */
  public boolean notModified() {
    return notModified;
  }

  /** The headers. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The first value of header {@code name}. */
  public Optional<String> header(String name) {
    return headers.first(name);
  }

  /** The body's bytes (a copy). */
  public byte[] bytes() {
    return body.clone();
  }

  /** The body as text, in the charset of its {@code Content-Type} (UTF-8 unless it says). */
  public String text() {
    return new String(body, charset());
  }

  /**
   * The body read as JSON into {@code type} (a record in the caller's package, a {@code Map});
   * unknown properties are ignored.
   *
   * @throws RemoteUnavailableException (not retryable) when the body is not JSON of that shape, an
   *     HTML page for instance; the message names the host, the call and the status, never the body
   */
  public <T> T json(Class<T> type) {
    try {
      return Json.read(body, type);
    } catch (Json.Problem e) {
      throw notJson(e);
    }
  }

  /** The body read as a JSON array of {@code itemType}; see {@link #json}. */
  public <T> List<T> jsonList(Class<T> itemType) {
    try {
      return Json.readList(body, itemType);
    } catch (Json.Problem e) {
      throw notJson(e);
    }
  }

  /**
   * The host's own error message for a non-2xx status (GitHub's {@code message} and {@code
   * errors[]}, GitLab's {@code message} or {@code error}, Argo CD's and Kubernetes' {@code
   * message}), on one line, made safe to show.
   */
  public Optional<String> errorMessage() {
    return errorMessage;
  }

  /** The method of the request this answers. */
  public String method() {
    return method;
  }

  /** The host that answered, with its port when not the default. */
  public String host() {
    return host;
  }

  /** The encoded path that was asked for, without the query string. */
  public String path() {
    return path;
  }

  private RemoteUnavailableException notJson(Json.Problem e) {
    Optional<String> contentType = headers.first("Content-Type");
    String what =
        ErrorBodies.looksLikeHtml(body, contentType)
            ? "the body is an HTML page where JSON was expected (a proxy, a login page or a wrong base URL"
                + " answers instead of the API)"
            : e.getMessage();
    return new RemoteUnavailableException(
        host,
        status,
        false,
        host
            + " answered "
            + method
            + " "
            + path
            + " ("
            + status
            + "), but "
            + what
            + "; check the base URL and the API version the client asks for",
        null);
  }

  private Charset charset() {
    Optional<String> type = headers.first("Content-Type");
    if (type.isPresent()) {
      for (String param : type.get().split(";")) {
        String p = param.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").trim());
          } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public String toString() {
    return "HttpResponse["
        + method
        + " "
        + host
        + path
        + " -> "
        + status
        + (notModified ? " (not modified)" : "")
        + ", "
        + body.length
        + " bytes]";
  }
}
