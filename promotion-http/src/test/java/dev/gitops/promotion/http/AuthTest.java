package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.Fakes.response;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Credentials: the built-in sources, refreshing tokens and challenge-based token auth. */
class AuthTest {
  @StartStop final MockWebServer registry = new MockWebServer();
  @StartStop final MockWebServer tokens = new MockWebServer();
  final Fakes fakes = new Fakes();

  record TokenAnswer(String token) {}

  /**
   * What a registry adapter would write: on a Bearer challenge, fetch a token from the realm (a
   * different host) and retry with it.
   */
  static final class RegistryAuth implements Credentials {
    final Credentials forTokenEndpoint;
    final List<AuthChallenge> challenges = new ArrayList<>();
    volatile String token;

    RegistryAuth(Credentials forTokenEndpoint) {
      this.forTokenEndpoint = forTokenEndpoint;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Authorization", "Bearer " + (token == null ? "static-secret" : token));
    }

    @Override
    public Optional<Credentials> refresh(AuthChallenge challenge, RestClient tokenClient) {
      challenges.add(challenge);
      if (!challenge.isScheme("Bearer") || challenge.param("realm").isEmpty()) {
        return Optional.empty();
      }
      HttpRequest.Builder ask =
          HttpRequest.get()
              .url(challenge.param("realm").get())
              .query("service", challenge.param("service").orElse(""))
              .query("scope", challenge.param("scope").orElse(""));
      if (forTokenEndpoint != null) {
        ask.credentials(forTokenEndpoint);
      }
      token = tokenClient.fetch(ask.build(), TokenAnswer.class).token();
      return Optional.of(this);
    }
  }

  private void challengeThenOk() {
    String realm = "http://127.0.0.1:" + tokens.getPort() + "/token";
    registry.enqueue(
        response(401)
            .addHeader(
                "WWW-Authenticate",
                "Bearer realm=\""
                    + realm
                    + "\",service=\"registry.test\",scope=\"repository:team/api:pull,push\"")
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")
            .build());
    tokens.enqueue(json(200, "{\"token\":\"fresh-registry-token\",\"expires_in\":300}"));
    registry.enqueue(response(200).addHeader("Docker-Content-Digest", "sha256:1234").build());
  }

  @Test
  void aBearerChallengeFetchesATokenAnonymouslyAndRetriesOnce() throws Exception {
    challengeThenOk();
    RegistryAuth auth = new RegistryAuth(null);
    RestClient client = fakes.client(registry).credentials(auth).build();

    HttpResponse r = client.execute(HttpRequest.get().path("v2/team/api/manifests/1.0").build());

    assertThat(r.header("Docker-Content-Digest")).contains("sha256:1234");
    assertThat(auth.challenges)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.scheme()).isEqualTo("Bearer");
              assertThat(c.param("service")).contains("registry.test");
              assertThat(c.param("scope")).contains("repository:team/api:pull,push");
              assertThat(c.host()).isEqualTo("localhost:" + registry.getPort());
            });
    assertThat(take(registry).getHeaders().get("Authorization")).isEqualTo("Bearer static-secret");
    RecordedRequest tokenRequest = take(tokens);
    assertThat(tokenRequest.getTarget())
        .isEqualTo("/token?service=registry.test&scope=repository%3Ateam%2Fapi%3Apull%2Cpush");
    assertThat(tokenRequest.getHeaders().get("Authorization")).isNull();
    assertThat(take(registry).getHeaders().get("Authorization"))
        .isEqualTo("Bearer fresh-registry-token");
  }

  @Test
  void theTokenEndpointGetsBasicAuthOnlyWhenTheRequestAsksForIt() throws Exception {
    challengeThenOk();
    RegistryAuth auth = new RegistryAuth(Credentials.basic("robot$ci", "pa55word"));
    RestClient client = fakes.client(registry).credentials(auth).build();

    client.execute(HttpRequest.get().path("v2/team/api/tags/list").build());

    take(registry);
    String basic = take(tokens).getHeaders().get("Authorization");
    assertThat(basic).startsWith("Basic ");
    assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("robot$ci:pa55word");
  }

  @Test
  void aSecond401AfterARefreshIsTheError() {
    String realm = "http://127.0.0.1:" + tokens.getPort() + "/token";
    for (int i = 0; i < 2; i++) {
      registry.enqueue(
          response(401).addHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\"").build());
    }
    tokens.enqueue(json(200, "{\"token\":\"still-wrong\"}"));
    RegistryAuth auth = new RegistryAuth(null);
    RestClient client = fakes.client(registry).credentials(auth).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.execute(HttpRequest.get().path("v2/").build()));

    assertThat(e.httpStatus()).hasValue(401);
    assertThat(e.isRetryable()).isFalse();
    assertThat(auth.challenges).hasSize(1);
    assertThat(registry.getRequestCount()).isEqualTo(2);
  }

  @Test
  void a401FromAnotherOriginAfterARedirectDoesNotAskTheCredentials() {
    registry.enqueue(
        response(307)
            .addHeader("Location", "http://127.0.0.1:" + tokens.getPort() + "/blob")
            .build());
    tokens.enqueue(
        response(401)
            .addHeader("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:1/x\"")
            .build());
    RegistryAuth auth = new RegistryAuth(null);
    RestClient client = fakes.client(registry).credentials(auth).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.execute(HttpRequest.get().path("v2/team/api/blobs/sha256:1").build()));

    assertThat(e.httpStatus()).hasValue(401);
    assertThat(auth.challenges).isEmpty();
  }

  @Test
  void withoutARefreshA401IsNotRetried() {
    registry.enqueue(json(401, "{\"message\":\"Bad credentials\"}"));
    RestClient client = fakes.client(registry).credentials(Credentials.bearer("wrong")).build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client.execute(HttpRequest.get().path("user").build()));

    assertThat(e.getMessage()).contains("Bad credentials");
    assertThat(registry.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refreshingTokensAreFetchedAgainNearExpiryAndAfterA401() throws Exception {
    AtomicInteger fetched = new AtomicInteger();
    Credentials app =
        Credentials.refreshing(
            () ->
                new ExpiringToken(
                    "ghs_installation_" + fetched.incrementAndGet(),
                    fakes.clock.instant().plus(Duration.ofHours(1))),
            fakes.clock);
    RestClient client = fakes.client(registry).credentials(app).build();
    registry.enqueue(json(200, "{}"));
    registry.enqueue(json(200, "{}"));
    registry.enqueue(json(200, "{}"));
    registry.enqueue(json(401, "{\"message\":\"Bad credentials\"}"));
    registry.enqueue(json(200, "{}"));

    client.execute(HttpRequest.get().path("a").build());
    fakes.clock.advance(Duration.ofMinutes(30));
    client.execute(HttpRequest.get().path("b").build());
    fakes.clock.advance(Duration.ofMinutes(29)); // within a minute of expiry
    client.execute(HttpRequest.get().path("c").build());
    client.execute(HttpRequest.get().path("d").build()); // revoked early: 401, fetch, retry

    assertThat(fetched).hasValue(3);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(take(registry).getHeaders().get("Authorization"));
    }
    assertThat(sent)
        .containsExactly(
            "Bearer ghs_installation_1",
            "Bearer ghs_installation_1",
            "Bearer ghs_installation_2",
            "Bearer ghs_installation_2",
            "Bearer ghs_installation_3");
    assertThat(app.toString()).doesNotContain("ghs_installation");
  }

  @Test
  void aSuppliedTokenIsReadForEveryRequestAndRetriedWhenItRotated() throws Exception {
    List<String> values = new ArrayList<>(List.of("sa-token-1", "sa-token-2"));
    Credentials file =
        Credentials.bearer(() -> values.size() > 1 ? values.remove(0) : values.get(0));
    RestClient client = fakes.client(registry).credentials(file).build();
    registry.enqueue(
        json(
            401,
            "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}"));
    registry.enqueue(json(200, "{}"));

    client.execute(HttpRequest.get().path("apis").build());

    assertThat(take(registry).getHeaders().get("Authorization")).isEqualTo("Bearer sa-token-1");
    assertThat(take(registry).getHeaders().get("Authorization")).isEqualTo("Bearer sa-token-2");
  }

  @Test
  void emptyCredentialsAreRefusedWithoutQuotingAnything() {
    assertThatThrownBy(() -> Credentials.bearer(" ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Credentials.header("PRIVATE-TOKEN", ""))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Credentials.basic("a:b", "x"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aCredentialValueWithALineBreakIsRefusedWithoutQuotingIt() {
    registry.enqueue(json(200, "{}"));
    RestClient client =
        fakes
            .client(registry)
            .credentials(Credentials.header("PRIVATE-TOKEN", "glpat-abc\r\nX-Evil: 1"))
            .build();

    assertThatThrownBy(() -> client.execute(HttpRequest.get().path("x").build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("PRIVATE-TOKEN")
        .hasMessageNotContaining("glpat-abc");
  }
}
