package dev.gitops.promotion.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Link, WWW-Authenticate and rate-limit headers, in the shapes the hosts send. */
class HeaderParsersTest {
  static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void githubsLinkHeader() {
    // pagination.link-header.example.json of the GitHub contracts
    String link =
        "<https://api.github.com/repositories/1000/issues?per_page=3&page=2>; rel=\"next\", "
            + "<https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel=\"last\"";
    assertThat(LinkHeader.find(List.of(link), "next"))
        .contains("https://api.github.com/repositories/1000/issues?per_page=3&page=2");
    assertThat(LinkHeader.find(List.of(link), "last"))
        .contains("https://api.github.com/repositories/1000/issues?per_page=3&page=5");
    assertThat(LinkHeader.find(List.of(link), "prev")).isEmpty();
  }

  @Test
  void gitlabsLinkHeadersOffsetAndKeyset() {
    String offset =
        "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel=\"prev\", "
            + "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel=\"next\", "
            + "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel=\"first\", "
            + "<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel=\"last\"";
    String keyset =
        "<https://gitlab.example.com/api/v4/projects?pagination=keyset&per_page=50&order_by=id&sort=asc&id_after=42>; rel=\"next\"";
    assertThat(LinkHeader.find(List.of(offset), "next"))
        .contains("https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3");
    assertThat(LinkHeader.find(List.of(keyset), "next"))
        .hasValueSatisfying(u -> assertThat(u).endsWith("id_after=42"));
  }

  @Test
  void linkHeaderOddities() {
    // a registry's relative link, unquoted rel, several rels, commas inside the URL, two headers
    assertThat(LinkHeader.find(List.of("</v2/_catalog?n=2&last=b>; rel=next"), "next"))
        .contains("/v2/_catalog?n=2&last=b");
    assertThat(LinkHeader.find(List.of("<https://x/a?q=1,2>; rel=\"last next\""), "next"))
        .contains("https://x/a?q=1,2");
    assertThat(
            LinkHeader.find(
                List.of("<https://x/p>; rel=\"prev\"", "<https://x/n>; rel=\"next\""), "next"))
        .contains("https://x/n");
    assertThat(
            LinkHeader.find(
                List.of("<https://x/n>; title=\"a, b; rel=next\"; rel=\"prev\""), "next"))
        .isEmpty();
    assertThat(LinkHeader.find(List.of("garbage, <https://x/n>; rel=\"NEXT\""), "next"))
        .contains("https://x/n");
    assertThat(LinkHeader.find(List.of(""), "next")).isEmpty();
  }

  @Test
  void registryChallenges() {
    List<Challenges.Parsed> c =
        Challenges.parse(
            List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:samalba/my-app:pull,push\""));
    assertThat(c)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.scheme()).isEqualTo("Bearer");
              assertThat(p.params())
                  .containsExactly(
                      Map.entry("realm", "https://auth.docker.io/token"),
                      Map.entry("service", "registry.docker.io"),
                      Map.entry("scope", "repository:samalba/my-app:pull,push"));
            });
  }

  @Test
  void severalChallengesEscapesAndToken68() {
    List<Challenges.Parsed> c =
        Challenges.parse(
            List.of(
                "Basic realm=\"Registry \\\"x\\\"\", charset=UTF-8, Bearer Realm=https://a/t ,error=invalid_token",
                "Negotiate abc==, Custom"));
    assertThat(c)
        .extracting(Challenges.Parsed::scheme)
        .containsExactly("Basic", "Bearer", "Negotiate", "Custom");
    assertThat(c.get(0).params())
        .containsEntry("realm", "Registry \"x\"")
        .containsEntry("charset", "UTF-8");
    assertThat(c.get(1).params())
        .containsEntry("realm", "https://a/t")
        .containsEntry("error", "invalid_token");
    assertThat(c.get(2).params()).isEmpty();
  }

  private static Function<String, Optional<String>> headers(Map<String, String> h) {
    return name ->
        h.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue)
            .findFirst();
  }

  private static Optional<RateLimits.Wait> limit(
      int status, Map<String, String> h, String message) {
    return RateLimits.of(
        status, headers(h), Optional.ofNullable(message), NOW, Duration.ofSeconds(60));
  }

  @Test
  void theRateLimitDecisionTree() {
    long reset = NOW.plusSeconds(600).getEpochSecond();
    // retry-after first, even with remaining 0
    assertThat(
            limit(
                403,
                Map.of(
                    "retry-after",
                    "5",
                    "x-ratelimit-remaining",
                    "0",
                    "x-ratelimit-reset",
                    "" + reset),
                null))
        .map(RateLimits.Wait::until)
        .contains(NOW.plusSeconds(5));
    // primary: remaining 0 waits until reset, for 403 and 429
    assertThat(
            limit(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "" + reset), null))
        .map(RateLimits.Wait::until)
        .contains(Instant.ofEpochSecond(reset));
    assertThat(limit(429, Map.of("RateLimit-Remaining", "0", "RateLimit-Reset", "" + reset), null))
        .map(RateLimits.Wait::until)
        .contains(Instant.ofEpochSecond(reset));
    assertThat(
            limit(
                429,
                Map.of(
                    "RateLimit-Remaining",
                    "0",
                    "RateLimit-ResetTime",
                    "Wed, 01 May 2024 10:01:00 GMT"),
                null))
        .map(RateLimits.Wait::until)
        .contains(NOW.plusSeconds(60));
    // secondary
    assertThat(
            limit(
                403,
                Map.of("x-ratelimit-remaining", "12"),
                "You have exceeded a secondary rate limit."))
        .map(RateLimits.Wait::until)
        .contains(NOW.plusSeconds(60));
    assertThat(limit(429, Map.of(), null))
        .map(RateLimits.Wait::until)
        .contains(NOW.plusSeconds(60));
    // a refusal, and statuses that are never rate limits
    assertThat(
            limit(
                403,
                Map.of("x-ratelimit-remaining", "12"),
                "Must have admin rights to Repository."))
        .isEmpty();
    assertThat(limit(403, Map.of(), null)).isEmpty();
    assertThat(limit(503, Map.of("Retry-After", "5"), null)).isEmpty();
    // a reset in the past still waits a second
    assertThat(
            limit(
                403,
                Map.of(
                    "x-ratelimit-remaining",
                    "0",
                    "x-ratelimit-reset",
                    "" + (NOW.getEpochSecond() - 30)),
                null))
        .map(RateLimits.Wait::until)
        .contains(NOW.plusSeconds(1));
  }

  @Property
  void retryAfterSecondsAndDatesAgree(@ForAll @LongRange(min = 0, max = 86_400 * 30) long seconds) {
    Instant at = NOW.plusSeconds(seconds);
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    assertThat(RateLimits.retryAfter(Long.toString(seconds), NOW)).contains(at);
    assertThat(RateLimits.retryAfter(date, NOW)).contains(at);
  }

  @Test
  void unreadableRetryAfterIsIgnored() {
    assertThat(RateLimits.retryAfter("soon", NOW)).isEmpty();
    assertThat(RateLimits.retryAfter("-5", NOW)).isEmpty();
    assertThat(RateLimits.retryAfter("99999999999999999999999", NOW)).isEmpty();
  }
}
