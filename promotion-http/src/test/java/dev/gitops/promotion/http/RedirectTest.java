package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static dev.gitops.promotion.http.testing.MockHttp.body;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.RemoteUnavailableException;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** Redirects are followed by the client: credentials stay home, https never falls to http. */
class RedirectTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer other = new MockWebServer();
  final Fakes fakes = new Fakes();

  private String otherHost(String path) {
    // another host name for the same machine: 127.0.0.1 instead of localhost
    return "http://127.0.0.1:" + other.getPort() + path;
  }

  @Test
  void aRedirectToAnotherHostDropsCredentials() throws Exception {
    RestClient gitlab =
        fakes
            .client(server)
            .credentials(Credentials.header("PRIVATE-TOKEN", "glpat-secret-value"))
            .defaultHeader("X-Trace", "keep-me")
            .build();
    server.enqueue(
        response(301).addHeader("Location", otherHost("/api/v4/projects/moved")).build());
    other.enqueue(json(200, "{\"id\":1}"));

    HttpResponse r =
        gitlab.execute(
            HttpRequest.get()
                .path("api/v4/projects/old")
                .header("Authorization", "Bearer manual-secret")
                .build());

    assertThat(r.status()).isEqualTo(200);
    RecordedRequest first = take(server);
    assertThat(first.getHeaders().get("PRIVATE-TOKEN")).isEqualTo("glpat-secret-value");
    RecordedRequest second = take(other);
    assertThat(second.getTarget()).isEqualTo("/api/v4/projects/moved");
    assertThat(second.getHeaders().get("PRIVATE-TOKEN")).isNull();
    assertThat(second.getHeaders().get("Authorization")).isNull();
    assertThat(second.getHeaders().get("X-Trace")).isEqualTo("keep-me");
  }

  @Test
  void aBearerTokenIsNotSentToAnotherPortEither() throws Exception {
    RestClient github = fakes.client(server).credentials(Credentials.bearer("ghp_token")).build();
    server.enqueue(response(302).addHeader("Location", other.url("/blob").toString()).build());
    other.enqueue(response(200).body("bytes").build());

    github.execute(HttpRequest.get().path("repos/o/r/tarball").build());

    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer ghp_token");
    assertThat(take(other).getHeaders().get("Authorization")).isNull();
  }

  @Test
  void aSameHostRedirectKeepsCredentialsAndTheMethodAndBody() throws Exception {
    RestClient github = fakes.client(server).credentials(Credentials.bearer("ghp_token")).build();
    server.enqueue(response(307).addHeader("Location", "/repositories/42/pulls").build());
    server.enqueue(json(201, "{}"));

    github.execute(
        HttpRequest.post().path("repos/old/name/pulls").jsonBody(Map.of("title", "t")).build());

    take(server);
    RecordedRequest second = take(server);
    assertThat(second.getTarget()).isEqualTo("/repositories/42/pulls");
    assertThat(second.getMethod()).isEqualTo("POST");
    assertThat(body(second)).isEqualTo("{\"title\":\"t\"}");
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer ghp_token");
  }

  @Test
  void a303TurnsIntoAGetWithoutBody() throws Exception {
    server.enqueue(response(303).addHeader("Location", "/result").build());
    server.enqueue(json(200, "{}"));

    fakes
        .client(server)
        .build()
        .execute(HttpRequest.post().path("jobs").jsonBody(Map.of("a", 1)).build());

    take(server);
    RecordedRequest second = take(server);
    assertThat(second.getMethod()).isEqualTo("GET");
    assertThat(second.getBodySize()).isZero();
  }

  @Test
  void redirectsAreBounded() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(response(302).addHeader("Location", "/loop").build());
    }
    RestClient client = fakes.client(server).maxRedirects(2).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.execute(HttpRequest.get().path("loop").build()));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("more than 2 times");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aRedirectFromHttpsToHttpIsRefused() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate cert =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca)
            .build();
    try (MockWebServer tls = new MockWebServer()) {
      tls.useHttps(
          new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
      tls.start();
      tls.enqueue(response(302).addHeader("Location", other.url("/plain").toString()).build());
      RestClient client =
          fakes
              .client(tls)
              .trustedCertificatesPem(ca.certificatePem())
              .credentials(Credentials.bearer("tls-only"))
              .build();

      RemoteUnavailableException e =
          catchThrowableOfType(
              RemoteUnavailableException.class,
              () -> client.execute(HttpRequest.get().path("x").build()));

      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("from https to http://localhost:" + other.getPort())
          .contains("refused");
      assertThat(other.getRequestCount()).isZero();
    }
  }
}
