package dev.gitops.promotion.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitops.promotion.http.testing.ContractSamples;
import dev.gitops.promotion.http.testing.MockHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A Kubernetes API server holding Flux objects by path: GET answers the object or a 404 Status,
 * PATCH merges {@code metadata.annotations} (merge-patch) and records the patch; hooks let a test
 * play the controller.
 */
final class FakeKubernetes extends Dispatcher {
  private static final ContractSamples SAMPLES = ContractSamples.of("flux");

  static final String KS =
      "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/";
  static final String GIT =
      "/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/";

  final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
  final Map<String, MockResponse> failures = new ConcurrentHashMap<>();
  final List<RecordedRequest> patches = new CopyOnWriteArrayList<>();
  volatile BiConsumer<String, ObjectNode> onGet = (p, o) -> {};

  FakeKubernetes put(String path, ObjectNode object) {
    objects.put(path, object);
    return this;
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    MockResponse failure = failures.get(path);
    if (failure != null) {
      return failure;
    }
    ObjectNode o = objects.get(path);
    if (o == null) {
      return MockHttp.json(404, SAMPLES.load("k8s-status.404.json"));
    }
    if ("PATCH".equals(r.getMethod())) {
      patches.add(r);
      try {
        JsonNode patch = ContractSamples.JSON.readTree(MockHttp.body(r));
        ObjectNode ann = o.withObjectProperty("metadata").withObjectProperty("annotations");
        patch
            .path("metadata")
            .path("annotations")
            .properties()
            .forEach(e -> ann.set(e.getKey(), e.getValue()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return MockHttp.json(200, o);
    }
    onGet.accept(path, o);
    return MockHttp.json(200, o);
  }
}
