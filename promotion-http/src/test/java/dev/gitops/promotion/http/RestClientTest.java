package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static dev.gitops.promotion.http.testing.MockHttp.body;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Requests as the hosts need them, and responses read back. */
class RestClientTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();

  record Pull(int number, String state, Head head) {}

  record Head(String ref, String sha) {}

  record NewPull(String title, String head, String base, String body) {}

  @Test
  void defaultHeadersUserAgentAndCredentialsGoWithEveryRequest() throws Exception {
    RestClient github =
        fakes
            .client(server)
            .defaultHeader("Accept", "application/vnd.github+json")
            .defaultHeader("X-GitHub-Api-Version", "2022-11-28")
            .userAgent("promotion-tests/1")
            .credentials(Credentials.bearer("ghp_exampletoken"))
            .build();
    server.enqueue(
        json(
            200,
            "{\"number\":42,\"state\":\"open\",\"head\":{\"ref\":\"x\",\"sha\":\"abc\"},"
                + "\"unknown_field\":{\"nested\":[1,2]}}"));

    Pull pr =
        github.fetch(
            HttpRequest.get().segments("repos", "o", "r", "pulls", "42").build(), Pull.class);

    assertThat(pr).isEqualTo(new Pull(42, "open", new Head("x", "abc")));
    RecordedRequest r = take(server);
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getTarget()).isEqualTo("/repos/o/r/pulls/42");
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(r.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(r.getHeaders().get("User-Agent")).isEqualTo("promotion-tests/1");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer ghp_exampletoken");
  }

  @Test
  void aUserAgentIsSentEvenWhenNoneIsSet() throws Exception {
    server.enqueue(json(200, "{}"));
    fakes.client(server).build().execute(HttpRequest.get().path("x").build());
    assertThat(take(server).getHeaders().get("User-Agent")).isEqualTo("promotion-sdk");
  }

  @Test
  void segmentsAreEncodedAsOneSegmentEachAndReachTheServerExactly() throws Exception {
    RestClient gitlab =
        fakes
            .client(server)
            .baseUrl(server.url("/api/v4").toString())
            .credentials(Credentials.header("PRIVATE-TOKEN", "glpat-example"))
            .build();
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "[]"));

    gitlab.execute(
        HttpRequest.get()
            .segments(
                "projects", "group/sub/project", "repository", "branches", "promote/staging/api")
            .build());
    gitlab.fetchList(
        HttpRequest.get()
            .segments("projects", "group/sub/project", "merge_requests")
            .query("source_branch", "promote/staging/api")
            .query("state", "opened")
            .query("per_page", 100)
            .build(),
        Map.class);

    RecordedRequest first = take(server);
    assertThat(first.getTarget())
        .isEqualTo(
            "/api/v4/projects/group%2Fsub%2Fproject/repository/branches/promote%2Fstaging%2Fapi");
    assertThat(first.getHeaders().get("PRIVATE-TOKEN")).isEqualTo("glpat-example");
    assertThat(take(server).getTarget())
        .isEqualTo(
            "/api/v4/projects/group%2Fsub%2Fproject/merge_requests"
                + "?source_branch=promote%2Fstaging%2Fapi&state=opened&per_page=100");
  }

  @Test
  void aRawPathKeepsItsSlashesAndABaseUrlPathIsKept() throws Exception {
    RestClient ghes = fakes.client(server).baseUrl(server.url("/api/v3/").toString()).build();
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));

    ghes.execute(
        HttpRequest.get()
            .segments("repos", "o", "r", "git", "ref")
            .path("heads/feature/x")
            .build());
    ghes.execute(HttpRequest.get().path("/repos/o/r/commits/feature/a b%/status").build());

    assertThat(take(server).getTarget()).isEqualTo("/api/v3/repos/o/r/git/ref/heads/feature/x");
    assertThat(take(server).getTarget())
        .isEqualTo("/api/v3/repos/o/r/commits/feature/a%20b%25/status");
  }

  @Test
  void dotSegmentsAndEmptySegmentsAreRefused() {
    assertThatThrownBy(() -> HttpRequest.get().segments("projects", ".."))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dot segment");
    assertThatThrownBy(() -> HttpRequest.get().segments(""))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HttpRequest.get().path("a/%2e%2E/b"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void jsonBodiesFromRecordsAndMapsAndAMergePatchContentType() throws Exception {
    RestClient client = fakes.client(server).build();
    server.enqueue(json(201, "{\"number\":7,\"state\":\"open\"}"));
    server.enqueue(json(200, "{}"));

    Pull created =
        client.fetch(
            HttpRequest.post()
                .segments("repos", "o", "r", "pulls")
                .jsonBody(new NewPull("Promote api", "o:promote/api", "main", null))
                .build(),
            Pull.class);
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put("reconcile.fluxcd.io/requestedAt", "2025-08-15T11:11:58.123456789Z");
    annotations.put("obsolete", null); // a merge patch deletes a key with null
    client.execute(
        HttpRequest.patch()
            .path("/apis/kustomize.toolkit.fluxcd.io/v1")
            .segments("namespaces", "flux-system", "kustomizations", "apps-prod")
            .contentType("application/merge-patch+json")
            .jsonBody(Map.of("metadata", Map.of("annotations", annotations)))
            .build());

    assertThat(created.number()).isEqualTo(7);
    RecordedRequest post = take(server);
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(body(post))
        .isEqualTo("{\"title\":\"Promote api\",\"head\":\"o:promote/api\",\"base\":\"main\"}");
    RecordedRequest patch = take(server);
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getTarget())
        .isEqualTo(
            "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps-prod");
    assertThat(patch.getHeaders().get("Content-Type")).isEqualTo("application/merge-patch+json");
    assertThat(body(patch))
        .isEqualTo(
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":"
                + "\"2025-08-15T11:11:58.123456789Z\",\"obsolete\":null}}}");
  }

  @Test
  void rawBodiesPerRequestAcceptAndTheOtherMethods() throws Exception {
    RestClient client =
        fakes.client(server).defaultHeader("Accept", "application/vnd.github+json").build();
    server.enqueue(
        response(200)
            .addHeader("Content-Type", "application/vnd.github.raw")
            .body("* @team\n")
            .build());
    server.enqueue(json(201, "{}"));
    server.enqueue(response(200).addHeader("Docker-Content-Digest", "sha256:abc").build());
    server.enqueue(response(204).build());

    HttpResponse raw =
        client.execute(
            HttpRequest.get()
                .segments("repos", "o", "r", "contents", ".github", "CODEOWNERS")
                .accept("application/vnd.github.raw+json")
                .build());
    client.execute(
        HttpRequest.put()
            .path("v2/team/api/manifests/1.0")
            .body(new byte[] {1, 2, 3}, "application/octet-stream")
            .build());
    HttpResponse head =
        client.execute(HttpRequest.head().path("v2/team/api/manifests/latest").build());
    HttpResponse deleted =
        client.execute(HttpRequest.delete().path("repos/o/r/issues/1/labels/x").build());

    assertThat(raw.text()).isEqualTo("* @team\n");
    assertThat(take(server).getHeaders().get("Accept"))
        .isEqualTo("application/vnd.github.raw+json");
    RecordedRequest put = take(server);
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getBody().toByteArray()).containsExactly(1, 2, 3);
    assertThat(put.getHeaders().get("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(take(server).getMethod()).isEqualTo("HEAD");
    assertThat(head.header("docker-content-digest")).contains("sha256:abc");
    assertThat(head.headers().first("DOCKER-CONTENT-DIGEST")).contains("sha256:abc");
    assertThat(take(server).getMethod()).isEqualTo("DELETE");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.bytes()).isEmpty();
  }

  @Test
  void aGetCannotCarryABody() {
    assertThatThrownBy(() -> HttpRequest.get().jsonBody(Map.of()).build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void listsAndFind() throws Exception {
    RestClient client = fakes.client(server).build();
    server.enqueue(json(200, "[{\"number\":1},{\"number\":2}]"));
    server.enqueue(json(404, "{\"message\":\"Branch not protected\"}"));
    server.enqueue(json(200, "{\"number\":3}"));

    List<Pull> pulls = client.fetchList(HttpRequest.get().path("pulls").build(), Pull.class);
    Optional<Pull> absent = client.find(HttpRequest.get().path("protection").build(), Pull.class);
    Optional<Pull> present = client.find(HttpRequest.get().path("pulls/3").build(), Pull.class);

    assertThat(pulls).extracting(Pull::number).containsExactly(1, 2);
    assertThat(absent).isEmpty();
    assertThat(present).map(Pull::number).contains(3);
  }

  @Test
  void anAcceptedStatusIsAnAnswerWithTheHostsMessage() {
    RestClient client = fakes.client(server).build();
    server.enqueue(
        json(409, "{\"message\":\"Head branch was modified. Review and try the merge again.\"}"));

    HttpResponse r =
        client.execute(
            HttpRequest.put()
                .segments("repos", "o", "r", "pulls", "1", "merge")
                .jsonBody(Map.of("sha", "abc"))
                .acceptStatus(405, 409)
                .build());

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.isSuccessful()).isFalse();
    assertThat(r.errorMessage())
        .contains("Head branch was modified. Review and try the merge again.");
  }

  @Test
  void textHonoursTheCharsetAndBytesAreACopy() {
    RestClient client = fakes.client(server).build();
    server.enqueue(
        response(200)
            .addHeader("Content-Type", "text/plain; charset=ISO-8859-1")
            .body(new okio.Buffer().write("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)))
            .build());

    HttpResponse r = client.execute(HttpRequest.get().path("x").build());
    r.bytes()[0] = 'X';

    assertThat(r.text()).isEqualTo("caf\u00e9");
  }

  @Test
  void newBuilderDerivesAVariant() throws Exception {
    RestClient base = fakes.client(server).credentials(Credentials.bearer("one-token")).build();
    RestClient other = base.newBuilder().credentials(Credentials.bearer("two-token")).build();
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));

    base.execute(HttpRequest.get().path("a").build());
    other.execute(HttpRequest.get().path("b").build());

    RecordedRequest first = take(server);
    RecordedRequest second = take(server);
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer one-token");
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer two-token");
    // one connection pool: the variant reused the base client's connection
    assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
    assertThat(second.getExchangeIndex()).isEqualTo(first.getExchangeIndex() + 1);
    assertThat(other.baseUrl()).isEqualTo(base.baseUrl());
  }

  @Test
  void aCallersOkHttpClientIsBuiltOnButItsRedirectsAreNot() throws Exception {
    okhttp3.OkHttpClient callers =
        new okhttp3.OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain.request().newBuilder().header("X-Proxy-Tag", "team-a").build()))
            .build();
    RestClient client = fakes.client(server).okHttpClient(callers).maxRedirects(0).build();
    server.enqueue(response(302).addHeader("Location", "/elsewhere").build());

    assertThatThrownBy(() -> client.execute(HttpRequest.get().path("x").build()))
        .isInstanceOf(dev.gitops.promotion.RemoteUnavailableException.class)
        .hasMessageContaining("redirected (302) more than 0 times");
    assertThat(take(server).getHeaders().get("X-Proxy-Tag")).isEqualTo("team-a");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRequestIsRebuiltWithNewBuilder() {
    HttpRequest r =
        HttpRequest.patch()
            .path("x")
            .jsonBody(Map.of("a", 1))
            .idempotent(true)
            .acceptStatus(409)
            .build();
    HttpRequest copy = r.newBuilder().header("If-Match", "\"1\"").build();

    assertThat(copy.isIdempotent()).isTrue();
    assertThat(copy.acceptedStatuses()).containsExactly(409);
    assertThat(copy.body())
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}"));
    assertThat(copy.headers()).containsKey("if-match");
    assertThat(HttpRequest.patch().build().isIdempotent()).isFalse();
  }

  @Test
  void theClockAndTheBaseUrlAreRequired() {
    assertThatThrownBy(() -> RestClient.builder().clock(fakes.clock).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("base URL");
    assertThatThrownBy(() -> RestClient.builder().baseUrl("https://api.github.com").build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("clock");
    assertThatThrownBy(
            () ->
                RestClient.builder()
                    .baseUrl("https://api.github.com?x=1")
                    .clock(fakes.clock)
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("query");
  }
}
