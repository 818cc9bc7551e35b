package dev.gitops.promotion.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tells a rate-limited response from a refusal and says how long to wait, following GitHub's and
 * GitLab's documented headers:
 *
 * <ol>
 *   <li>403 or 429 with {@code Retry-After} (seconds or an HTTP date): wait that long (GitHub's
 *       secondary limits, GitLab's 429);
 *   <li>403 or 429 with {@code x-ratelimit-remaining: 0} or {@code RateLimit-Remaining: 0}: wait
 *       until {@code x-ratelimit-reset} / {@code RateLimit-Reset} (epoch seconds) or {@code
 *       RateLimit-ResetTime} (an HTTP date);
 *   <li>429 without those, or a 403 whose message speaks of a rate limit: a secondary limit, wait
 *       at least the secondary minimum (60 s by default), doubling on each repeat;
 *   <li>any other 403 is a refusal (permissions), not a rate limit.
 * </ol>
 */
public final class RateLimits {
  private static final Duration MIN_WAIT = Duration.ofSeconds(1);

  private RateLimits() {}

  /** Why and until when to wait. */
  public record Wait(Instant until, String reason) {}

  /**
   * The wait a response asks for, when it is rate-limited.
   *
   * @param status the HTTP status
   * @param header the response's headers, by name (case-insensitive), first value
   * @param hostMessage the host's error message, when one was read
   * @param now the current time
   * @param secondaryWait the wait of a secondary limit without any hint, already grown for repeats
   */
  public static Optional<Wait> of(
      int status,
      Function<String, Optional<String>> header,
      Optional<String> hostMessage,
      Instant now,
      Duration secondaryWait) {
    if (status != 403 && status != 429) {
      return Optional.empty();
    }
    Optional<Instant> retryAfter = header.apply("Retry-After").flatMap(v -> retryAfter(v, now));
    if (retryAfter.isPresent()) {
      return Optional.of(
          new Wait(atLeastOneSecond(retryAfter.get(), now), status + " with Retry-After"));
    }
    boolean exhausted =
        header.apply("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent()
            || header
                .apply("RateLimit-Remaining")
                .map(String::trim)
                .filter("0"::equals)
                .isPresent();
    if (exhausted) {
      Optional<Instant> reset =
          header
              .apply("x-ratelimit-reset")
              .or(() -> header.apply("RateLimit-Reset"))
              .flatMap(RateLimits::epochSeconds)
              .or(() -> header.apply("RateLimit-ResetTime").flatMap(RateLimits::httpDate));
      if (reset.isPresent()) {
        return Optional.of(
            new Wait(
                atLeastOneSecond(reset.get(), now),
                "primary rate limit exhausted (" + status + ", remaining 0)"));
      }
      return Optional.of(
          new Wait(now.plus(secondaryWait), "rate limit exhausted (" + status + ", no reset)"));
    }
    boolean speaksOfRateLimit =
        hostMessage.map(m -> m.toLowerCase(Locale.ROOT)).filter(isRateLimitText()).isPresent();
    if (status == 429 || speaksOfRateLimit) {
      return Optional.of(
          new Wait(now.plus(secondaryWait), "secondary rate limit (" + status + ")"));
    }
    return Optional.empty();
  }

  /** {@code Retry-After} as an instant: delta seconds or an HTTP date. */
  public static Optional<Instant> retryAfter(String value, Instant now) {
    String v = value.trim();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(now.plusSeconds(Long.parseLong(v)));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    return httpDate(v);
  }

  /** An HTTP date (RFC 1123 form, as sent by every current server). */
  public static Optional<Instant> httpDate(String value) {
    try {
      return Optional.of(
          ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> epochSeconds(String value) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static java.util.function.Predicate<String> isRateLimitText() {
    return m -> m.contains("rate limit") || m.contains("rate-limit") || m.contains("abuse");
  }

  private static Instant atLeastOneSecond(Instant until, Instant now) {
    return until.isBefore(now.plus(MIN_WAIT)) ? now.plus(MIN_WAIT) : until;
  }
}
