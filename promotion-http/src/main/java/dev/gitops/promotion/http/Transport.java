package dev.gitops.promotion.http;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.http.internal.Challenges;
import dev.gitops.promotion.http.internal.ErrorBodies;
import dev.gitops.promotion.http.internal.EtagCache;
import dev.gitops.promotion.http.internal.LinkHeader;
import dev.gitops.promotion.http.internal.RateLimits;
import dev.gitops.promotion.http.internal.Secrets;
import dev.gitops.promotion.http.internal.Tls;
import dev.gitops.promotion.http.internal.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link RestClient} does for each call: the attempt loop (retries, rate-limit waits,
 * credential refresh, lookups for creates), one attempt with its redirects, conditional headers and
 * credentials, the typed errors, and pagination. Immutable and thread-safe but for the ETag memory,
 * which is synchronized.
 */
final class Transport {
  private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);
  private static final String DEFAULT_USER_AGENT = "promotion-sdk";
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Set<Integer> GATEWAY_FAILURES = Set.of(502, 503, 504);
  private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);
  private static final int ETAG_BODY_LIMIT = 4 * 1024 * 1024;

  private final HttpUrl baseUrl;
  private final Map<String, String> defaultHeaders;
  private final Credentials credentials;
  private final HttpRetryPolicy retryPolicy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final boolean conditionalRequests;
  private final int etagCacheSize;
  private final EtagCache etags;
  private final int maxRedirects;
  private final boolean allowPlainHttp;
  private final long maxResponseBytes;
  private final HttpEventListener listener;
  private final OkHttpClient okHttp;
  private final RestClient.Builder settings;

  Transport(RestClient.Builder b) {
    if (b.baseUrl == null) {
      throw new InvalidInputException(
          "a RestClient needs a base URL (baseUrl(\"https://api.github.com\"))");
    }
    if (b.clock == null) {
      throw new InvalidInputException(
          "a RestClient needs a clock (clock(Clock.systemUTC()) in production, a fake in tests)");
    }
    this.settings = b;
    this.allowPlainHttp = b.allowPlainHttp;
    this.baseUrl = Urls.parse(b.baseUrl, "the base URL", b.allowPlainHttp);
    if (baseUrl.encodedQuery() != null || baseUrl.encodedFragment() != null) {
      throw new InvalidInputException(
          "the base URL '"
              + SafeText.forDisplay(b.baseUrl)
              + "' has a query or a fragment; give only scheme, host, port and path");
    }
    TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(b.defaultHeaders);
    headers.putIfAbsent("User-Agent", DEFAULT_USER_AGENT);
    this.defaultHeaders = Collections.unmodifiableMap(headers);
    this.credentials = b.credentials;
    this.retryPolicy = b.retryPolicy;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.conditionalRequests = b.conditionalRequests;
    this.etagCacheSize = b.etagCacheSize;
    this.etags = new EtagCache(b.etagCacheSize, ETAG_BODY_LIMIT);
    this.maxRedirects = b.maxRedirects;
    this.maxResponseBytes = b.maxResponseBytes;
    this.listener = b.listener;
    this.okHttp = derive(b);
  }

  // a variant with other credentials that shares everything else, OkHttp client included
  private Transport(Transport base, RestClient.Builder settings) {
    this.settings = settings;
    this.baseUrl = base.baseUrl;
    this.defaultHeaders = base.defaultHeaders;
    this.credentials = settings.credentials;
    this.retryPolicy = base.retryPolicy;
    this.clock = base.clock;
    this.sleeper = base.sleeper;
    this.random = base.random;
    this.conditionalRequests = base.conditionalRequests;
    this.etagCacheSize = base.etagCacheSize;
    this.etags = new EtagCache(base.etagCacheSize, ETAG_BODY_LIMIT);
    this.maxRedirects = base.maxRedirects;
    this.allowPlainHttp = base.allowPlainHttp;
    this.maxResponseBytes = base.maxResponseBytes;
    this.listener = base.listener;
    this.okHttp = base.okHttp;
  }

  private static OkHttpClient derive(RestClient.Builder b) {
    OkHttpClient.Builder ob =
        b.okHttpClient
            .newBuilder()
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .writeTimeout(b.writeTimeout)
            .callTimeout(b.callTimeout)
            .addInterceptor(Transport::perRequestSettings)
            .addNetworkInterceptor(Transport::markSent);
    if (b.trustedPem.isPresent() || b.clientCertificatePem.isPresent()) {
      Tls.Setup tls = Tls.of(b.trustedPem, b.clientCertificatePem, b.clientKeyPem);
      ob.sslSocketFactory(tls.socketFactory(), tls.trustManager());
    }
    return ob.build();
  }

  HttpUrl baseUrl() {
    return baseUrl;
  }

  // ---------------------------------------------------------------------------------------------
  // the call loop

  record Outcome(HttpResponse response, Object found, HttpUrl finalUrl) {}

  private record Exchange(
      HttpUrl url, int status, HttpHeaders headers, byte[] body, boolean notModified) {}

  /** A request that got no response; {@code sent} says whether it may have reached the host. */
  private static final class SendFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient HttpUrl url;
    final boolean sent;
    final boolean retryable;
    final String reason;

    SendFailure(IOException cause, HttpUrl url, boolean sent, boolean retryable, String reason) {
      super(reason, cause, false, false);
      this.url = url;
      this.sent = sent;
      this.retryable = retryable;
      this.reason = reason;
    }
  }

  /** State the interceptors read and write; travels as the OkHttp request's tag. */
  private static final class CallState {
    final Duration readTimeout;
    final boolean retryOnConnectionFailure;
    volatile boolean sent;

    CallState(Duration readTimeout, boolean retryOnConnectionFailure) {
      this.readTimeout = readTimeout;
      this.retryOnConnectionFailure = retryOnConnectionFailure;
    }
  }

  private static Response perRequestSettings(Interceptor.Chain chain) throws IOException {
    CallState state = chain.request().tag(CallState.class);
    Interceptor.Chain c = chain;
    if (state != null) {
      c = c.withRetryOnConnectionFailure(state.retryOnConnectionFailure);
      if (state.readTimeout != null) {
        c = c.withReadTimeout(millis(state.readTimeout), TimeUnit.MILLISECONDS);
      }
    }
    return c.proceed(chain.request());
  }

  private static Response markSent(Interceptor.Chain chain) throws IOException {
    CallState state = chain.request().tag(CallState.class);
    if (state != null) {
      state.sent = true;
    }
    return chain.proceed(chain.request());
  }

  /** One call: its attempts, what it waited, which credentials it uses and where. */
  private final class CallContext {
    final HttpRequest request;
    final HttpUrl origin;
    Credentials credentials;
    final boolean credentialsApply;
    final Set<String> secrets = new LinkedHashSet<>();
    int attempt;
    int rateLimited;
    int backoffs;
    Duration waited = Duration.ZERO;
    boolean refreshed;

    CallContext(HttpRequest request, HttpUrl url) {
      this.request = request;
      this.origin = url;
      Optional<Credentials> own = request.credentials();
      this.credentials = own.orElse(Transport.this.credentials);
      this.credentialsApply = own.isPresent() || Urls.sameOrigin(url, baseUrl);
    }

    RequestInfo info(HttpUrl url) {
      return new RequestInfo(
          request.method().name(), Urls.displayHost(url), Urls.displayPath(url), attempt);
    }
  }

  Outcome run(HttpRequest request, HttpUrl url, Supplier<Optional<?>> lookup) {
    CallContext call = new CallContext(request, url);
    while (true) {
      call.attempt++;
      if (Thread.currentThread().isInterrupted()) {
        throw new RemoteUnavailableException(
            Urls.displayHost(url),
            -1,
            true,
            "interrupted before " + describe(request, url) + "; nothing was sent",
            null);
      }
      Exchange ex;
      try {
        ex = send(call, url);
      } catch (SendFailure f) {
        String what = describe(request, f.url) + " failed: " + f.reason;
        if (!f.retryable) {
          throw new RemoteUnavailableException(
              Urls.displayHost(f.url), -1, false, what, f.getCause());
        }
        if (!f.sent || request.isIdempotent()) {
          pause(call, f.url, -1, backoff(call), what, f.getCause());
          continue;
        }
        if (lookup != null) {
          Optional<?> found = lookup.get();
          if (found.isPresent()) {
            return new Outcome(null, found.get(), f.url);
          }
          pause(call, f.url, -1, backoff(call), what + "; the lookup found nothing", f.getCause());
          continue;
        }
        throw new RemoteUnavailableException(
            Urls.displayHost(f.url),
            -1,
            true,
            what
                + " after the request was sent, so it may have taken effect; check before sending"
                + " it again",
            f.getCause());
      }

      int status = ex.status();
      if (status == 401
          && !call.refreshed
          && call.credentialsApply
          && Urls.sameOrigin(ex.url(), call.origin)) {
        call.refreshed = true;
        Optional<Credentials> fresh = call.credentials.refresh(challenge(ex), tokenClient());
        if (fresh.isPresent()) {
          call.credentials = fresh.get();
          call.attempt--;
          continue;
        }
      }
      if ((status >= 200 && status < 300) || status == 304) {
        return new Outcome(toResponse(call, ex), null, ex.url());
      }
      Optional<String> hostMessage = hostMessage(call, ex);
      Optional<RateLimits.Wait> limit =
          RateLimits.of(
              status,
              ex.headers()::first,
              hostMessage,
              clock.instant(),
              grow(retryPolicy.secondaryRateLimitWait(), call.rateLimited));
      if (limit.isPresent()) {
        call.rateLimited++;
        String what =
            Urls.displayHost(ex.url())
                + " rate-limited "
                + describe(request, ex.url())
                + " ("
                + limit.get().reason()
                + ")"
                + hostMessage.map(m -> ": " + m).orElse("");
        pause(call, ex.url(), status, limit.get().until(), what, null);
        continue;
      }
      if (request.acceptedStatuses().contains(status)) {
        if (lookup != null) {
          Optional<?> found = lookup.get();
          if (found.isPresent()) {
            return new Outcome(null, found.get(), ex.url());
          }
          throw statusError(call, ex, hostMessage, " (and the lookup found nothing)");
        }
        return new Outcome(toResponse(call, ex), null, ex.url());
      }
      boolean ambiguous = status >= 500 && lookup != null;
      if ((GATEWAY_FAILURES.contains(status) && request.isIdempotent()) || ambiguous) {
        if (ambiguous) {
          Optional<?> found = lookup.get();
          if (found.isPresent()) {
            return new Outcome(null, found.get(), ex.url());
          }
        }
        Instant until =
            ex.headers()
                .first("Retry-After")
                .flatMap(v -> RateLimits.retryAfter(v, clock.instant()))
                .orElseGet(() -> backoff(call));
        RemoteUnavailableException error = statusError(call, ex, hostMessage, "");
        pause(call, ex.url(), status, until, error.getMessage(), null);
        continue;
      }
      throw statusError(call, ex, hostMessage, "");
    }
  }

  private RestClient tokenClient() {
    RestClient.Builder none = settings.copy().credentials(Credentials.none());
    return new RestClient(none, new Transport(this, none));
  }

  private static AuthChallenge challenge(Exchange ex) {
    List<Challenges.Parsed> all = Challenges.parse(ex.headers().all("WWW-Authenticate"));
    Challenges.Parsed chosen =
        all.stream()
            .filter(c -> c.scheme().equalsIgnoreCase("Bearer"))
            .findFirst()
            .orElse(all.isEmpty() ? new Challenges.Parsed("", Map.of()) : all.get(0));
    return new AuthChallenge(chosen.scheme(), chosen.params(), Urls.displayHost(ex.url()));
  }

  /** Waits until {@code until} before the next attempt, or fails when the policy says stop. */
  private void pause(
      CallContext call, HttpUrl url, int status, Instant nextAt, String what, Throwable cause) {
    Instant now = clock.instant();
    Instant until = nextAt.isAfter(now) ? nextAt : now;
    Duration wait = Duration.between(now, until);
    String host = Urls.displayHost(url);
    if (call.attempt >= retryPolicy.maxAttempts()) {
      throw new RemoteUnavailableException(
          host,
          status,
          true,
          until,
          what
              + "; gave up after "
              + call.attempt
              + (call.attempt == 1 ? " attempt" : " attempts")
              + "; retry at "
              + until
              + " or later",
          cause);
    }
    if (call.waited.plus(wait).compareTo(retryPolicy.maxWait()) > 0) {
      throw new RemoteUnavailableException(
          host,
          status,
          true,
          until,
          what
              + "; waiting "
              + human(wait)
              + " more would exceed this call's wait budget of "
              + human(retryPolicy.maxWait())
              + " (HttpRetryPolicy.maxWait); retry at "
              + until,
          cause);
    }
    RequestInfo info = call.info(url);
    LOG.info("waiting {} before retrying: {}", human(wait), what);
    notify(() -> listener.waiting(info, wait, what));
    sleeper.sleep(wait);
    call.waited = call.waited.plus(wait);
    if (Thread.currentThread().isInterrupted()) {
      throw new RemoteUnavailableException(
          host, status, true, until, "interrupted while waiting to retry: " + what, cause);
    }
  }

  /** Exponential backoff with equal jitter: half the step, plus a random part of the other half. */
  private Instant backoff(CallContext call) {
    Duration step = grow(retryPolicy.initialBackoff(), call.backoffs++);
    if (step.compareTo(retryPolicy.maxBackoff()) > 0) {
      step = retryPolicy.maxBackoff();
    }
    long half = step.toMillis() / 2;
    long jitter;
    synchronized (random) {
      jitter = half > 0 ? random.nextLong(half + 1) : 0;
    }
    return clock.instant().plusMillis(step.toMillis() - half + jitter);
  }

  private static Duration grow(Duration base, int doublings) {
    Duration d = base;
    for (int i = 0; i < doublings && d.compareTo(Duration.ofDays(1)) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d;
  }

  // ---------------------------------------------------------------------------------------------
  // one attempt: redirects, credentials, conditional headers

  private Exchange send(CallContext call, HttpUrl url) throws SendFailure {
    HttpRequest request = call.request;
    HttpMethod method = request.method();
    byte[] body = request.rawBody();
    String contentType = request.contentType().orElse(null);
    HttpUrl current = url;
    boolean conditional =
        method == HttpMethod.GET && request.conditional().orElse(conditionalRequests);
    String cacheKey = null;
    EtagCache.Entry cached = null;
    if (conditional) {
      cacheKey = EtagCache.key(url.toString(), header(request, "Accept").orElse(""));
      cached = etags.get(cacheKey).orElse(null);
    }
    for (int hop = 0; ; hop++) {
      boolean sameOrigin = Urls.sameOrigin(current, call.origin);
      Request.Builder rb = new Request.Builder().url(current);
      TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(defaultHeaders);
      headers.putAll(request.headers());
      headers.remove("Content-Type");
      if (!sameOrigin) {
        headers.keySet().removeIf(Secrets::isSensitiveName);
      }
      if (sameOrigin && call.credentialsApply) {
        Map<String, String> auth = call.credentials.headers();
        for (Map.Entry<String, String> e : auth.entrySet()) {
          HttpRequest.checkHeader(e.getKey(), e.getValue());
          call.secrets.addAll(Secrets.valuesOf(List.of(e.getValue())));
          headers.put(e.getKey(), e.getValue());
        }
      }
      if (hop == 0 && cached != null) {
        headers.put("If-None-Match", cached.etag());
      }
      headers.forEach(rb::header);
      rb.method(method.name(), requestBody(method, body, contentType));
      CallState state = new CallState(request.readTimeout().orElse(null), request.isIdempotent());
      rb.tag(CallState.class, state);
      RequestInfo info = call.info(current);
      notify(() -> listener.requestStarted(info));
      Call okCall = okHttp.newCall(rb.build());
      if (request.callTimeout().isPresent()) {
        okCall.timeout().timeout(millis(request.callTimeout().get()), TimeUnit.MILLISECONDS);
      } else if (request.readTimeout().isPresent()) {
        okCall.timeout().timeout(0, TimeUnit.MILLISECONDS);
      }
      try (Response resp = okCall.execute()) {
        int status = resp.code();
        if (REDIRECTS.contains(status) && resp.header("Location") != null) {
          notify(() -> listener.responseReceived(info, status, false));
          HttpUrl next = redirectTarget(call, current, resp.header("Location"), status, hop);
          LOG.debug(
              "{} {} -> {} redirect to {}",
              method,
              info.host() + info.path(),
              status,
              Urls.displayHost(next) + Urls.displayPath(next));
          if (status == 303 && method != HttpMethod.HEAD) {
            method = HttpMethod.GET;
            body = null;
            contentType = null;
          }
          current = next;
          continue;
        }
        byte[] bytes = readBody(resp, current, method);
        HttpHeaders responseHeaders = HttpHeaders.of(resp.headers().toMultimap());
        boolean notModified = status == 304 && cached != null;
        notify(() -> listener.responseReceived(info, status, notModified));
        LOG.debug(
            "{} {} -> {}{} (attempt {})",
            method,
            info.host() + info.path(),
            status,
            notModified ? " not modified" : "",
            call.attempt);
        if (notModified) {
          Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          merged.putAll(cached.headers());
          merged.putAll(responseHeaders.asMap());
          return new Exchange(
              current, cached.status(), HttpHeaders.of(merged), cached.body(), true);
        }
        if (conditional && status == 200) {
          Optional<String> etag = responseHeaders.first("ETag");
          if (etag.isPresent()) {
            etags.put(
                cacheKey, new EtagCache.Entry(etag.get(), 200, responseHeaders.asMap(), bytes));
          }
        }
        return new Exchange(current, status, responseHeaders, bytes, false);
      } catch (IOException e) {
        String reason = reasonOf(e);
        notify(() -> listener.requestFailed(info, reason));
        LOG.debug("{} {} failed: {}", method, info.host() + info.path(), reason);
        throw new SendFailure(e, current, state.sent, !isTlsTrustFailure(e), reason);
      }
    }
  }

  private HttpUrl redirectTarget(
      CallContext call, HttpUrl current, String location, int status, int hop) {
    String host = Urls.displayHost(current);
    String what = describe(call.request, current) + " was redirected (" + status + ")";
    if (hop + 1 > maxRedirects) {
      throw new RemoteUnavailableException(
          host, status, false, what + " more than " + maxRedirects + " times; giving up", null);
    }
    HttpUrl next = current.resolve(location);
    if (next == null) {
      throw new RemoteUnavailableException(
          host, status, false, what + " to a Location that is not an http(s) URL", null);
    }
    if (current.isHttps() && !next.isHttps()) {
      throw new RemoteUnavailableException(
          host,
          status,
          false,
          what
              + " from https to http://"
              + Urls.displayHost(next)
              + "; refused, since it would send the request unencrypted",
          null);
    }
    if (!next.isHttps() && !allowPlainHttp && !Urls.isLoopback(next.host())) {
      throw new RemoteUnavailableException(
          host,
          status,
          false,
          what + " to plain http://" + Urls.displayHost(next) + "; refused (allowPlainHttp)",
          null);
    }
    return next;
  }

  private static RequestBody requestBody(HttpMethod method, byte[] body, String contentType) {
    MediaType type = null;
    if (contentType != null) {
      type = MediaType.parse(contentType);
      if (type == null) {
        throw new InvalidInputException(
            "Content-Type '" + SafeText.forDisplay(contentType) + "' is not a media type");
      }
    }
    if (body != null) {
      return RequestBody.create(body, type);
    }
    return method.requiresBody() ? RequestBody.create(new byte[0], type) : null;
  }

  private byte[] readBody(Response resp, HttpUrl url, HttpMethod method) throws IOException {
    if (method == HttpMethod.HEAD) {
      return new byte[0];
    }
    ResponseBody rb = resp.body();
    try (InputStream in = rb.byteStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
      if (bytes.length > maxResponseBytes) {
        throw new RemoteUnavailableException(
            Urls.displayHost(url),
            resp.code(),
            false,
            Urls.displayHost(url)
                + " answered "
                + method
                + " "
                + Urls.displayPath(url)
                + " with more than "
                + maxResponseBytes
                + " bytes; raise maxResponseBytes or ask for smaller pages",
            null);
      }
      return bytes;
    }
  }

  private static boolean isTlsTrustFailure(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLPeerUnverifiedException || t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static String reasonOf(IOException e) {
    if (isTlsTrustFailure(e)) {
      return "the TLS handshake failed: the server's certificate is not trusted or not issued for"
          + " this host; if the host uses a private CA, give its certificates to"
          + " trustedCertificatesPem(...)";
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "the TLS connection failed (" + e.getClass().getSimpleName() + ")";
    }
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return "timed out";
    }
    if (e instanceof UnknownHostException) {
      return "the host name could not be resolved";
    }
    if (e instanceof ConnectException) {
      return "the connection was refused";
    }
    return "the connection failed (" + e.getClass().getSimpleName() + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // responses and errors

  private HttpResponse toResponse(CallContext call, Exchange ex) {
    Optional<String> message =
        ex.status() >= 200 && ex.status() < 300 || ex.status() == 304
            ? Optional.empty()
            : hostMessage(call, ex);
    return new HttpResponse(
        call.request.method().name(),
        Urls.displayHost(ex.url()),
        Urls.displayPath(ex.url()),
        ex.status(),
        ex.headers(),
        ex.body(),
        ex.notModified(),
        message);
  }

  private static Optional<String> hostMessage(CallContext call, Exchange ex) {
    return ErrorBodies.message(ex.body(), ex.headers().first("Content-Type"))
        .map(m -> Secrets.scrub(m, call.secrets));
  }

  private RemoteUnavailableException statusError(
      CallContext call, Exchange ex, Optional<String> hostMessage, String extra) {
    int status = ex.status();
    String host = Urls.displayHost(ex.url());
    StringBuilder sb =
        new StringBuilder(host)
            .append(" answered ")
            .append(status)
            .append(" to ")
            .append(describe(call.request, ex.url()))
            .append(extra);
    hostMessage.ifPresent(m -> sb.append(": ").append(m));
    String advice = advice(status);
    if (!advice.isEmpty()) {
      sb.append(hostMessage.isPresent() ? ". " : ": ").append(advice);
    }
    return new RemoteUnavailableException(
        host, status, RETRYABLE_STATUSES.contains(status), sb.toString(), null);
  }

  private static String advice(int status) {
    return switch (status) {
      case 400 -> "the host refused the request as invalid";
      case 401 -> "the credentials are missing, wrong or expired; check the token";
      case 403 ->
          "the credentials lack a permission this call needs (a token scope, a role, a rule)";
      case 404 ->
          "it does not exist, or these credentials cannot see it; check the path, the base URL"
              + " and the token's access";
      case 405 -> "the host does not allow this here, or not in the resource's current state";
      case 409 -> "it conflicts with the resource's current state; read it again";
      case 410 -> "it is gone (a retired API version?)";
      case 422 -> "the host refused the request's content";
      case 500, 502, 503, 504 -> "the host failed; retry later";
      default -> "";
    };
  }

  private static String describe(HttpRequest request, HttpUrl url) {
    return request.method() + " " + Urls.displayPath(url);
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return Optional.ofNullable(request.headers().get(name));
  }

  private void notify(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      LOG.warn("an HttpEventListener threw {}; ignored", e.getClass().getName());
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 1) {
      return d.toMillis() + " ms";
    }
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
    return (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
  }

  // ---------------------------------------------------------------------------------------------
  // URLs and pages

  HttpUrl resolve(HttpRequest request) {
    HttpUrl start =
        request.absoluteUrl() != null
            ? Urls.parse(request.absoluteUrl(), "the request URL", allowPlainHttp)
            : baseUrl;
    HttpUrl.Builder ub = start.newBuilder();
    for (HttpRequest.PathPart part : request.pathParts()) {
      if (part.raw()) {
        for (String piece : part.text().split("/")) {
          if (!piece.isEmpty()) {
            ub.addPathSegment(piece);
          }
        }
      } else {
        ub.addPathSegment(part.text());
      }
    }
    for (Map.Entry<String, String> q : request.queryParameters()) {
      ub.addQueryParameter(q.getKey(), q.getValue());
    }
    return ub.build();
  }

  final class Pager implements Iterator<HttpResponse> {
    private final HttpRequest first;
    private final int maxPages;
    private HttpUrl next;
    private int count;
    final String host;
    final String path;

    Pager(HttpRequest first, int maxPages) {
      if (maxPages < 1) {
        throw new InvalidInputException("maxPages must be at least 1, got " + maxPages);
      }
      this.first = first;
      this.maxPages = maxPages;
      this.next = resolve(first);
      this.host = Urls.displayHost(next);
      this.path = Urls.displayPath(next);
    }

    @Override
    public boolean hasNext() {
      return next != null && count < maxPages;
    }

    boolean moreBeyondLimit() {
      return next != null;
    }

    @Override
    public HttpResponse next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Outcome o = run(first, next, null);
      count++;
      HttpUrl current = o.finalUrl();
      next = nextPage(o.response(), current).filter(u -> !u.equals(current)).orElse(null);
      return o.response();
    }

    private Optional<HttpUrl> nextPage(HttpResponse r, HttpUrl current) {
      Optional<String> link = LinkHeader.find(r.headers().all("Link"), "next");
      if (link.isPresent()) {
        HttpUrl u = current.resolve(link.get());
        if (u == null) {
          return Optional.empty();
        }
        if (current.isHttps() && !u.isHttps()) {
          throw new RemoteUnavailableException(
              Urls.displayHost(current),
              r.status(),
              false,
              Urls.displayHost(current)
                  + " links the next page of "
                  + r.method()
                  + " "
                  + Urls.displayPath(current)
                  + " over plain http; refused",
              null);
        }
        return Optional.of(u);
      }
      Optional<String> page = r.header("x-next-page").map(String::trim).filter(p -> !p.isEmpty());
      if (page.isPresent() && page.get().chars().allMatch(Character::isDigit)) {
        return Optional.of(current.newBuilder().setQueryParameter("page", page.get()).build());
      }
      return Optional.empty();
    }
  }
}
