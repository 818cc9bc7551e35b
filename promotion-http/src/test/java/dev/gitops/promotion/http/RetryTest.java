package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Backoff with jitter on connection failures and 502/503/504, within attempts and a budget. */
class RetryTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();
  final RequestCounter counter = new RequestCounter();

  record Thing(String name) {}

  private RestClient client(HttpRetryPolicy policy) {
    return fakes.client(server).retryPolicy(policy).listener(counter).build();
  }

  @Test
  void gatewayFailuresAreRetriedWithGrowingJitteredBackoffThenSucceed() {
    server.enqueue(json(502, "{}"));
    server.enqueue(json(503, "{}"));
    server.enqueue(json(504, "{}"));
    server.enqueue(json(200, "{\"name\":\"ok\"}"));

    Thing t =
        client(HttpRetryPolicy.defaults())
            .fetch(HttpRequest.get().path("thing").build(), Thing.class);

    assertThat(t.name()).isEqualTo("ok");
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(fakes.slept).hasSize(3);
    // equal jitter: between half and all of 1 s, 2 s, 4 s
    assertThat(fakes.slept.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(fakes.slept.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(fakes.slept.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(counter.requests()).isEqualTo(4);
    assertThat(counter.waits()).isEqualTo(3);
    assertThat(counter.waited())
        .isEqualTo(fakes.slept.stream().reduce(Duration.ZERO, Duration::plus));
  }

  @Test
  void aSeededRandomGivesTheSameWaits() {
    List<Duration> first = waitsWithSeed(11);
    List<Duration> second = waitsWithSeed(11);
    assertThat(second).isEqualTo(first);
  }

  private List<Duration> waitsWithSeed(long seed) {
    Fakes f = new Fakes();
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(503, "{}"));
    }
    server.enqueue(json(200, "{}"));
    f.client(server)
        .random(new SplittableRandom(seed))
        .build()
        .execute(HttpRequest.get().path("x").build());
    return List.copyOf(f.slept);
  }

  @Test
  void theBackoffIsCappedAtMaxBackoff() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(503, "{}"));
    }
    server.enqueue(json(200, "{}"));
    HttpRetryPolicy policy =
        HttpRetryPolicy.builder()
            .maxAttempts(6)
            .initialBackoff(Duration.ofSeconds(10))
            .maxBackoff(Duration.ofSeconds(15))
            .maxWait(Duration.ofMinutes(5))
            .build();

    client(policy).execute(HttpRequest.get().path("x").build());

    assertThat(fakes.slept)
        .hasSize(5)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(15)));
  }

  @Test
  void aRetryAfterOnA503IsHonoured() {
    server.enqueue(response(503).addHeader("Retry-After", "7").build());
    server.enqueue(json(200, "{}"));

    client(HttpRetryPolicy.defaults()).execute(HttpRequest.get().path("x").build());

    assertThat(fakes.slept).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void whenTheNextWaitWouldExceedTheBudgetTheCallFailsWithARetryTime() {
    server.enqueue(response(503).addHeader("Retry-After", "120").build());
    HttpRetryPolicy policy = HttpRetryPolicy.builder().maxWait(Duration.ofSeconds(60)).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client(policy).execute(HttpRequest.get().path("deploy").build()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.retryAt()).contains(Fakes.T0.plusSeconds(120));
    assertThat(e.getMessage())
        .contains("answered 503 to GET /deploy")
        .contains("waiting 2 min more would exceed this call's wait budget of 60 s")
        .contains("retry at " + Fakes.T0.plusSeconds(120));
    assertThat(fakes.slept).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void whenAttemptsRunOutTheErrorIsRetryableWithARetryTime() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(502, "{\"message\":\"upstream down\"}"));
    }
    HttpRetryPolicy policy = HttpRetryPolicy.builder().maxAttempts(3).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client(policy).execute(HttpRequest.get().path("x").build()));

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.retryAt()).isPresent();
    assertThat(e.getMessage()).contains("upstream down").contains("gave up after 3 attempts");
  }

  @Test
  void aPostIsNotRetriedAfterA5xx() {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(201, "{}"));

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () ->
                client(HttpRetryPolicy.defaults())
                    .execute(
                        HttpRequest.post()
                            .path("statuses/abc")
                            .jsonBody(Map.of("state", "success"))
                            .build()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(fakes.slept).isEmpty();
  }

  @Test
  void putAndDeleteAndAPatchDeclaredIdempotentAreRetried() {
    for (HttpRequest r :
        List.of(
            HttpRequest.put().path("x").jsonBody(Map.of()).build(),
            HttpRequest.delete().path("x").build(),
            HttpRequest.patch().path("x").jsonBody(Map.of()).idempotent(true).build())) {
      server.enqueue(json(503, "{}"));
      server.enqueue(json(200, "{}"));
      assertThat(client(HttpRetryPolicy.defaults()).execute(r).status()).isEqualTo(200);
    }
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void aReadTimeoutIsARetryableTypedErrorAndAGetIsRetried() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(json(200, "{}").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
    }
    RestClient client =
        fakes
            .client(server)
            .readTimeout(Duration.ofMillis(200))
            .retryPolicy(HttpRetryPolicy.builder().maxAttempts(2).build())
            .listener(counter)
            .build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.execute(HttpRequest.get().path("slow").build()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.host()).isEqualTo("localhost:" + server.getPort());
    assertThat(e.getMessage())
        .contains("GET /slow failed: timed out")
        .contains("gave up after 2 attempts");
    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(counter.failures()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aPerRequestReadTimeoutOverridesTheClients() {
    server.enqueue(json(200, "{}").newBuilder().headersDelay(1, TimeUnit.SECONDS).build());
    RestClient client =
        fakes
            .client(server)
            .readTimeout(Duration.ofMillis(100))
            .retryPolicy(HttpRetryPolicy.none())
            .build();

    HttpResponse r =
        client.execute(
            HttpRequest.get()
                .segments("api", "v1", "applications", "guestbook")
                .query("refresh", "normal")
                .readTimeout(Duration.ofSeconds(5))
                .build());

    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void aPerRequestCallTimeoutCutsALongAnswer() {
    server.enqueue(json(200, "{}").newBuilder().bodyDelay(2, TimeUnit.SECONDS).build());
    RestClient client = fakes.client(server).retryPolicy(HttpRetryPolicy.none()).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () ->
                client.execute(
                    HttpRequest.get().path("x").callTimeout(Duration.ofMillis(300)).build()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("timed out");
  }

  @Test
  void aRefusedConnectionIsRetriedEvenForAPostSinceNothingWasSent() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String url = gone.url("/").toString();
    gone.close();
    RestClient client =
        RestClient.builder()
            .baseUrl(url)
            .clock(fakes.clock)
            .sleeper(fakes.sleeper)
            .listener(counter)
            .retryPolicy(HttpRetryPolicy.builder().maxAttempts(3).build())
            .build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.execute(HttpRequest.post().path("pulls").jsonBody(Map.of()).build()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("POST /pulls failed: the connection was refused");
    assertThat(counter.requests("POST")).isEqualTo(3);
    assertThat(counter.failures()).isEqualTo(3);
    assertThat(fakes.slept).hasSize(2);
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheCall() {
    server.enqueue(json(200, "{}"));
    HttpEventListener broken =
        new HttpEventListener() {
          @Override
          public void requestStarted(RequestInfo request) {
            throw new IllegalStateException("boom");
          }
        };
    assertThat(
            fakes
                .client(server)
                .listener(broken)
                .build()
                .execute(HttpRequest.get().path("x").build())
                .status())
        .isEqualTo(200);
  }

  @Test
  void anInterruptedThreadStopsRetrying() {
    server.enqueue(json(503, "{}"));
    Sleeper interrupting = d -> Thread.currentThread().interrupt();
    RestClient client = fakes.client(server).sleeper(interrupting).build();
    try {
      RemoteUnavailableException e =
          catchThrowableOfType(
              RemoteUnavailableException.class,
              () -> client.execute(HttpRequest.get().path("x").build()));
      assertThat(e.getMessage()).contains("interrupted while waiting");
      assertThat(server.getRequestCount()).isEqualTo(1);
    } finally {
      Thread.interrupted();
    }
  }
}
