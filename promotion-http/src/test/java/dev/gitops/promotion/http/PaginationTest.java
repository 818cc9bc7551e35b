package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Pages through {@code Link: rel="next"} and GitLab's {@code x-next-page}. */
class PaginationTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();

  record Issue(int id) {}

  private MockResponse page(String items, String link) {
    MockResponse.Builder b = json(200, items).newBuilder();
    if (link != null) {
      b.addHeader("Link", link);
    }
    return b.build();
  }

  private String url(String pathAndQuery) {
    return server.url(pathAndQuery).toString();
  }

  private void threeLinkedPages() {
    // as GitHub sends them: absolute URLs, next then last; the last page has only prev and first
    server.enqueue(
        page(
            "[{\"id\":1},{\"id\":2}]",
            "<"
                + url("/repositories/1000/issues?per_page=2&page=2")
                + ">; rel=\"next\", <"
                + url("/repositories/1000/issues?per_page=2&page=3")
                + ">; rel=\"last\""));
    server.enqueue(
        page(
            "[{\"id\":3},{\"id\":4}]",
            "<"
                + url("/repositories/1000/issues?per_page=2&page=1")
                + ">; rel=\"prev\", <"
                + url("/repositories/1000/issues?per_page=2&page=3")
                + ">; rel=\"next\", <"
                + url("/repositories/1000/issues?per_page=2&page=1")
                + ">; rel=\"first\""));
    server.enqueue(
        page(
            "[{\"id\":5}]",
            "<"
                + url("/repositories/1000/issues?per_page=2&page=2")
                + ">; rel=\"prev\", <"
                + url("/repositories/1000/issues?per_page=2&page=1")
                + ">; rel=\"first\""));
  }

  @Test
  void threePagesThroughLinkHeadersWithCredentialsOnEach() throws Exception {
    threeLinkedPages();
    RestClient client = fakes.client(server).credentials(Credentials.bearer("page-token")).build();

    List<Issue> all =
        client.fetchAll(
            HttpRequest.get()
                .segments("repositories", "1000", "issues")
                .query("per_page", 2)
                .build(),
            Issue.class,
            10);

    assertThat(all).extracting(Issue::id).containsExactly(1, 2, 3, 4, 5);
    List<RecordedRequest> requests = List.of(take(server), take(server), take(server));
    assertThat(requests)
        .extracting(RecordedRequest::getTarget)
        .containsExactly(
            "/repositories/1000/issues?per_page=2",
            "/repositories/1000/issues?per_page=2&page=2",
            "/repositories/1000/issues?per_page=2&page=3");
    assertThat(requests)
        .allSatisfy(
            r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer page-token"));
  }

  @Test
  void threePagesThroughXNextPage() throws Exception {
    server.enqueue(
        json(200, "[{\"id\":1}]")
            .newBuilder()
            .addHeader("x-next-page", "2")
            .addHeader("x-page", "1")
            .build());
    server.enqueue(
        json(200, "[{\"id\":2}]")
            .newBuilder()
            .addHeader("x-next-page", "3")
            .addHeader("x-page", "2")
            .build());
    server.enqueue(
        json(200, "[{\"id\":3}]")
            .newBuilder()
            .addHeader("x-next-page", "")
            .addHeader("x-page", "3")
            .build());
    RestClient gitlab = fakes.client(server).baseUrl(url("/api/v4")).build();

    List<Issue> all =
        gitlab.fetchAll(
            HttpRequest.get()
                .segments("projects", "group/app", "merge_requests")
                .query("state", "opened")
                .query("per_page", 1)
                .build(),
            Issue.class,
            5);

    assertThat(all).extracting(Issue::id).containsExactly(1, 2, 3);
    assertThat(List.of(take(server), take(server), take(server)))
        .extracting(RecordedRequest::getTarget)
        .containsExactly(
            "/api/v4/projects/group%2Fapp/merge_requests?state=opened&per_page=1",
            "/api/v4/projects/group%2Fapp/merge_requests?state=opened&per_page=1&page=2",
            "/api/v4/projects/group%2Fapp/merge_requests?state=opened&per_page=1&page=3");
  }

  @Test
  void aLinkHeaderWinsOverXNextPageAndRelativeLinksResolve() throws Exception {
    server.enqueue(
        json(200, "[{\"id\":1}]")
            .newBuilder()
            .addHeader("Link", "</v2/team/api/tags/list?n=1&last=a>; rel=\"next\"")
            .addHeader("x-next-page", "9")
            .build());
    server.enqueue(json(200, "[{\"id\":2}]"));

    List<Issue> all =
        fakes
            .client(server)
            .build()
            .fetchAll(
                HttpRequest.get().path("v2/team/api/tags/list").query("n", 1).build(),
                Issue.class,
                5);

    assertThat(all).hasSize(2);
    take(server);
    assertThat(take(server).getTarget()).isEqualTo("/v2/team/api/tags/list?n=1&last=a");
  }

  @Test
  void moreThanMaxPagesIsRefusedRatherThanCutShort() {
    threeLinkedPages();
    RestClient client = fakes.client(server).build();

    assertThatThrownBy(
            () ->
                client.fetchAll(
                    HttpRequest.get().path("repositories/1000/issues").build(), Issue.class, 2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("more than 2 pages");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void pagesAreReadLazilyAndBoundedByMaxPages() {
    threeLinkedPages();
    RestClient client = fakes.client(server).build();

    List<Integer> firstPage =
        client
            .pages(HttpRequest.get().path("repositories/1000/issues").build(), 10)
            .limit(1)
            .flatMap(r -> r.jsonList(Issue.class).stream())
            .map(Issue::id)
            .collect(Collectors.toList());
    assertThat(firstPage).containsExactly(1, 2);
    assertThat(server.getRequestCount()).isEqualTo(1);

    threeLinkedPages();
    assertThat(client.pages(HttpRequest.get().path("repositories/1000/issues").build(), 2).count())
        .isEqualTo(2);
  }

  @Test
  void pagesOfObjectsWithAnArrayInside() {
    server.enqueue(
        page(
            "{\"total_count\":3,\"check_runs\":[{\"id\":1},{\"id\":2}]}",
            "<" + url("/c?page=2") + ">; rel=\"next\""));
    server.enqueue(page("{\"total_count\":3,\"check_runs\":[{\"id\":3}]}", null));
    record CheckRuns(int total_count, List<Issue> check_runs) {}

    List<Issue> runs =
        fakes
            .client(server)
            .build()
            .pages(HttpRequest.get().path("c").build(), 10)
            .flatMap(r -> r.json(CheckRuns.class).check_runs().stream())
            .toList();

    assertThat(runs).extracting(Issue::id).containsExactly(1, 2, 3);
  }

  @Test
  void aNextLinkToAnotherHostGetsNoCredentials() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      server.enqueue(
          page("[{\"id\":1}]", "<" + other.url("/elsewhere?page=2") + ">; rel=\"next\""));
      other.enqueue(json(200, "[{\"id\":2}]"));

      List<Issue> all =
          fakes
              .client(server)
              .credentials(Credentials.bearer("stay-home"))
              .build()
              .fetchAll(HttpRequest.get().path("list").build(), Issue.class, 5);

      assertThat(all).hasSize(2);
      assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer stay-home");
      assertThat(take(other).getHeaders().get("Authorization")).isNull();
    }
  }
}
