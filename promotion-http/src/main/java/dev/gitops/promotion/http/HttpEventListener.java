package dev.gitops.promotion.http;

import java.time.Duration;

/**
 * Observes what a {@link RestClient} does, for metrics and the request economy (how many calls one
 * promotion costs). Every method does nothing unless overridden, so events can be added later
 * without breaking anyone. {@link RequestCounter} counts them.
 *
 * <p>Methods are called on the calling thread, must return quickly and must not throw; an exception
 * thrown by a listener is logged and ignored.
 */
public abstract class HttpEventListener {

  /** A listener that ignores every event. */
  public static final HttpEventListener NONE = new HttpEventListener() {};

  /** For subclasses. */
  protected HttpEventListener() {}

  /** A request is about to be sent (every redirect hop and retry is one more request). */
  public void requestStarted(RequestInfo request) {}

  /**
   * A response arrived.
   *
   * @param status the HTTP status as received (304 for a conditional hit)
   * @param notModified whether it was a 304 answered from the remembered body
   */
  public void responseReceived(RequestInfo request, int status, boolean notModified) {}

  /**
   * A request failed without a response: connection refused or reset, timeout, TLS failure.
   *
   * @param reason a short safe description
   */
  public void requestFailed(RequestInfo request, String reason) {}

  /**
   * The client will wait before the next attempt (backoff or rate limit).
   *
   * @param wait how long
   * @param reason why, in a few words
   */
  public void waiting(RequestInfo request, Duration wait, String reason) {}
}
