package dev.gitops.promotion.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Error bodies, loopback detection, secret scrubbing and the ETag memory. */
class SmallPartsTest {

  private static Optional<String> message(String body) {
    return ErrorBodies.message(
        body.getBytes(StandardCharsets.UTF_8), Optional.of("application/json"));
  }

  @Test
  void errorBodiesOfEveryHost() {
    assertThat(message("{\"message\":\"Not Found\",\"documentation_url\":\"https://docs\"}"))
        .contains("Not Found");
    assertThat(
            message(
                "{\"message\":\"Validation Failed\",\"errors\":[\"one\",{\"resource\":\"Issue\",\"field\":\"title\",\"code\":\"missing_field\"}]}"))
        .contains("Validation Failed; one; Issue field title missing_field");
    assertThat(message("{\"message\":{\"source_branch\":[\"is invalid\",\"is too long\"]}}"))
        .contains("source_branch is invalid, is too long");
    assertThat(message("{\"error\":\"insufficient_scope\",\"error_description\":\"needs api\"}"))
        .contains("insufficient_scope; needs api");
    assertThat(
            message(
                "{\"error\":\"x\",\"code\":5,\"message\":\"app \\\"nope\\\" not found\",\"details\":[]}"))
        .contains("app \"nope\" not found");
    assertThat(
            message(
                "{\"kind\":\"Status\",\"message\":\"not found\",\"reason\":\"NotFound\",\"code\":404}"))
        .contains("not found; reason NotFound");
    assertThat(message("{\"reason\":\"not a Status\"}")).isEmpty();
    assertThat(message("\"just a string\"")).contains("just a string");
    assertThat(message("[]")).isEmpty();
    assertThat(ErrorBodies.message(new byte[0], Optional.empty())).isEmpty();
  }

  @Test
  void errorMessagesAreOneSafeBoundedLine() {
    String longOne = "x".repeat(1000);
    assertThat(message("{\"message\":\"" + longOne + "\"}"))
        .hasValueSatisfying(m -> assertThat(m).hasSize(ErrorBodies.MAX).endsWith("..."));
    assertThat(message("{\"message\":\"see https://user:pw@host/x\\nnext\"}"))
        .contains("see https://***@host/x\\nnext");
  }

  @Property
  void loopbackIsExactly127SlashEightLocalhostAndV6One(
      @ForAll @IntRange(min = 0, max = 255) int a,
      @ForAll @IntRange(min = 0, max = 255) int b,
      @ForAll @IntRange(min = 0, max = 255) int c) {
    assertThat(Urls.isLoopback("127." + a + "." + b + "." + c)).isTrue();
    assertThat(Urls.isLoopback((a == 127 ? 128 : a) + "." + b + "." + c + ".1")).isFalse();
    assertThat(Urls.isLoopback("127." + a + "." + b + "." + c + ".nip.io")).isFalse();
  }

  @Test
  void loopbackNames() {
    assertThat(
            List.of("localhost", "LOCALHOST", "api.localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1"))
        .allSatisfy(h -> assertThat(Urls.isLoopback(h)).as(h).isTrue());
    assertThat(List.of("localhost.example", "127.0.0.256", "127.0.0", "::2", "example.com"))
        .allSatisfy(h -> assertThat(Urls.isLoopback(h)).as(h).isFalse());
  }

  @Test
  void secretValuesOfCredentialHeadersAreScrubbed() {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("robot:pa55word!".getBytes(StandardCharsets.UTF_8));
    var secrets = Secrets.valuesOf(List.of("Bearer ghp_abcdef123456", basic, "glpat-xyz"));
    String text =
        "token ghp_abcdef123456 user robot:pa55word! and pa55word! and glpat-xyz, Bearer words";
    assertThat(Secrets.scrub(text, secrets))
        .doesNotContain("ghp_abcdef123456", "pa55word!", "glpat-xyz")
        .contains("Bearer words");
  }

  @Test
  void sensitiveNames() {
    assertThat(
            List.of(
                "Authorization",
                "PRIVATE-TOKEN",
                "Job-Token",
                "X-Api-Key",
                "Cookie",
                "private_token",
                "X-Amz-Signature",
                "sig"))
        .allSatisfy(n -> assertThat(Secrets.isSensitiveName(n)).as(n).isTrue());
    assertThat(
            List.of("Accept", "X-GitHub-Api-Version", "User-Agent", "per_page", "state", "keyset"))
        .allSatisfy(n -> assertThat(Secrets.isSensitiveName(n)).as(n).isFalse());
  }

  @Test
  void theEtagMemoryForgetsTheLeastRecentlyUsedAndSkipsLargeBodies() {
    EtagCache cache = new EtagCache(2, 10);
    EtagCache.Entry small = new EtagCache.Entry("\"a\"", 200, Map.of(), new byte[5]);
    cache.put("a", small);
    cache.put("b", small);
    cache.get("a");
    cache.put("c", small);
    cache.put("big", new EtagCache.Entry("\"x\"", 200, Map.of(), new byte[11]));

    assertThat(cache.get("a")).isPresent();
    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("c")).isPresent();
    assertThat(cache.get("big")).isEmpty();
    assertThat(cache.size()).isEqualTo(2);
  }
}
