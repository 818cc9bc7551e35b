package dev.gitops.promotion.http;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a client sends, for the request economy: requests by method, 304 answers, failures,
 * waits and the total time waited. Thread-safe; share one across clients to count a whole
 * promotion.
 *
 * <pre>{@code
 * RequestCounter counter = new RequestCounter();
 * RestClient client = RestClient.builder().baseUrl(url).clock(clock).listener(counter).build();
 * ... promote ...
 * log.info("one promotion cost {} requests ({} answered 304)", counter.requests(), counter.notModified());
 * }</pre>
 */
public final class RequestCounter extends HttpEventListener {
  private final Map<String, LongAdder> byMethod = new ConcurrentHashMap<>();
  private final LongAdder notModified = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder waits = new LongAdder();
  private final AtomicLong waitedNanos = new AtomicLong();

  /** A counter at zero. */
  public RequestCounter() {}

  @Override
  public void requestStarted(RequestInfo request) {
    byMethod.computeIfAbsent(request.method(), m -> new LongAdder()).increment();
  }

  @Override
  public void responseReceived(RequestInfo request, int status, boolean notModified) {
    if (notModified) {
      this.notModified.increment();
    }
  }

  @Override
  public void requestFailed(RequestInfo request, String reason) {
    failures.increment();
  }

  @Override
  public void waiting(RequestInfo request, Duration wait, String reason) {
    waits.increment();
    waitedNanos.addAndGet(wait.toNanos());
  }

  /** Requests sent, of every method. */
  public long requests() {
    return byMethod.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Requests sent with {@code method} ("GET", "POST"...). */
  public long requests(String method) {
    LongAdder a = byMethod.get(method);
    return a == null ? 0 : a.sum();
  }

  /** Requests sent, by method. */
  public Map<String, Long> requestsByMethod() {
    Map<String, Long> out = new TreeMap<>();
    byMethod.forEach((m, a) -> out.put(m, a.sum()));
    return out;
  }

  /** Conditional requests answered 304 from the remembered body (free on GitHub). */
  public long notModified() {
    return notModified.sum();
  }

  /** Requests that got no response (connection failures, timeouts). */
  public long failures() {
    return failures.sum();
  }

  /** How many times the client waited before a retry. */
  public long waits() {
    return waits.sum();
  }

  /** The total time waited before retries. */
  public Duration waited() {
    return Duration.ofNanos(waitedNanos.get());
  }

  /** Sets every count back to zero. */
  public void reset() {
    byMethod.clear();
    notModified.reset();
    failures.reset();
    waits.reset();
    waitedNanos.set(0);
  }

  @Override
  public String toString() {
    return "RequestCounter[requests="
        + requestsByMethod()
        + ", notModified="
        + notModified()
        + ", failures="
        + failures()
        + ", waits="
        + waits()
        + ", waited="
        + waited()
        + "]";
  }
}
