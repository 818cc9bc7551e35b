package dev.gitops.promotion.argocd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The contract's Argo CD samples (test resources, copied from shared/contracts/argocd/samples). */
final class Samples {
  static final ObjectMapper JSON = new ObjectMapper();

  private Samples() {}

  /** A sample as a mutable tree, its {@code _note} removed. */
  static ObjectNode load(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/argocd/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      ObjectNode node = (ObjectNode) JSON.readTree(in);
      node.remove("_note");
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One entry of errors.examples.json. */
  static ObjectNode error(String key) {
    return (ObjectNode) load("errors.examples.json").get(key);
  }

  static MockResponse json(int code, Object body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body.toString())
        .build();
  }

  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the server got no request");
    }
    return r;
  }

  static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().utf8();
  }
}
