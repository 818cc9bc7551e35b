package dev.gitops.promotion.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain http only to this machine unless allowed; no user-info in URLs. */
class PlainHttpTest {
  final Fakes fakes = new Fakes();

  private RestClient build(String url, boolean allow) {
    return RestClient.builder().baseUrl(url).clock(fakes.clock).allowPlainHttp(allow).build();
  }

  @Test
  void plainHttpToAnotherHostIsRefusedAtBuildTime() {
    assertThatThrownBy(() -> build("http://gitlab.internal.example/api/v4", false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("http://gitlab.internal.example")
        .hasMessageContaining("plain http")
        .hasMessageContaining("allowPlainHttp(true)");
  }

  @Test
  void allowPlainHttpLetsItThrough() {
    assertThat(build("http://gitlab.internal.example/api/v4", true).baseUrl())
        .isEqualTo("http://gitlab.internal.example/api/v4");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080/",
        "http://127.0.0.1:9/api",
        "http://127.1.2.3/",
        "http://[::1]:8080/"
      })
  void loopbackIsAllowed(String url) {
    assertThat(build(url, false).baseUrl()).startsWith("http://");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1.example.com/", "http://10.0.0.1/", "http://localhost.example/"})
  void lookalikesAreNotLoopback(String url) {
    assertThatThrownBy(() -> build(url, false)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void userInfoInTheBaseUrlIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> build("https://oauth2:glpat-xyz-secret@gitlab.example/api/v4", false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Credentials")
        .hasMessageNotContaining("glpat-xyz-secret");
  }

  @Test
  void anAbsoluteRequestUrlOverPlainHttpIsRefusedToo() {
    RestClient client = build("https://api.github.com", false);
    assertThatThrownBy(
            () -> client.execute(HttpRequest.get().url("http://auth.example/token").build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("plain http");
  }

  @Test
  void notAUrl() {
    assertThatThrownBy(() -> build("ftp://example.com", false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not an absolute http or https URL");
  }
}
