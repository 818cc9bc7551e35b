package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.RemoteUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Rate limits as GitHub and GitLab announce them (shapes from the contracts' header samples),
 * waited out on a fake clock.
 */
class RateLimitTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();
  final RequestCounter counter = new RequestCounter();

  private RestClient client(Duration budget) {
    return fakes
        .client(server)
        .retryPolicy(HttpRetryPolicy.builder().maxWait(budget).build())
        .listener(counter)
        .build();
  }

  private RestClient client() {
    return client(Duration.ofHours(2));
  }

  private static HttpRequest get() {
    return HttpRequest.get().segments("repos", "o", "r", "pulls").build();
  }

  @Test
  void aPrimaryLimitWaitsExactlyUntilTheReset() throws Exception {
    long reset = Fakes.T0.plusSeconds(1234).getEpochSecond();
    server.enqueue(
        response(403)
            .addHeader("x-ratelimit-limit", "5000")
            .addHeader("x-ratelimit-remaining", "0")
            .addHeader("x-ratelimit-used", "5000")
            .addHeader("x-ratelimit-reset", Long.toString(reset))
            .addHeader("x-ratelimit-resource", "core")
            .addHeader("Content-Type", "application/json")
            .body("{\"message\":\"API rate limit exceeded for user ID 1.\"}")
            .build());
    server.enqueue(json(200, "[]"));

    HttpResponse r = client().execute(get());

    assertThat(r.status()).isEqualTo(200);
    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(1234));
    assertThat(fakes.clock.instant()).isEqualTo(Instant.ofEpochSecond(reset));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(counter.waited()).isEqualTo(Duration.ofSeconds(1234));
  }

  @Test
  void aPrimaryLimitBeyondTheBudgetFailsAtOnceWithTheResetAsRetryTime() {
    Instant reset = Fakes.T0.plus(Duration.ofMinutes(53));
    server.enqueue(
        response(429)
            .addHeader("x-ratelimit-remaining", "0")
            .addHeader("x-ratelimit-reset", Long.toString(reset.getEpochSecond()))
            .body("{\"message\":\"API rate limit exceeded for installation ID 9.\"}")
            .build());

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class, () -> client(Duration.ofMinutes(2)).execute(get()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).hasValue(429);
    assertThat(e.retryAt()).contains(reset);
    assertThat(e.getMessage())
        .contains("rate-limited GET /repos/o/r/pulls")
        .contains("primary rate limit exhausted")
        .contains("API rate limit exceeded for installation ID 9.")
        .contains("waiting 53 min more would exceed this call's wait budget of 2 min")
        .contains("retry at " + reset);
    assertThat(fakes.slept).isEmpty();
  }

  @Test
  void aSecondaryLimitWithRetryAfterWaitsThatLong() {
    server.enqueue(
        response(403)
            .addHeader("retry-after", "90")
            .addHeader("x-ratelimit-remaining", "4321")
            .body("{\"message\":\"You have exceeded a secondary rate limit.\"}")
            .build());
    server.enqueue(json(201, "{}"));

    // a POST too: a rate-limited request was not acted on
    client()
        .execute(HttpRequest.post().path("repos/o/r/pulls").jsonBody(Map.of("title", "t")).build());

    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(90));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSecondaryLimitWithoutRetryAfterWaitsAtLeastAMinuteThenLonger() {
    String body =
        "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}";
    server.enqueue(response(403).addHeader("x-ratelimit-remaining", "4000").body(body).build());
    server.enqueue(response(403).addHeader("x-ratelimit-remaining", "3999").body(body).build());
    server.enqueue(json(200, "[]"));

    client().execute(get());

    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120));
  }

  @Test
  void a429WithoutAnyHintIsASecondaryLimit() {
    server.enqueue(response(429).body("Retry later").build());
    server.enqueue(json(200, "[]"));

    client().execute(get());

    assertThat(fakes.slept)
        .singleElement()
        .satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(60)));
  }

  @Test
  void a429RetryAfterInSeconds() {
    server.enqueue(response(429).addHeader("Retry-After", "30").build());
    server.enqueue(json(200, "[]"));

    client().execute(get());

    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void a429RetryAfterAsAnHttpDate() {
    Instant at = Fakes.T0.plusSeconds(45);
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    server.enqueue(response(429).addHeader("Retry-After", date).build());
    server.enqueue(json(200, "[]"));

    client().execute(get());

    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(45));
  }

  @Test
  void gitLabs429HeadersAreHonoured() {
    // ratelimit_429 of the GitLab header samples, on our clock
    long reset = Fakes.T0.plusSeconds(300).getEpochSecond();
    server.enqueue(
        response(429)
            .addHeader("RateLimit-ResetTime", "Tue, 05 Jan 2021 11:00:00 GMT")
            .addHeader("Retry-After", "30")
            .addHeader("RateLimit-Reset", Long.toString(reset))
            .addHeader("Content-Type", "text/plain")
            .body("Retry later")
            .build());
    server.enqueue(json(200, "[]"));

    client().execute(get());

    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void gitLabsRemainingZeroWaitsUntilRateLimitReset() {
    long reset = Fakes.T0.plusSeconds(40).getEpochSecond();
    server.enqueue(
        response(429)
            .addHeader("RateLimit-Limit", "60")
            .addHeader("RateLimit-Name", "throttle_authenticated_api")
            .addHeader("RateLimit-Remaining", "0")
            .addHeader("RateLimit-Reset", Long.toString(reset))
            .build());
    server.enqueue(json(200, "[]"));

    client().execute(get());

    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(40));
  }

  @Test
  void aPermission403IsNotARateLimit() throws Exception {
    server.enqueue(
        response(403)
            .addHeader("x-ratelimit-remaining", "4999")
            .addHeader("Content-Type", "application/json")
            .body("{\"message\":\"Resource not accessible by integration\"}")
            .build());

    RemoteUnavailableException e =
        catchThrowableOfType(RemoteUnavailableException.class, () -> client().execute(get()));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.retryAt()).isEmpty();
    assertThat(e.getMessage())
        .contains("Resource not accessible by integration")
        .contains("lack a permission");
    assertThat(fakes.slept).isEmpty();
    take(server);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void rateLimitWaitsCountAgainstTheAttempts() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(response(429).addHeader("Retry-After", "1").build());
    }
    RestClient client =
        fakes.client(server).retryPolicy(HttpRetryPolicy.builder().maxAttempts(2).build()).build();

    RemoteUnavailableException e =
        catchThrowableOfType(RemoteUnavailableException.class, () -> client.execute(get()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.retryAt()).contains(Fakes.T0.plusSeconds(2));
    assertThat(e.getMessage()).contains("gave up after 2 attempts");
  }
}
