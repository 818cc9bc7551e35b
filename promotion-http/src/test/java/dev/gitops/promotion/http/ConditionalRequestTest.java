package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Polling with ETags: If-None-Match goes out, a 304 gives back the remembered body. */
class ConditionalRequestTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();
  final RequestCounter counter = new RequestCounter();

  record Status(String state) {}

  private static HttpRequest status() {
    return HttpRequest.get().segments("repos", "o", "r", "commits", "abc", "status").build();
  }

  @Test
  void a304ReturnsTheRememberedBodyAndIfNoneMatchIsSent() throws Exception {
    RestClient client = fakes.client(server).conditionalRequests(true).listener(counter).build();
    server.enqueue(
        json(200, "{\"state\":\"pending\"}").newBuilder().addHeader("ETag", "W/\"v1\"").build());
    server.enqueue(
        response(304)
            .addHeader("ETag", "W/\"v1\"")
            .addHeader("x-ratelimit-remaining", "4999")
            .build());
    server.enqueue(
        json(200, "{\"state\":\"success\"}").newBuilder().addHeader("ETag", "W/\"v2\"").build());

    Status first = client.fetch(status(), Status.class);
    HttpResponse second = client.execute(status());
    Status third = client.fetch(status(), Status.class);

    assertThat(first.state()).isEqualTo("pending");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.notModified()).isTrue();
    assertThat(second.json(Status.class).state()).isEqualTo("pending");
    assertThat(second.header("x-ratelimit-remaining")).contains("4999");
    assertThat(third.state()).isEqualTo("success");

    assertThat(take(server).getHeaders().get("If-None-Match")).isNull();
    assertThat(take(server).getHeaders().get("If-None-Match")).isEqualTo("W/\"v1\"");
    assertThat(take(server).getHeaders().get("If-None-Match")).isEqualTo("W/\"v1\"");
    assertThat(counter.notModified()).isEqualTo(1);
    assertThat(counter.requests()).isEqualTo(3);
  }

  @Test
  void offUnlessAskedAndAskablePerRequest() throws Exception {
    RestClient client = fakes.client(server).build();
    for (int i = 0; i < 4; i++) {
      server.enqueue(
          json(200, "{\"state\":\"pending\"}").newBuilder().addHeader("ETag", "\"e\"").build());
    }

    client.execute(status());
    client.execute(status());
    HttpRequest polled = status().newBuilder().conditional(true).build();
    client.execute(polled);
    client.execute(polled);

    assertThat(take(server).getHeaders().get("If-None-Match")).isNull();
    assertThat(take(server).getHeaders().get("If-None-Match")).isNull();
    assertThat(take(server).getHeaders().get("If-None-Match")).isNull();
    assertThat(take(server).getHeaders().get("If-None-Match")).isEqualTo("\"e\"");
  }

  @Test
  void theMemoryIsPerUrlAndPerAcceptAndBounded() throws Exception {
    RestClient client = fakes.client(server).conditionalRequests(true).etagCacheSize(1).build();
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(200, "{}").newBuilder().addHeader("ETag", "\"e" + i + "\"").build());
    }

    client.execute(HttpRequest.get().path("a").build()); // remembers a
    client.execute(HttpRequest.get().path("a").accept("application/vnd.github.raw+json").build());
    client.execute(HttpRequest.get().path("b").build()); // evicts a (size 1)
    client.execute(HttpRequest.get().path("a").build());
    client.execute(HttpRequest.get().path("b").build());

    RecordedRequest[] r = new RecordedRequest[5];
    for (int i = 0; i < 5; i++) {
      r[i] = take(server);
    }
    assertThat(r[1].getHeaders().get("If-None-Match")).isNull(); // other Accept
    assertThat(r[3].getHeaders().get("If-None-Match")).isNull(); // evicted
    assertThat(r[4].getHeaders().get("If-None-Match")).isNull(); // evicted by a
  }

  @Test
  void aPostIsNeverConditional() throws Exception {
    RestClient client = fakes.client(server).conditionalRequests(true).build();
    server.enqueue(json(200, "{}").newBuilder().addHeader("ETag", "\"e\"").build());
    server.enqueue(json(200, "{}").newBuilder().addHeader("ETag", "\"e\"").build());

    client.execute(
        HttpRequest.post().path("graphql").body(new byte[] {'{', '}'}, "application/json").build());
    client.execute(
        HttpRequest.post().path("graphql").body(new byte[] {'{', '}'}, "application/json").build());

    take(server);
    assertThat(take(server).getHeaders().get("If-None-Match")).isNull();
  }
}
