package dev.gitops.promotion.http;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.http.internal.Json;
import dev.gitops.promotion.http.internal.Secrets;
import dev.gitops.promotion.http.internal.Urls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One HTTP request, relative to a {@link RestClient}'s base URL (or absolute). Immutable; build it
 * with {@link #get()}, {@link #post()}... and send it with the client.
 *
 * <p>The path is given as <em>segments</em>, each encoded as exactly one path segment ({@code /}
 * becomes {@code %2F}: GitLab's {@code group/sub/project} and branch names), or as a <em>raw
 * path</em> whose slashes separate segments (GitHub's {@code git/ref/heads/feature/x}); both may be
 * mixed and are appended to the base URL's path in order.
 *
 * <pre>{@code
 * // GET https://gitlab.example/api/v4/projects/group%2Fsub%2Fproject/merge_requests?state=opened
 * HttpRequest list = HttpRequest.get()
 *     .segments("projects", "group/sub/project", "merge_requests")
 *     .query("state", "opened")
 *     .build();
 *
 * // PATCH a Flux Kustomization with a JSON merge patch
 * HttpRequest reconcile = HttpRequest.patch()
 *     .path("/apis/kustomize.toolkit.fluxcd.io/v1")
 *     .segments("namespaces", ns, "kustomizations", name)
 *     .contentType("application/merge-patch+json")
 *     .jsonBody(Map.of("metadata", Map.of("annotations", Map.of(key, token))))
 *     .build();
 * }</pre>
 */
public final class HttpRequest {
  private static final String CONTENT_TYPE = "Content-Type";
  private static final String JSON = "application/json; charset=utf-8";

  private final HttpMethod method;
  private final String url;
  private final List<PathPart> path;
  private final List<Map.Entry<String, String>> query;
  private final Map<String, String> headers;
  private final byte[] body;
  private final Set<Integer> acceptedStatuses;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final Boolean conditional;
  private final boolean idempotent;
  private final Credentials credentials;

  record PathPart(String text, boolean raw) {}

  private HttpRequest(Builder b) {
    this.method = b.method;
    this.url = b.url;
    this.path = List.copyOf(b.path);
    this.query = List.copyOf(b.query);
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(b.headers);
    this.headers = Collections.unmodifiableMap(h);
    this.body = b.body;
    this.acceptedStatuses = Collections.unmodifiableSet(new TreeSet<>(b.accepted));
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.conditional = b.conditional;
    this.idempotent = b.idempotent != null ? b.idempotent : b.method.isIdempotent();
    this.credentials = b.credentials;
  }

  /** A GET request. */
  public static Builder get() {
    return new Builder(HttpMethod.GET);
  }

  /** A HEAD request. */
  public static Builder head() {
    return new Builder(HttpMethod.HEAD);
  }

  /** A POST request. */
  public static Builder post() {
    return new Builder(HttpMethod.POST);
  }

  /** A PUT request. */
  public static Builder put() {
    return new Builder(HttpMethod.PUT);
  }

  /** A PATCH request. */
  public static Builder patch() {
    return new Builder(HttpMethod.PATCH);
  }

  /** A DELETE request. */
  public static Builder delete() {
    return new Builder(HttpMethod.DELETE);
  }

  /** A request with {@code method}. */
  public static Builder builder(HttpMethod method) {
    return new Builder(Objects.requireNonNull(method, "method"));
  }

  /** A builder holding everything this request holds. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The method. */
  public HttpMethod method() {
    return method;
  }

  /** The per-request headers (they replace the client's default headers of the same name). */
  public Map<String, String> headers() {
    return headers;
  }

  /** The statuses this request accepts as answers instead of errors (besides 2xx and 304). */
  public Set<Integer> acceptedStatuses() {
    return acceptedStatuses;
  }

  /** Whether the client may send this request again after it may have reached the server. */
  public boolean isIdempotent() {
    return idempotent;
  }

  /** The body, or empty. */
  public Optional<byte[]> body() {
    return body == null ? Optional.empty() : Optional.of(body.clone());
  }

  String absoluteUrl() {
    return url;
  }

  List<PathPart> pathParts() {
    return path;
  }

  List<Map.Entry<String, String>> queryParameters() {
    return query;
  }

  byte[] rawBody() {
    return body;
  }

  Optional<String> contentType() {
    return Optional.ofNullable(headers.get(CONTENT_TYPE));
  }

  Optional<Duration> readTimeout() {
    return Optional.ofNullable(readTimeout);
  }

  Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  Optional<Boolean> conditional() {
    return Optional.ofNullable(conditional);
  }

  Optional<Credentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  /** Method, path and query; secret-looking query values and every header value are hidden. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("HttpRequest[").append(method).append(' ');
    if (url != null) {
      sb.append(SafeText.forDisplay(url.replaceAll("[?#].*", "")));
    }
    for (PathPart p : path) {
      String t = SafeText.forDisplay(p.text());
      sb.append(p.raw() ? "/" + t.replaceAll("^/+", "") : "/{" + t + "}");
    }
    char sep = '?';
    for (Map.Entry<String, String> q : query) {
      sb.append(sep).append(SafeText.forDisplay(q.getKey())).append('=');
      sb.append(Secrets.isSensitiveName(q.getKey()) ? "***" : SafeText.forDisplay(q.getValue()));
      sep = '&';
    }
    if (!headers.isEmpty()) {
      sb.append(", headers=").append(headers.keySet());
    }
    if (body != null) {
      sb.append(", body=").append(body.length).append(" bytes");
    }
    if (!acceptedStatuses.isEmpty()) {
      sb.append(", accepts=").append(acceptedStatuses);
    }
    if (credentials != null) {
      sb.append(", credentials=").append(credentials);
    }
    return sb.append(']').toString();
  }

  /** Builds an {@link HttpRequest}. Not thread-safe. */
  public static final class Builder {
    private final HttpMethod method;
    private String url;
    private final List<PathPart> path = new ArrayList<>();
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body;
    private final Set<Integer> accepted = new TreeSet<>();
    private Duration readTimeout;
    private Duration callTimeout;
    private Boolean conditional;
    private Boolean idempotent;
    private Credentials credentials;

    private Builder(HttpMethod method) {
      this.method = method;
    }

    private Builder(HttpRequest r) {
      this.method = r.method;
      this.url = r.url;
      this.path.addAll(r.path);
      this.query.addAll(r.query);
      this.headers.putAll(r.headers);
      this.body = r.body;
      this.accepted.addAll(r.acceptedStatuses);
      this.readTimeout = r.readTimeout;
      this.callTimeout = r.callTimeout;
      this.conditional = r.conditional;
      this.idempotent = r.idempotent == r.method.isIdempotent() ? null : r.idempotent;
      this.credentials = r.credentials;
    }

    /**
     * Appends path segments, each encoded as one segment: {@code "group/sub/project"} is sent as
     * {@code group%2Fsub%2Fproject}, {@code "promote/staging/api"} as {@code
     * promote%2Fstaging%2Fapi}. Empty, {@code .} and {@code ..} segments are refused.
     */
    public Builder segments(String... segments) {
      for (String s : segments) {
        Objects.requireNonNull(s, "segment");
        Urls.checkSegment(s);
        path.add(new PathPart(s, false));
      }
      return this;
    }

    /**
     * Appends a raw path whose slashes separate segments ({@code "git/ref/heads/feature/x"}); the
     * text between slashes is encoded where needed ({@code %} becomes {@code %25}). Leading,
     * trailing and doubled slashes are ignored; {@code .} and {@code ..} are refused.
     */
    public Builder path(String rawPath) {
      Objects.requireNonNull(rawPath, "rawPath");
      for (String piece : rawPath.split("/")) {
        if (!piece.isEmpty()) {
          Urls.checkSegment(piece);
        }
      }
      path.add(new PathPart(rawPath, true));
      return this;
    }

    /**
     * Sends the request to this absolute URL instead of the base URL (a {@code Link} next page, a
     * registry's token endpoint); segments and paths are appended to it. The client's credentials
     * go only to its base URL's origin; give this request its own with {@link #credentials}.
     */
    public Builder url(String absoluteUrl) {
      this.url = Objects.requireNonNull(absoluteUrl, "absoluteUrl");
      return this;
    }

    /** Adds a query parameter (encoded; may repeat, as in GitLab's {@code reviewer_ids[]}). */
    public Builder query(String name, String value) {
      query.add(
          Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name)));
      return this;
    }

    /** Adds a numeric query parameter ({@code per_page=100}). */
    public Builder query(String name, long value) {
      return query(name, Long.toString(value));
    }

    /**
     * Sets a header, replacing the client's default of the same name ({@code If-None-Match}, {@code
     * X-GitHub-Api-Version}). Credentials belong in {@link Credentials}; headers that look like
     * credentials are dropped on a redirect to another origin all the same.
     */
    public Builder header(String name, String value) {
      checkHeader(name, value);
      headers.put(name, value);
      return this;
    }

    /**
     * Sets {@code Accept}, replacing the client's default ({@code
     * application/vnd.github.raw+json}).
     */
    public Builder accept(String mediaType) {
      return header("Accept", mediaType);
    }

    /** Sets the body's {@code Content-Type} ({@code application/merge-patch+json}). */
    public Builder contentType(String mediaType) {
      return header(CONTENT_TYPE, mediaType);
    }

    /**
     * The body: {@code value} (a record, a map, a list) written as JSON by Jackson, nulls of
     * records left out, nulls in maps kept. {@code Content-Type} is {@code application/json} unless
     * set with {@link #contentType}.
     */
    public Builder jsonBody(Object value) {
      Objects.requireNonNull(value, "value");
      try {
        this.body = Json.write(value);
      } catch (Json.Problem e) {
        throw new InvalidInputException(e.getMessage());
      }
      headers.putIfAbsent(CONTENT_TYPE, JSON);
      return this;
    }

    /** The body as raw bytes with their media type. */
    public Builder body(byte[] bytes, String contentType) {
      this.body = Objects.requireNonNull(bytes, "bytes").clone();
      return header(CONTENT_TYPE, Objects.requireNonNull(contentType, "contentType"));
    }

    /**
     * Statuses to return as a response instead of throwing ({@code 404} as "absent", {@code
     * 409}/{@code 422} to map to conflicts); the response then carries {@link
     * HttpResponse#errorMessage()}. 2xx and 304 are always accepted.
     */
    public Builder acceptStatus(int... statuses) {
      for (int s : statuses) {
        if (s < 100 || s > 599) {
          throw new InvalidInputException("HTTP status " + s + " does not exist");
        }
        accepted.add(s);
      }
      return this;
    }

    /** The read timeout of this request (Argo CD's blocking {@code ?refresh=normal}). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** The timeout of one attempt from start to end, body included. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * Whether to remember this GET's {@code ETag} and send {@code If-None-Match} next time, getting
     * the remembered body back on a 304; the client's setting unless set.
     */
    public Builder conditional(boolean conditional) {
      this.conditional = conditional;
      return this;
    }

    /**
     * Declares that sending this request twice does the same as once (a PATCH that sets a value),
     * so that it is retried after a timeout or a 5xx; the method decides unless set.
     */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /**
     * Credentials for this request only, sent to whatever URL it goes to (but not across a redirect
     * to another origin): a registry token endpoint asking for basic auth.
     */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** The request. */
    public HttpRequest build() {
      if (body != null && (method == HttpMethod.GET || method == HttpMethod.HEAD)) {
        throw new InvalidInputException(method + " requests carry no body; use POST, PUT or PATCH");
      }
      return new HttpRequest(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new InvalidInputException(what + " must be positive, got " + d);
      }
      return d;
    }
  }

  /** Refuses header names and values OkHttp would reject, without ever quoting the value. */
  static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, name);
    if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
      throw new InvalidInputException(
          "header name '" + SafeText.forDisplay(name) + "' is empty or not a plain ASCII token");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw new InvalidInputException(
            "the value of header "
                + name
                + " holds a control or non-ASCII character at index "
                + i
                + "; header values must be printable ASCII");
      }
    }
  }
}
