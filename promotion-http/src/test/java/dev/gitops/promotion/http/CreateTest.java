package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.RemoteUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** A create is repeated only when a lookup proves the thing does not exist. */
class CreateTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();
  final AtomicInteger lookups = new AtomicInteger();

  record Pull(int number) {}

  private RestClient client() {
    return fakes.client(server).readTimeout(Duration.ofMillis(300)).build();
  }

  private static HttpRequest createPull() {
    return HttpRequest.post()
        .segments("repos", "o", "r", "pulls")
        .jsonBody(Map.of("head", "o:promote/api", "base", "main", "title", "Promote"))
        .acceptStatus(422)
        .build();
  }

  private Supplier<Optional<Pull>> lookup(Optional<Pull> answer) {
    return () -> {
      lookups.incrementAndGet();
      return answer;
    };
  }

  @Test
  void aCreatedThingIsReadFromTheResponse() {
    server.enqueue(json(201, "{\"number\":5}"));
    Pull p = client().create(createPull(), Pull.class, lookup(Optional.empty()));
    assertThat(p.number()).isEqualTo(5);
    assertThat(lookups).hasValue(0);
  }

  @Test
  void aTimeoutAfterSendingAsksTheLookupAndReturnsWhatItFound() {
    server.enqueue(
        json(201, "{\"number\":6}").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());

    Pull p = client().create(createPull(), Pull.class, lookup(Optional.of(new Pull(6))));

    assertThat(p.number()).isEqualTo(6);
    assertThat(lookups).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(fakes.slept).isEmpty();
  }

  @Test
  void aTimeoutAfterSendingIsRetriedOnlyWhenTheLookupFindsNothing() {
    server.enqueue(json(201, "{}").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
    server.enqueue(json(201, "{\"number\":7}"));

    Pull p = client().create(createPull(), Pull.class, lookup(Optional.empty()));

    assertThat(p.number()).isEqualTo(7);
    assertThat(lookups).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(fakes.slept).hasSize(1);
  }

  @Test
  void aServerErrorAsksTheLookup() {
    server.enqueue(json(502, "{\"message\":\"Server Error\"}"));

    Pull p = client().create(createPull(), Pull.class, lookup(Optional.of(new Pull(8))));

    assertThat(p.number()).isEqualTo(8);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anAcceptedAlreadyExistsReturnsWhatTheLookupFinds() {
    server.enqueue(
        json(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
                + "\"code\":\"custom\",\"message\":\"A pull request already exists for o:promote/api.\"}]}"));

    Pull p = client().create(createPull(), Pull.class, lookup(Optional.of(new Pull(9))));

    assertThat(p.number()).isEqualTo(9);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anAcceptedStatusWithNothingFoundIsTheHostsError() {
    server.enqueue(
        json(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"field\":\"base\",\"code\":\"invalid\"}]}"));

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client().create(createPull(), Pull.class, lookup(Optional.empty())));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).hasValue(422);
    assertThat(e.getMessage())
        .contains("(and the lookup found nothing)")
        .contains("Validation Failed; PullRequest field base invalid");
  }

  @Test
  void withoutALookupAPostThatTimedOutAfterSendingIsNotRepeated() {
    server.enqueue(json(201, "{}").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
    server.enqueue(json(201, "{}"));

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () ->
                client()
                    .execute(
                        HttpRequest.post().path("repos/o/r/pulls").jsonBody(Map.of()).build()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("may have taken effect; check before sending it again");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theLookupAnswersAreBoundedByTheRetryPolicy() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(503, "{}"));
    }
    RestClient client =
        fakes.client(server).retryPolicy(HttpRetryPolicy.builder().maxAttempts(3).build()).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.create(createPull(), Pull.class, lookup(Optional.empty())));

    assertThat(e.isRetryable()).isTrue();
    assertThat(lookups).hasValue(3);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }
}
