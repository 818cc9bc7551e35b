package dev.gitops.promotion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.GateRefusedException;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.selection.Selected;
import dev.gitops.promotion.selection.TagPolicy;
import dev.gitops.promotion.spi.ImageManifest;
import dev.gitops.promotion.spi.ResolvedImage;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import dev.gitops.promotion.testkit.SimpleImageFormat;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolve, list, select and verify against a real CNCF Distribution registry on 127.0.0.1 (Debian's
 * docker-registry), images pushed through its HTTP API.
 */
class RealRegistryTest {
  @TempDir static Path dir;
  static LocalRegistry registry;
  static OciRegistry client;
  static KeyPair ci;
  static KeyPair other;
  static ImageDigest v100;
  static ImageDigest v142;
  static ImageDigest index;

  @BeforeAll
  static void start() throws Exception {
    registry = LocalRegistry.start(dir);
    client = OciRegistry.builder().clock(Clock.systemUTC()).build();
    ci = TestImages.newKeyPair();
    other = TestImages.newKeyPair();
    v100 = TestImages.pushImage(registry, "myorg/api", "v1.0.0", "2026-10-01T08:00:00Z", Map.of());
    v142 =
        TestImages.pushImage(
            registry,
            "myorg/api",
            "v1.4.2",
            "2026-11-01T09:30:00Z",
            Map.of("org.opencontainers.image.revision", "abc1234"));
    TestImages.pushImage(registry, "myorg/api", "v2.0.0", "2026-11-02T08:00:00Z", Map.of());
    TestImages.pushImage(registry, "myorg/api", "v1.5.0-rc.1", "2026-11-02T09:00:00Z", Map.of());
    for (int i = 0; i < 7; i++) {
      TestImages.pushImage(
          registry,
          "myorg/api",
          "main-abc123" + i + "-170000000" + i,
          "2026-11-0" + (i + 1) + "T00:00:00Z",
          Map.of());
    }
    index = TestImages.pushIndex(registry, "myorg/multi", "v3.0.0");
    TestImages.pushSignature(registry, "myorg/api", v142, v142, ci.getPrivate());
    // a signature of v1.0.0 made with a key nobody trusts
    TestImages.pushSignature(registry, "myorg/api", v100, v100, other.getPrivate());
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  private static ImageReference ref(String text) {
    return ImageReference.parse(registry.host() + "/" + text);
  }

  @Test
  void resolvesATagToTheDigestOfItsManifest() {
    ResolvedImage r = client.resolve(ref("myorg/api:v1.4.2"));
    assertThat(r.digest()).isEqualTo(v142);
    assertThat(r.mediaType()).isEqualTo(TestImages.OCI_MANIFEST);
    assertThat(r.pinned().toString()).isEqualTo(registry.host() + "/myorg/api:v1.4.2@" + v142);
    assertThat(r.isIndex()).isFalse();
  }

  @Test
  void verifyingDigestsHashesTheBodyAndAgrees() {
    OciRegistry hashing =
        OciRegistry.builder().clock(Clock.systemUTC()).verifyDigests(true).build();
    assertThat(hashing.resolve(ref("myorg/api:v1.0.0")).digest()).isEqualTo(v100);
  }

  @Test
  void aMultiPlatformIndexKeepsTheIndexDigest() {
    ResolvedImage r = client.resolve(ref("myorg/multi:v3.0.0"));
    assertThat(r.digest()).isEqualTo(index);
    assertThat(r.isIndex()).isTrue();
    ImageManifest m = client.manifest(ref("myorg/multi:v3.0.0"));
    assertThat(m.platforms()).containsExactly("linux/amd64", "linux/arm64/v8");
  }

  @Test
  void readsCreatedTimeAndLabelsFromTheConfig() {
    ImageManifest m = client.manifest(ref("myorg/api:v1.4.2"));
    assertThat(m.digest()).isEqualTo(v142);
    assertThat(m.created()).contains(Instant.parse("2026-11-01T09:30:00Z"));
    assertThat(m.labels()).containsEntry("org.opencontainers.image.revision", "abc1234");
  }

  @Test
  void aDigestReferenceIsCheckedToExist() {
    assertThat(client.resolve(ref("myorg/api@" + v100)).digest()).isEqualTo(v100);
    ImageDigest missing = OciRegistry.hash("sha256", new byte[] {1, 2, 3});
    assertThatThrownBy(() -> client.resolve(ref("myorg/api@" + missing)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no manifest " + missing.shortForm());
  }

  @Test
  void anUnknownTagOrRepositoryIsBadInputNamingIt() {
    assertThatThrownBy(() -> client.resolve(ref("myorg/api:v9.9.9")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no tag 'v9.9.9' in repository myorg/api");
    assertThatThrownBy(() -> client.tags(ref("myorg/nothing")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no repository myorg/nothing");
  }

  @Test
  void listsEveryTag() {
    // Distribution 2.8 answers every tag in one page whatever n says (pages: TokenAuthTest)
    OciRegistry small = OciRegistry.builder().clock(Clock.systemUTC()).pageSize(3).build();
    List<String> tags = small.tags(ref("myorg/api"));
    assertThat(tags)
        .contains("v1.0.0", "v1.4.2", "v2.0.0", "v1.5.0-rc.1", "main-abc1236-1700000006")
        .contains(CosignVerifier.signatureTag(v142))
        .hasSize(13)
        .doesNotHaveDuplicates();
    assertThat(client.tags(ref("myorg/api"))).containsExactlyInAnyOrderElementsOf(tags);
  }

  @Test
  void selectsTheNewestEligibleTagAndPinsIt() {
    List<String> tags = client.tags(ref("myorg/api"));
    Selected semver = TagPolicy.semver(">=1.0.0 <2.0.0").select(tags).orElseThrow();
    assertThat(semver.tag()).isEqualTo("v1.4.2");
    assertThat(client.resolve(ref("myorg/api:" + semver.tag())).digest()).isEqualTo(v142);
    Selected withRc =
        TagPolicy.semver(">=1.0.0 <2.0.0").withPrereleases(true).select(tags).orElseThrow();
    assertThat(withRc.tag()).isEqualTo("v1.5.0-rc.1");
    Selected build =
        TagPolicy.newestBuild("^main-[a-f0-9]+-(?<ts>[0-9]+)").select(tags).orElseThrow();
    assertThat(build.tag()).isEqualTo("main-abc1236-1700000006");
    assertThat(TagPolicy.exact("v1.0.0").select(tags).map(Selected::tag)).contains("v1.0.0");
  }

  @Test
  void aSignatureFromTheTrustedKeyVerifies() {
    CosignVerifier verifier = new CosignVerifier(client);
    TrustedKey key = new TrustedKey("ci", ci.getPublic());
    SignatureCheck check = verifier.verify(ref("myorg/api@" + v142), List.of(key));
    assertThat(check.verified()).isTrue();
    assertThat(check.signedBy()).contains(key);
    assertThat(check.summary()).contains("is signed by ci (sha256:");
    // by tag: resolved first
    assertThat(verifier.verify(ref("myorg/api:v1.4.2"), List.of(key)).verified()).isTrue();
  }

  @Test
  void aSignatureFromAnotherKeyOrNoSignatureDoesNot() {
    CosignVerifier verifier = new CosignVerifier(client);
    TrustedKey key = new TrustedKey("ci", ci.getPublic());
    SignatureCheck untrusted = verifier.verify(ref("myorg/api@" + v100), List.of(key));
    assertThat(untrusted.verified()).isFalse();
    assertThat(untrusted.summary()).contains("layer 1 is not signed by any trusted key (ci");
    SignatureCheck none = verifier.verify(ref("myorg/api:v2.0.0"), List.of(key));
    assertThat(none.verified()).isFalse();
    assertThat(none.summary())
        .contains("no signature manifest at " + registry.host() + "/myorg/api:sha256-");
    // the other key does trust v1.0.0's signature
    assertThat(
            verifier
                .verify(
                    ref("myorg/api@" + v100),
                    List.of(key, new TrustedKey("other", other.getPublic())))
                .signedBy()
                .map(TrustedKey::name))
        .isEqualTo(Optional.of("other"));
  }

  @Test
  void aSignatureOverAnotherDigestDoesNotCount() throws Exception {
    ImageDigest copy =
        TestImages.pushImage(registry, "myorg/replay", "v1", "2026-11-05T00:00:00Z", Map.of());
    // a valid signature, by the trusted key, but of v1.4.2's digest, replayed under copy's tag
    TestImages.pushSignature(registry, "myorg/replay", copy, v142, ci.getPrivate());
    SignatureCheck check =
        new CosignVerifier(client)
            .verify(ref("myorg/replay@" + copy), List.of(new TrustedKey("ci", ci.getPublic())));
    assertThat(check.verified()).isFalse();
    assertThat(check.summary()).contains("for another digest, " + v142);
  }

  @Test
  void theSignedByGateLetsInOnlyWhatTheTrustedKeySigned() {
    TrustedKey key = new TrustedKey("ci", ci.getPublic());
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    repo.init(
        "main",
        Map.of("dev/api.txt", "image: " + registry.host() + "/myorg/api@" + v100 + "\n"),
        Instant.parse("2026-11-01T08:00:00Z"));
    Environment dev =
        Environment.builder()
            .name("dev")
            .delivery(Delivery.DIRECT_COMMIT)
            .addGates(SignedByGate.of(new CosignVerifier(client), List.of(key)))
            .build();
    Promoter promoter =
        Promoter.builder()
            .pipeline(Pipeline.chain(dev))
            .addApplications(
                Application.builder()
                    .name("api")
                    .imageRepository(registry.host() + "/myorg/api")
                    .putLocations("dev", OverlayLocation.of("dev/api.txt", SimpleImageFormat.ID))
                    .build())
            .configRepository(repo)
            .addOverlayFormats(SimpleImageFormat.create())
            .clock(Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), java.time.ZoneOffset.UTC))
            .build();
    Actor bot = Actor.bot("CI Bot", "ci-bot@myorg.com");

    PromotionResult signed =
        promoter.promote(PromotionRequest.of("api", ref("myorg/api:v1.4.2@" + v142), "dev", bot));
    assertThat(signed.outcome()).isEqualTo(PromotionResult.Outcome.COMMITTED);

    ImageDigest unsigned = client.resolve(ref("myorg/api:v2.0.0")).digest();
    assertThatThrownBy(
            () ->
                promoter.promote(
                    PromotionRequest.of("api", ref("myorg/api@" + unsigned), "dev", bot)))
        .isInstanceOf(GateRefusedException.class)
        .hasMessageContaining("signed-by")
        .hasMessageContaining("no signature manifest");
  }
}
