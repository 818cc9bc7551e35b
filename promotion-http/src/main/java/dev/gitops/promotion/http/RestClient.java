package dev.gitops.promotion.http;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.OkHttpClient;

/**
 * The HTTP client every HTTP adapter shares: one base URL, default headers, credentials, timeouts,
 * retries with backoff and jitter, rate-limit waits within a per-call budget, safe redirects,
 * pagination, conditional requests, JSON through Jackson, and typed errors that never carry a
 * secret. Immutable and thread-safe; build one per host and derive variants with {@link
 * #newBuilder()}, which share its connection pool.
 *
 * <h2>A client per host</h2>
 *
 * <pre>{@code
 * RestClient github = RestClient.builder()
 *     .baseUrl("https://api.github.com")            // GHES: https://HOST/api/v3
 *     .defaultHeader("Accept", "application/vnd.github+json")
 *     .defaultHeader("X-GitHub-Api-Version", "2022-11-28")
 *     .userAgent("my-promoter/1.0")
 *     .credentials(Credentials.bearer(token))
 *     .clock(clock)                                   // Clock.systemUTC() in production
 *     .build();
 * }</pre>
 *
 * <h2>Calls</h2>
 *
 * <pre>{@code
 * // JSON into the caller's records (unknown fields ignored)
 * Pull pr = github.fetch(HttpRequest.get().segments("repos", owner, repo, "pulls", "42").build(), Pull.class);
 *
 * // 404 as "absent"
 * Optional<Ref> ref = github.find(HttpRequest.get().segments("repos", owner, repo, "git", "ref")
 *     .path("heads/" + branch).build(), Ref.class);
 *
 * // every page (Link rel="next", or GitLab's x-next-page), at most 10
 * List<Review> reviews = github.fetchAll(HttpRequest.get()
 *     .segments("repos", owner, repo, "pulls", "42", "reviews").query("per_page", 100).build(),
 *     Review.class, 10);
 *
 * // a create that is never repeated blindly: after a timeout or a 5xx, or a 422 the request
 * // accepts, the lookup decides whether the pull request exists already
 * Pull created = github.create(
 *     HttpRequest.post().segments("repos", owner, repo, "pulls").jsonBody(spec).acceptStatus(422).build(),
 *     Pull.class,
 *     () -> findOpenPull(owner, branch));
 *
 * // other statuses as answers instead of exceptions
 * HttpResponse merge = github.execute(HttpRequest.put().segments("repos", owner, repo, "pulls", "42", "merge")
 *     .jsonBody(Map.of("sha", headSha)).acceptStatus(405, 409).build());
 * }</pre>
 *
 * <h2>Errors</h2>
 *
 * Everything else fails with {@link RemoteUnavailableException}: its {@code host()}, {@code
 * httpStatus()}, {@code isRetryable()} (connection failures, timeouts, 429, rate limits, 5xx) and
 * {@code retryAt()} (when a rate limit or the wait budget says when to come back), and a message
 * with the call, the host's own error message and what to do. Bad arguments fail with {@link
 * InvalidInputException}.
 *
 * <h2>Retries and waiting</h2>
 *
 * See {@link HttpRetryPolicy}. Waiting goes through the {@link Sleeper} and time through the {@link
 * Clock}, so tests of hour-long rate-limit waits run in milliseconds.
 *
 * <h2>Security</h2>
 *
 * Credentials go only to the base URL's origin; redirects are followed by the client itself (never
 * by OkHttp, which would carry custom headers such as {@code PRIVATE-TOKEN} to other hosts), keep
 * credentials only on the same scheme, host and port, and never go from https to http. Plain http
 * is refused except to this machine or with {@link Builder#allowPlainHttp}. TLS verification is
 * never disabled; a private CA and a client certificate are given as PEM.
 */
public final class RestClient {
  private final Builder settings;
  private final Transport transport;

  private RestClient(Builder b) {
    Builder own = b.copy();
    if (own.okHttpClient == null) {
      own.okHttpClient = new OkHttpClient();
    }
    this.transport = new Transport(own);
    this.settings = own;
  }

  RestClient(Builder settings, Transport transport) {
    this.settings = settings;
    this.transport = transport;
  }

  /** A new builder with no settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this client's settings; what it builds shares this client's connection pool
   * (and its OkHttp client's proxy, dispatcher and interceptors), but not its ETag memory.
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /** The base URL, as given (never with user-info). */
  public String baseUrl() {
    return transport.baseUrl().toString();
  }

  // ---------------------------------------------------------------------------------------------
  // calls

  /**
   * Sends {@code request} and returns the response when it is 2xx, 304, or a status the request
   * accepts; retries what the {@link HttpRetryPolicy} allows.
   *
   * @throws RemoteUnavailableException for any other status, a connection failure or a timeout
   */
  public HttpResponse execute(HttpRequest request) {
    return transport.run(request, transport.resolve(request), null).response();
  }

  /** Sends {@code request} and reads the body as JSON into {@code type}. */
  public <T> T fetch(HttpRequest request, Class<T> type) {
    return execute(request).json(type);
  }

  /** Sends {@code request} and reads the body as a JSON array of {@code itemType}. */
  public <T> List<T> fetchList(HttpRequest request, Class<T> itemType) {
    return execute(request).jsonList(itemType);
  }

  /** Sends {@code request}; a 404 is empty, anything else 2xx is read as JSON into {@code type}. */
  public <T> Optional<T> find(HttpRequest request, Class<T> type) {
    HttpRequest accepting =
        request.acceptedStatuses().contains(404)
            ? request
            : request.newBuilder().acceptStatus(404).build();
    HttpResponse r = execute(accepting);
    return r.status() == 404 ? Optional.empty() : Optional.of(r.json(type));
  }

  /**
   * Sends a request that creates something (a POST) without ever repeating it blindly.
   *
   * <p>When the outcome is unknown because the request may have reached the host (a timeout or a
   * broken connection after sending, any 5xx), {@code lookup} is asked whether the thing exists: if
   * it does, that is the result; if not, the request is sent again within the retry policy. When
   * the host answers a status the request accepts (GitHub's 422 or GitLab's 409 "already exists"),
   * {@code lookup} decides too: what it finds is the result, and if it finds nothing the call fails
   * with the host's message. A 2xx is read as JSON into {@code type}.
   *
   * @param lookup finds the thing (through this client, say "the open pull request for this head
   *     branch"); called only when the outcome is unknown or a conflict
   */
  public <T> T create(HttpRequest request, Class<T> type, Supplier<Optional<T>> lookup) {
    Objects.requireNonNull(lookup, "lookup");
    Transport.Outcome o = transport.run(request, transport.resolve(request), lookup::get);
    if (o.found() != null) {
      return type.cast(o.found());
    }
    return o.response().json(type);
  }

  /**
   * The pages of a list, lazily: {@code first}, then each {@code Link: <...>; rel="next"} (GitHub,
   * GitLab, registries), else GitLab's {@code x-next-page}, at most {@code maxPages} pages. Page
   * size ({@code per_page}) is the caller's query parameter.
   */
  public Stream<HttpResponse> pages(HttpRequest first, int maxPages) {
    Transport.Pager pager = transport.new Pager(first, maxPages);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pager, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * Every item of a paginated JSON array, all pages read.
   *
   * @throws InvalidInputException when there are more than {@code maxPages} pages, rather than
   *     returning part of the list
   */
  public <T> List<T> fetchAll(HttpRequest first, Class<T> itemType, int maxPages) {
    Transport.Pager pager = transport.new Pager(first, maxPages);
    List<T> out = new ArrayList<>();
    while (pager.hasNext()) {
      out.addAll(pager.next().jsonList(itemType));
    }
    if (pager.moreBeyondLimit()) {
      throw new InvalidInputException(
          "the list at "
              + pager.host
              + pager.path
              + " has more than "
              + maxPages
              + " pages; raise maxPages, ask for bigger pages (per_page) or narrow the query");
    }
    return out;
  }

  /** The base URL and the credentials' description; never a secret. */
  @Override
  public String toString() {
    return "RestClient[" + baseUrl() + ", credentials=" + settings.credentials + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** Builds a {@link RestClient}. Only {@link #baseUrl} and {@link #clock} are required. */
  public static final class Builder {
    String baseUrl;
    final Map<String, String> defaultHeaders =
        new LinkedHashMap<>(Map.of("Accept", "application/json"));
    Credentials credentials = Credentials.none();
    HttpRetryPolicy retryPolicy = HttpRetryPolicy.defaults();
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration readTimeout = Duration.ofSeconds(30);
    Duration writeTimeout = Duration.ofSeconds(30);
    Duration callTimeout = Duration.ofSeconds(60);
    Clock clock;
    Sleeper sleeper = Sleeper.SYSTEM;
    RandomGenerator random = new Random();
    boolean conditionalRequests;
    int etagCacheSize = 256;
    int maxRedirects = 5;
    boolean allowPlainHttp;
    long maxResponseBytes = 32L * 1024 * 1024;
    HttpEventListener listener = HttpEventListener.NONE;
    Optional<String> trustedPem = Optional.empty();
    Optional<String> clientCertificatePem = Optional.empty();
    Optional<String> clientKeyPem = Optional.empty();
    OkHttpClient okHttpClient;

    private Builder() {}

    /** A copy of these settings (a client keeps its own, so later changes do not reach it). */
    Builder copy() {
      Builder c = new Builder();
      c.baseUrl = baseUrl;
      c.defaultHeaders.clear();
      c.defaultHeaders.putAll(defaultHeaders);
      c.credentials = credentials;
      c.retryPolicy = retryPolicy;
      c.connectTimeout = connectTimeout;
      c.readTimeout = readTimeout;
      c.writeTimeout = writeTimeout;
      c.callTimeout = callTimeout;
      c.clock = clock;
      c.sleeper = sleeper;
      c.random = random;
      c.conditionalRequests = conditionalRequests;
      c.etagCacheSize = etagCacheSize;
      c.maxRedirects = maxRedirects;
      c.allowPlainHttp = allowPlainHttp;
      c.maxResponseBytes = maxResponseBytes;
      c.listener = listener;
      c.trustedPem = trustedPem;
      c.clientCertificatePem = clientCertificatePem;
      c.clientKeyPem = clientKeyPem;
      c.okHttpClient = okHttpClient;
      return c;
    }

    /**
     * The base URL every relative request is resolved against: {@code https://api.github.com},
     * {@code https://HOST/api/v3} (GitHub Enterprise), {@code https://HOST/api/v4} (GitLab), an
     * Argo CD server, a Kubernetes API server, a registry. Plain http only to this machine unless
     * {@link #allowPlainHttp}; no user-info.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * A header sent with every request unless the request sets its own; replaces an earlier one.
     * {@code Accept: application/json} and {@code User-Agent: promotion-sdk} are there unless
     * replaced.
     */
    public Builder defaultHeader(String name, String value) {
      HttpRequest.checkHeader(name, value);
      defaultHeaders.keySet().removeIf(n -> n.equalsIgnoreCase(name));
      defaultHeaders.put(name, value);
      return this;
    }

    /** The {@code User-Agent} sent with every request ({@code promotion-sdk} unless set). */
    public Builder userAgent(String userAgent) {
      return defaultHeader("User-Agent", userAgent);
    }

    /** The credentials sent to the base URL's origin; none unless set. */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** How calls are retried; {@link HttpRetryPolicy#defaults()} unless set. */
    public Builder retryPolicy(HttpRetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** How long to wait for a connection (10 s unless set). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = nonNegative(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for each read from the server (30 s unless set; 0 for none). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = nonNegative(timeout, "readTimeout");
      return this;
    }

    /** How long to wait for each write to the server (30 s unless set; 0 for none). */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = nonNegative(timeout, "writeTimeout");
      return this;
    }

    /**
     * How long one attempt may take from start to end (60 s unless set; 0 for none). A request with
     * its own read timeout and no call timeout of its own has none.
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = nonNegative(timeout, "callTimeout");
      return this;
    }

    /** The clock rate-limit resets and retry times are measured on. Required. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How the client waits before retries; {@link Sleeper#SYSTEM} unless set. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The random source of backoff jitter (seed it in tests); a new {@link Random} unless set. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Whether every GET remembers its {@code ETag} and sends {@code If-None-Match} next time (a 304
     * then returns the remembered body); off unless set. A request can decide for itself with
     * {@link HttpRequest.Builder#conditional}.
     */
    public Builder conditionalRequests(boolean conditional) {
      this.conditionalRequests = conditional;
      return this;
    }

    /** How many URLs the ETag memory holds, least recently used out first (256 unless set). */
    public Builder etagCacheSize(int entries) {
      if (entries < 0) {
        throw new InvalidInputException("etagCacheSize must not be negative, got " + entries);
      }
      this.etagCacheSize = entries;
      return this;
    }

    /** How many redirects one request may follow (5 unless set; 0 to follow none). */
    public Builder maxRedirects(int redirects) {
      if (redirects < 0) {
        throw new InvalidInputException("maxRedirects must not be negative, got " + redirects);
      }
      this.maxRedirects = redirects;
      return this;
    }

    /**
     * Allows plain http to hosts other than this machine (a trusted lab network). Off unless set:
     * tokens would cross the network unencrypted. Redirects from https to http stay refused.
     */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /** The largest body read into memory (32 MiB unless set). */
    public Builder maxResponseBytes(long bytes) {
      if (bytes < 0) {
        throw new InvalidInputException("maxResponseBytes must not be negative, got " + bytes);
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /** Observes requests, responses, failures and waits (a {@link RequestCounter}). */
    public Builder listener(HttpEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Trusts exactly these CA certificates (PEM, one or more blocks; a kubeconfig's {@code
     * certificate-authority-data} decoded from base64) instead of the JDK's trust store. Server
     * certificates are still verified, host name included.
     */
    public Builder trustedCertificatesPem(String pem) {
      this.trustedPem = Optional.of(Objects.requireNonNull(pem, "pem"));
      return this;
    }

    /**
     * Presents this client certificate (PEM chain, leaf first) with its private key (PEM: PKCS#8
     * {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}, not
     * encrypted), as a kubeconfig's {@code client-certificate-data} and {@code client-key-data}.
     */
    public Builder clientCertificatePem(String certificateChainPem, String privateKeyPem) {
      this.clientCertificatePem =
          Optional.of(Objects.requireNonNull(certificateChainPem, "certificateChainPem"));
      this.clientKeyPem = Optional.of(Objects.requireNonNull(privateKeyPem, "privateKeyPem"));
      return this;
    }

    /**
     * The OkHttp client to build on, to share its connection pool, dispatcher, proxy and
     * interceptors. The client derives its own from it: redirects are followed by the client
     * itself, and timeouts and TLS material come from this builder.
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The client.
     *
     * @throws InvalidInputException when the base URL or the clock is missing, the base URL is not
     *     usable, or the PEM material cannot be read
     */
    public RestClient build() {
      return new RestClient(this);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new InvalidInputException(what + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
