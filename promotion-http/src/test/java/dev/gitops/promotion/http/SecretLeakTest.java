package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Everything the client produces (exception messages and their causes, every toString, listener
 * events, the log through SLF4J) is searched for the secrets it was given, and none is found.
 */
class SecretLeakTest {
  static final String TOKEN = "ghp_LEAKCANARY0123456789abcdef";
  static final String GITLAB = "glpat-LEAKCANARY-9876";
  static final String PASSWORD = "pw-LEAKCANARY-5555";
  static final List<String> SECRETS = List.of(TOKEN, GITLAB, PASSWORD, "LEAKCANARY");

  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer other = new MockWebServer();
  final Fakes fakes = new Fakes();
  final List<String> produced = new ArrayList<>();

  final HttpEventListener recorder =
      new HttpEventListener() {
        @Override
        public void requestStarted(RequestInfo request) {
          produced.add(request.toString());
        }

        @Override
        public void requestFailed(RequestInfo request, String reason) {
          produced.add(request + " " + reason);
        }

        @Override
        public void waiting(RequestInfo request, Duration wait, String reason) {
          produced.add(request + " " + wait + " " + reason);
        }
      };

  private void collect(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      produced.add(trace.toString());
      produced.add(String.valueOf(e));
    }
  }

  @Test
  void noSecretAppearsAnywhere() throws Exception {
    Credentials bearer = Credentials.bearer(TOKEN);
    Credentials gitlab = Credentials.header("PRIVATE-TOKEN", GITLAB);
    Credentials basic = Credentials.basic("robot", PASSWORD);
    Credentials supplied = Credentials.bearer(() -> TOKEN);
    Credentials refreshing =
        Credentials.refreshing(
            () -> new ExpiringToken(TOKEN, fakes.clock.instant().plusSeconds(3600)), fakes.clock);
    RestClient client =
        fakes
            .client(server)
            .credentials(bearer)
            .listener(recorder)
            .readTimeout(Duration.ofMillis(300))
            .retryPolicy(
                HttpRetryPolicy.builder().maxAttempts(2).maxWait(Duration.ofSeconds(90)).build())
            .build();
    // (a host can only quote back what it was sent: this client's token)
    String echo = "{\"message\":\"Bad credentials for " + TOKEN + "\"}";

    // a host that quotes the token back, in an error, in a rate limit and in broken JSON
    server.enqueue(json(401, echo));
    collect(() -> client.execute(HttpRequest.get().path("user").build()));
    server.enqueue(
        response(403)
            .addHeader("x-ratelimit-remaining", "0")
            .addHeader(
                "x-ratelimit-reset", "" + fakes.clock.instant().plusSeconds(5).getEpochSecond())
            .body("{\"message\":\"rate limit for " + TOKEN + "\"}")
            .build());
    server.enqueue(response(429).addHeader("Retry-After", "3600").body(echo).build());
    collect(() -> client.execute(HttpRequest.get().path("repos").build()));
    server.enqueue(json(200, "{\"token\": \"" + TOKEN));
    collect(() -> client.fetch(HttpRequest.get().path("broken").build(), Map.class));
    server.enqueue(
        response(200)
            .addHeader("Content-Type", "text/html")
            .body("<html>" + TOKEN + "</html>")
            .build());
    collect(() -> client.fetch(HttpRequest.get().path("html").build(), Map.class));
    // accepted statuses carry the host's message, scrubbed
    server.enqueue(json(422, echo));
    HttpResponse accepted =
        client.execute(
            HttpRequest.post().path("pulls").jsonBody(Map.of("a", 1)).acceptStatus(422).build());
    produced.add(accepted.toString());
    produced.add(accepted.errorMessage().orElse(""));
    produced.add(accepted.headers().toString());
    // timeouts, for a GET and a POST
    server.enqueue(json(200, "{}").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
    server.enqueue(json(200, "{}").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
    collect(() -> client.execute(HttpRequest.get().path("slow").build()));
    server.enqueue(json(200, "{}").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
    collect(() -> client.execute(HttpRequest.post().path("slow").jsonBody(Map.of()).build()));
    // a redirect to another host
    server.enqueue(
        response(302).addHeader("Location", "http://127.0.0.1:" + other.getPort() + "/x").build());
    other.enqueue(json(500, echo));
    collect(() -> client.execute(HttpRequest.get().path("moved").build()));
    // bad input that holds a secret
    collect(
        () ->
            RestClient.builder()
                .baseUrl("https://robot:" + PASSWORD + "@gitlab.example")
                .clock(fakes.clock)
                .build());
    collect(
        () ->
            fakes
                .client(server)
                .credentials(Credentials.bearer(TOKEN + "\nX-Injected: 1"))
                .build()
                .execute(HttpRequest.get().path("x").build()));
    collect(() -> HttpRequest.get().header("PRIVATE-TOKEN", GITLAB + "\r\n"));
    collect(() -> Credentials.basic("robot:" + PASSWORD, "x"));

    HttpRequest withSecrets =
        HttpRequest.get()
            .path("projects")
            .query("private_token", GITLAB)
            .header("Authorization", "Bearer " + TOKEN)
            .credentials(basic)
            .build();
    for (Object o :
        List.of(
            client,
            bearer,
            gitlab,
            basic,
            supplied,
            refreshing,
            withSecrets,
            new ExpiringToken(TOKEN, fakes.clock.instant()),
            HttpHeaders.of(
                Map.of(
                    "Authorization", List.of("Bearer " + TOKEN), "PRIVATE-TOKEN", List.of(GITLAB))),
            fakes.client(server).credentials(gitlab).build())) {
      produced.add(o.toString());
    }
    refreshing.headers();
    produced.add(refreshing.toString());

    String log =
        Files.readString(
            Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")), StandardCharsets.UTF_8);
    String all = String.join("\n", produced) + "\n" + log;

    // the checks ran against real output
    assertThat(all)
        .contains(
            "answered 401",
            "rate-limited",
            "timed out",
            "not well-formed JSON",
            "HTML page",
            "may have taken effect");
    assertThat(log).contains("GET localhost:" + server.getPort() + "/user -> 401");
    for (String secret : SECRETS) {
      assertThat(all).as("output holding " + secret).doesNotContain(secret);
    }
  }
}
