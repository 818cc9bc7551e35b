package dev.gitops.promotion;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Something the library reads or writes failed or refused to answer: a Git remote, an HTTP host, or
 * the local repository and files it works on. {@link #isRetryable()} says whether the same call may
 * succeed later (timeouts, 5xx, 429, a lost lock); authentication, not-found and local I/O errors
 * are not retryable. Retries themselves are the caller's choice.
 */
public final class RemoteUnavailableException extends PromotionException {
  private static final long serialVersionUID = 1L;

  /** The remote host, without credentials. */
  private final String host;

  /** The HTTP status, or -1 when there was none. */
  private final int httpStatus;

  /** Whether trying again later may succeed. */
  private final boolean retryable;

  private final transient Instant retryAt;

  /**
   * @param host the host, remote or local path that failed (never with credentials in it)
   * @param httpStatus the HTTP status, or -1 when there was none
   * @param retryable whether the same call may succeed later
   * @param message what failed and what to do
   * @param cause the underlying failure, or null
   */
  public RemoteUnavailableException(
      String host, int httpStatus, boolean retryable, String message, Throwable cause) {
    this(host, httpStatus, retryable, null, message, cause);
  }

  /**
   * @param host the host, remote or local path that failed (never with credentials in it)
   * @param httpStatus the HTTP status, or -1 when there was none
   * @param retryable whether the same call may succeed later
   * @param retryAt the earliest time worth trying again (a rate limit's reset), or null
   * @param message what failed and what to do
   * @param cause the underlying failure, or null
   */
  public RemoteUnavailableException(
      String host,
      int httpStatus,
      boolean retryable,
      Instant retryAt,
      String message,
      Throwable cause) {
    super(SafeText.redactUrls(message), cause);
    this.host = SafeText.redactUrls(host);
    this.httpStatus = httpStatus;
    this.retryable = retryable;
    this.retryAt = retryAt;
  }

  /** The host or remote that failed. */
  public String host() {
    return host;
  }

  /** The HTTP status of the failed call, when there was one. */
  public OptionalInt httpStatus() {
    return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** The earliest time worth trying again, when the host said (a rate limit's reset). */
  public Optional<Instant> retryAt() {
    return Optional.ofNullable(retryAt);
  }

  /** Whether the same call may succeed later. */
  public boolean isRetryable() {
    return retryable;
  }
}
