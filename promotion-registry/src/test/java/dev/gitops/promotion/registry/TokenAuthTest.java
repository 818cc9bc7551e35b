package dev.gitops.promotion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.http.HttpRetryPolicy;
import dev.gitops.promotion.spi.ResolvedImage;
import dev.gitops.promotion.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The distribution spec's token flow against MockWebServer: a 401 with a Bearer challenge, the
 * token endpoint (anonymous or with the login as basic auth), the retry with the token, the token
 * cached per scope until it expires; basic challenges; digests checked against the body.
 */
class TokenAuthTest {
  @StartStop final MockWebServer registry = new MockWebServer();
  @StartStop final MockWebServer tokens = new MockWebServer();
  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-01T09:00:00Z"));

  static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":"
          + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
          + "\"size\":2},\"layers\":[]}";
  static final ImageDigest DIGEST =
      OciRegistry.hash("sha256", MANIFEST.getBytes(StandardCharsets.UTF_8));

  ImageReference image() {
    return ImageReference.parse("localhost:" + registry.getPort() + "/team/api:v1.4.2");
  }

  OciRegistry.Builder client() {
    return OciRegistry.builder()
        .clock(clock)
        .sleeper(clock::advance)
        .retryPolicy(HttpRetryPolicy.none());
  }

  MockResponse challenge(String scheme) {
    String realm = "http://127.0.0.1:" + tokens.getPort() + "/token";
    return new MockResponse.Builder()
        .code(401)
        .addHeader(
            "WWW-Authenticate",
            scheme.equals("Basic")
                ? "Basic realm=\"Registry Realm\""
                : "Bearer realm=\""
                    + realm
                    + "\",service=\"registry.test\",scope=\"repository:team/api:pull\"")
        .build(); // a HEAD answer has no body
  }

  static MockResponse head(ImageDigest digest) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json");
    if (digest != null) {
      b.addHeader("Docker-Content-Digest", digest.toString());
    }
    return b.build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the server got no request");
    }
    return r;
  }

  @Test
  void aBearerChallengeFetchesAnAnonymousTokenAndRetriesWithIt() throws Exception {
    registry.enqueue(challenge("Bearer"));
    tokens.enqueue(json(200, "{\"token\":\"tok-1\",\"expires_in\":300}"));
    registry.enqueue(head(DIGEST));

    ResolvedImage r = client().build().resolve(image());

    assertThat(r.digest()).isEqualTo(DIGEST);
    RecordedRequest first = take(registry);
    assertThat(first.getMethod()).isEqualTo("HEAD");
    assertThat(first.getTarget()).isEqualTo("/v2/team/api/manifests/v1.4.2");
    assertThat(first.getHeaders().get("Accept"))
        .contains("application/vnd.oci.image.index.v1+json")
        .contains("application/vnd.docker.distribution.manifest.v2+json");
    assertThat(first.getHeaders().get("Authorization")).isNull();
    RecordedRequest token = take(tokens);
    assertThat(token.getTarget())
        .isEqualTo("/token?service=registry.test&scope=repository%3Ateam%2Fapi%3Apull");
    assertThat(token.getHeaders().get("Authorization")).isNull();
    assertThat(take(registry).getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
  }

  @Test
  void theTokenIsCachedPerScopeUntilItExpires() throws Exception {
    registry.enqueue(challenge("Bearer"));
    tokens.enqueue(json(200, "{\"token\":\"tok-1\",\"expires_in\":300}"));
    registry.enqueue(head(DIGEST));
    registry.enqueue(head(DIGEST));
    OciRegistry client = client().build();
    client.resolve(image());
    clock.advance(Duration.ofSeconds(200));
    client.resolve(image());
    take(registry);
    take(registry);
    assertThat(take(registry).getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
    assertThat(tokens.getRequestCount()).isEqualTo(1);

    // past its expiry the cached token is not sent; the registry challenges again
    clock.advance(Duration.ofSeconds(200));
    registry.enqueue(challenge("Bearer"));
    tokens.enqueue(json(200, "{\"access_token\":\"tok-2\"}"));
    registry.enqueue(head(DIGEST));
    client.resolve(image());
    assertThat(take(registry).getHeaders().get("Authorization")).isNull();
    assertThat(take(registry).getHeaders().get("Authorization")).isEqualTo("Bearer tok-2");
    assertThat(tokens.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theLoginOfADockerConfigGoesToTheTokenEndpointAsBasicAuth() throws Exception {
    String auth =
        Base64.getEncoder().encodeToString("robot$ci:s3cr3t-pa55".getBytes(StandardCharsets.UTF_8));
    DockerConfig config =
        DockerConfig.parse(
            "{\"auths\":{\"localhost:" + registry.getPort() + "\":{\"auth\":\"" + auth + "\"}}}",
            "test");
    registry.enqueue(challenge("Bearer"));
    tokens.enqueue(json(200, "{\"token\":\"tok-1\"}"));
    registry.enqueue(head(DIGEST));

    client().dockerConfig(config).build().resolve(image());

    take(registry);
    String basic = take(tokens).getHeaders().get("Authorization");
    assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("robot$ci:s3cr3t-pa55");
    // the registry itself never sees the password
    assertThat(take(registry).getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
  }

  @Test
  void aBasicChallengeIsAnsweredWithTheLogin() throws Exception {
    registry.enqueue(challenge("Basic"));
    registry.enqueue(head(DIGEST));
    registry.enqueue(head(DIGEST));
    OciRegistry client =
        client().login("localhost:" + registry.getPort(), new RegistryLogin("ada", "pw")).build();
    client.resolve(image());
    client.resolve(image());
    assertThat(take(registry).getHeaders().get("Authorization")).isNull();
    assertThat(take(registry).getHeaders().get("Authorization")).startsWith("Basic ");
    // once the registry asked for basic auth, it is sent right away
    assertThat(take(registry).getHeaders().get("Authorization")).startsWith("Basic ");
  }

  @Test
  void aRefusedLoginIsAnErrorThatNamesTheUserButNotThePassword() {
    registry.enqueue(challenge("Bearer"));
    tokens.enqueue(json(401, "{\"details\":\"incorrect username or password\"}"));
    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () ->
                client()
                    .login(
                        "localhost:" + registry.getPort(),
                        new RegistryLogin("ada", "hunter2-secret"))
                    .build()
                    .resolve(image()));
    assertThat(e.getMessage())
        .contains("refused the login of user 'ada' for repository:team/api:pull")
        .doesNotContain("hunter2-secret");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void withoutADigestHeaderTheManifestIsFetchedAndHashed() throws Exception {
    registry.enqueue(head(null));
    registry.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .body(MANIFEST)
            .build());
    ResolvedImage r = client().build().resolve(image());
    assertThat(r.digest()).isEqualTo(DIGEST);
    assertThat(take(registry).getMethod()).isEqualTo("HEAD");
    assertThat(take(registry).getMethod()).isEqualTo("GET");
  }

  @Test
  void aManifestThatDoesNotHashToTheDigestTheRegistrySaidIsRefused() {
    ImageDigest other = OciRegistry.hash("sha256", new byte[] {42});
    registry.enqueue(head(other));
    registry.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .addHeader("Docker-Content-Digest", other.toString())
            .body(MANIFEST)
            .build());
    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> client().verifyDigests(true).build().resolve(image()));
    assertThat(e.getMessage()).contains("hashes to " + DIGEST).contains("while it said " + other);
  }

  @Test
  void tagsFollowTheLinkHeader() throws Exception {
    registry.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("Link", "</v2/team/api/tags/list?n=2&last=b>; rel=\"next\"")
            .body("{\"name\":\"team/api\",\"tags\":[\"a\",\"b\"]}")
            .build());
    registry.enqueue(json(200, "{\"name\":\"team/api\",\"tags\":[\"c\"]}"));
    assertThat(client().pageSize(2).build().tags(image())).containsExactly("a", "b", "c");
    assertThat(take(registry).getTarget()).isEqualTo("/v2/team/api/tags/list?n=2");
    assertThat(take(registry).getTarget()).isEqualTo("/v2/team/api/tags/list?n=2&last=b");
  }

  @Test
  void moreThanMaxPagesIsRefusedRatherThanCut() {
    for (int i = 0; i < 3; i++) {
      registry.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .addHeader("Link", "</v2/team/api/tags/list?n=1&last=t" + i + ">; rel=\"next\"")
              .body("{\"tags\":[\"t" + i + "\"]}")
              .build());
    }
    assertThat(
            catchThrowableOfType(
                    dev.gitops.promotion.InvalidInputException.class,
                    () -> client().pageSize(1).maxPages(2).build().tags(image()))
                .getMessage())
        .contains("take more than 2 pages of 1");
  }
}
