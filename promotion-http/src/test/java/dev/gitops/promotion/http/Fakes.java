package dev.gitops.promotion.http;

import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * A fake clock, a sleeper that records and advances it, and response shorthands (requests are taken
 * with {@link dev.gitops.promotion.http.testing.MockHttp}).
 */
final class Fakes {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final Sleeper sleeper =
      d -> {
        slept.add(d);
        clock.advance(d);
      };

  /** A client for {@code server} on the fake clock, seeded jitter, fast timeouts. */
  RestClient.Builder client(MockWebServer server) {
    return RestClient.builder()
        .baseUrl(server.url("/").toString())
        .clock(clock)
        .sleeper(sleeper)
        .random(new SplittableRandom(7))
        .readTimeout(Duration.ofSeconds(5));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static MockResponse.Builder response(int code) {
    return new MockResponse.Builder().code(code);
  }
}
