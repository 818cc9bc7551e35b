package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.RemoteUnavailableException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Statuses the caller did not accept become typed errors with the host's own message. */
class ErrorsTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();

  record Pull(int number) {}

  private RemoteUnavailableException fail(MockResponse response, HttpRequest request) {
    server.enqueue(response);
    RestClient client = fakes.client(server).retryPolicy(HttpRetryPolicy.none()).build();
    return catchThrowableOfType(
        RemoteUnavailableException.class, () -> client.fetch(request, Pull.class));
  }

  private RemoteUnavailableException fail(MockResponse response) {
    return fail(response, HttpRequest.get().segments("repos", "o", "r", "pulls", "9").build());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          400 | {"error":"another operation is already in progress","code":9,"message":"another operation is already in progress","details":[]} | another operation is already in progress
          401 | {"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"} | Bad credentials
          403 | {"kind":"Status","apiVersion":"v1","status":"Failure","message":"kustomizations is forbidden: User cannot patch","reason":"Forbidden","code":403} | kustomizations is forbidden: User cannot patch; reason Forbidden
          404 | {"message":"404 Project Not Found"} | 404 Project Not Found
          405 | {"message":"405 Method Not Allowed"} | 405 Method Not Allowed
          409 | {"message":["Another open merge request already exists for this source branch: !38"]} | Another open merge request already exists for this source branch: !38
          422 | {"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for o:promote/api."}]} | Validation Failed; A pull request already exists for o:promote/api.
          422 | {"message":{"title":["is too long (maximum is 255 characters)"],"base":["Branch cannot be merged"]}} | title is too long (maximum is 255 characters); Branch cannot be merged
          401 | {"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]} | UNAUTHORIZED: authentication required
          400 | {"error":"invalid_grant","error_description":"The provided authorization grant is invalid"} | invalid_grant; The provided authorization grant is invalid
          """)
  void theHostsOwnMessageIsRead(int status, String body, String expected) {
    RemoteUnavailableException e = fail(json(status, body));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).hasValue(status);
    assertThat(e.host()).isEqualTo("localhost:" + server.getPort());
    assertThat(e.retryAt()).isEmpty();
    assertThat(e.getMessage())
        .startsWith(
            "localhost:"
                + server.getPort()
                + " answered "
                + status
                + " to GET /repos/o/r/pulls/9: ")
        .contains(expected);
  }

  @Test
  void theMessageSaysWhatToDo() {
    assertThat(fail(json(404, "{\"message\":\"Not Found\"}")).getMessage())
        .contains("check the path, the base URL and the token's access");
    assertThat(fail(json(401, "{\"message\":\"Bad credentials\"}")).getMessage())
        .contains("check the token");
  }

  @Test
  void aPlainTextBodyGivesItsFirstLineAndControlsAreEscaped() {
    RemoteUnavailableException e =
        fail(
            response(400)
                .addHeader("Content-Type", "text/plain")
                .body("bad \u001b[31mthing\nmore")
                .build());
    assertThat(e.getMessage())
        .contains(": bad \\e[31mthing")
        .doesNotContain("\u001b")
        .doesNotContain("more");
  }

  @Test
  void anHtmlErrorPageIsNamedButNotQuoted() {
    RemoteUnavailableException e =
        fail(
            response(502)
                .addHeader("Content-Type", "text/html")
                .body("<html><body>Bad gateway secret-internal-host</body></html>")
                .build());
    assertThat(e.getMessage())
        .contains("502")
        .contains("an HTML page")
        .doesNotContain("secret-internal-host");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void malformedJsonIsATypedErrorNamingHostMethodPathAndStatus() {
    RemoteUnavailableException e =
        fail(json(200, "{\"number\": 12, \"title\": \"ghp_notreallyasecret"));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).hasValue(200);
    assertThat(e.getMessage())
        .contains("localhost:" + server.getPort())
        .contains("GET /repos/o/r/pulls/9")
        .contains("(200)")
        .contains("not well-formed JSON")
        .doesNotContain("ghp_notreallyasecret");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void jsonOfTheWrongShapeNamesTheProperty() {
    RemoteUnavailableException e = fail(json(200, "{\"number\": \"twelve-ghp_x\"}"));
    assertThat(e.getMessage())
        .contains("does not fit a Pull")
        .contains("property number")
        .doesNotContain("twelve");
  }

  @Test
  void anHtmlPageWhereJsonWasExpectedIsATypedError() {
    RemoteUnavailableException e =
        fail(
            response(200)
                .addHeader("Content-Type", "text/html; charset=utf-8")
                .body("<!DOCTYPE html><html><title>Sign in</title></html>")
                .build());
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains(
            "GET /repos/o/r/pulls/9 (200), but the body is an HTML page where JSON was expected")
        .contains("check the base URL");
  }

  @Test
  void anEmptyBodyWhereJsonWasExpected() {
    assertThat(fail(response(200).build()).getMessage()).contains("the body is empty");
  }

  @Test
  void aListWhereAnObjectWasExpected() {
    server.enqueue(json(200, "{\"number\":1}"));
    RestClient client = fakes.client(server).build();
    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.fetchList(HttpRequest.get().path("pulls").build(), Pull.class));
    assertThat(e.getMessage()).contains("does not fit a list of Pull");
  }

  @Test
  void serverErrorsAreRetryableAndAnUnknownStatusIsNot() {
    assertThat(fail(json(500, "{\"message\":\"Server Error\"}")).isRetryable()).isTrue();
    assertThat(fail(json(418, "{}")).isRetryable()).isFalse();
  }
}
