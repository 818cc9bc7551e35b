package dev.gitops.promotion.http.testing;

import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * MockWebServer shorthands for the HTTP adapters' tests (promotion-http's test jar): a JSON
 * response, the next request (failing rather than waiting for ever), a request's body.
 */
public final class MockHttp {
  private MockHttp() {}

  /** A response with status {@code code} and {@code body} (its {@code toString()}) as JSON. */
  public static MockResponse json(int code, Object body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body.toString())
        .build();
  }

  /** The next request {@code server} got, waiting up to five seconds for it. */
  public static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the server got no request");
    }
    return r;
  }

  /** The body of {@code r} as UTF-8 text, empty when it has none. */
  public static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().utf8();
  }
}
