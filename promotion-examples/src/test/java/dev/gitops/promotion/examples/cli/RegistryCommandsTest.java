package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.examples.cli.CliRepo.Run;
import dev.gitops.promotion.registry.LocalRegistry;
import dev.gitops.promotion.registry.OciRegistry;
import dev.gitops.promotion.registry.TestImages;
import dev.gitops.promotion.registry.TrustedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resolve, promote --image / --auto / --check-drift, hold and release, and the signed-by gate,
 * against a real registry (CNCF Distribution on 127.0.0.1) and a real config repository.
 */
class RegistryCommandsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);
  static final String BOT = "CI Bot <ci-bot@myorg.com>";

  @TempDir static Path registryDir;
  static LocalRegistry registry;
  static KeyPair ci;
  static ImageDigest v100;
  static ImageDigest v110;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    registry = LocalRegistry.start(registryDir);
    ci = TestImages.newKeyPair();
    v100 =
        TestImages.pushImage(
            registry, "myorg/api-service", "v1.0.0", "2026-10-01T00:00:00Z", Map.of());
    v110 =
        TestImages.pushImage(
            registry, "myorg/api-service", "v1.1.0", "2026-10-02T00:00:00Z", Map.of());
    TestImages.pushImage(registry, "myorg/api-service", "v2.0.0", "2026-10-03T00:00:00Z", Map.of());
    TestImages.pushSignature(registry, "myorg/api-service", v110, v110, ci.getPrivate());
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  static String image() {
    return registry.host() + "/myorg/api-service";
  }

  static OciRegistry client() {
    return OciRegistry.builder().clock(Clock.systemUTC()).build();
  }

  CliRepo seed() throws Exception {
    CliRepo repo = CliRepo.seed(dir);
    for (String env : new String[] {"dev", "staging", "production"}) {
      repo.overlay("api-service", env, image(), v100.hex());
    }
    repo.write("keys/ci.pub", new TrustedKey("ci", ci.getPublic()).toPem());
    repo.write(
        "promotion.yaml",
        "environments:\n"
            + "  - name: dev\n"
            + "    delivery: direct\n"
            + "    auto: {policy: semver, range: \">=1.0.0 <2.0.0\"}\n"
            + "  - name: staging\n"
            + "    delivery: direct\n"
            + "    gates:\n"
            + "      - {name: signed-by, keys: [keys/ci.pub]}\n"
            + "  - name: production\n"
            + "    delivery: change-request\n"
            + "applications:\n"
            + "  - name: api-service\n"
            + "    image: "
            + image()
            + "\n");
    return repo.commit("registry setup", Instant.parse("2026-10-05T08:00:00Z"));
  }

  /** {@code resolve} with {@code args}. */
  static Run resolve(String... args) {
    return run(new ResolveCommand(RegistryCommandsTest::client), args);
  }

  /** {@code command} on the config repository: {@code --repo DIR args}. */
  Run inRepo(Object command, String... args) {
    return run(command, concat(new String[] {"--repo", dir.toString()}, args));
  }

  /** CI's {@code promote --to dev --auto} as the bot, with {@code extra} arguments. */
  Run autoIntoDev(String... extra) {
    return inRepo(
        new PromoteCommand(CLOCK),
        concat(new String[] {"--to", "dev", "--auto", "--bot", "--as", BOT}, extra));
  }

  /** {@code promote --app api-service --to env --image image}. */
  Run promoteImage(String env, String image) {
    return inRepo(new PromoteCommand(CLOCK), "--app", "api-service", "--to", env, "--image", image);
  }

  private static String[] concat(String[] first, String[] then) {
    String[] all = Arrays.copyOf(first, first.length + then.length);
    System.arraycopy(then, 0, all, first.length, then.length);
    return all;
  }

  @Test
  void resolvePrintsTheDigestAndChecksTheSignature() throws Exception {
    Path key =
        Files.writeString(dir.resolve("ci.pub"), new TrustedKey("ci", ci.getPublic()).toPem());
    Run signed = resolve(image() + "@" + v110, "--verify-key", key.toString());
    assertThat(signed.exit()).as(signed.err()).isZero();
    assertThat(signed.out()).contains(v110.toString()).contains("image").contains("signed by ci");

    Run json = resolve(image() + "@" + v110, "--verify-key", key.toString(), "--format", "json");
    assertThat(json.out())
        .contains("\"digest\": \"" + v110 + "\"")
        .contains("\"pinned\": \"" + image() + "@" + v110 + "\"")
        .contains("\"verified\": true")
        .contains("\"signedBy\": \"ci\"");

    Run unsigned = resolve(image() + ":v1.0.0", "--verify-key", key.toString());
    assertThat(unsigned.exit()).isEqualTo(3);
    assertThat(unsigned.out()).contains("NOT signed by a trusted key");
    assertThat(unsigned.err()).contains("no signature manifest");

    Run plain = resolve(image() + ":v2.0.0");
    assertThat(plain.exit()).isZero();
    Run missing = resolve(image() + ":v9");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("has no tag 'v9' in repository myorg/api-service");
  }

  @Test
  void autoPromotionHoldsTheSignedByGateAndTagDrift() throws Exception {
    try (CliRepo repo = seed()) {
      // CI: the dev policy picks v1.1.0
      Run auto = autoIntoDev();
      assertThat(auto.exit()).as(auto.err()).isZero();
      assertThat(auto.out()).contains("api-service").contains("promoted").contains("v1.1.0");
      assertThat(repo.top().getFullMessage())
          .contains("Image-Tag: api-service=v1.1.0")
          .contains("Auto-Promoted: semver >=1.0.0 <2.0.0")
          .contains("Promoted-Image: api-service=" + image() + ":v1.1.0@" + v110);
      assertThat(repo.isClean()).isTrue();

      Run again = autoIntoDev("--format", "json");
      assertThat(again.out()).contains("\"outcome\": \"up_to_date\"");

      // a person holds dev; a new build is not picked up
      Run hold =
          inRepo(
              new HoldCommand(CLOCK),
              "--env",
              "dev",
              "--app",
              "api-service",
              "--reason",
              "investigating");
      assertThat(hold.exit()).as(hold.err()).isZero();
      assertThat(hold.out()).startsWith("held api-service in dev held by Ada Lovelace");
      assertThat(repo.isClean()).isTrue();
      ImageDigest v120 =
          TestImages.pushImage(
              registry, "myorg/api-service", "v1.2.0", "2026-10-04T00:00:00Z", Map.of());
      Run held = autoIntoDev();
      assertThat(held.exit()).isZero();
      assertThat(held.out()).contains("held").contains("investigating");
      Run list = inRepo(new HoldCommand(CLOCK), "--env", "dev");
      assertThat(list.out()).contains("api-service in dev held by Ada Lovelace");

      Run botRelease =
          inRepo(
              new HoldCommand.Release(CLOCK),
              "--env",
              "dev",
              "--app",
              "api-service",
              "--bot",
              "--as",
              BOT);
      // a refusal by rule, like any other access refusal
      assertThat(botRelease.exit()).isEqualTo(3);
      assertThat(botRelease.err())
          .contains("refused (access policy)")
          .contains("a person lifts it");
      Run release = inRepo(new HoldCommand.Release(CLOCK), "--env", "dev", "--app", "api-service");
      assertThat(release.exit()).as(release.err()).isZero();
      assertThat(release.out()).startsWith("released api-service in dev");
      Run moved = autoIntoDev();
      assertThat(moved.out()).contains("promoted").contains("v1.2.0");

      // staging's signed-by gate refuses the unsigned v1.2.0 ...
      Run unsigned = promoteImage("staging", image() + ":v1.2.0");
      assertThat(unsigned.exit()).as(unsigned.out()).isEqualTo(3);
      assertThat(unsigned.err()).contains("signed-by").contains("no signature manifest");
      assertThat(unsigned.out()).contains("resolved " + image() + ":v1.2.0 to " + v120);

      // ... and lets the signed v1.1.0 in, once dev runs it again
      promoteImage("dev", image() + ":v1.1.0");
      Run signed = promoteImage("staging", image() + ":v1.1.0");
      assertThat(signed.exit()).as(signed.err()).isZero();
      assertThat(repo.top().getFullMessage()).contains("Image-Tag: api-service=v1.1.0");

      // v1.1.0 is pushed again: before production the drift is reported and recorded
      ImageDigest repushed =
          TestImages.pushImage(
              registry, "myorg/api-service", "v1.1.0", "2026-10-09T00:00:00Z", Map.of());
      Run drift =
          inRepo(
              new PromoteCommand(CLOCK),
              "--app",
              "api-service",
              "--to",
              "production",
              "--digest",
              v110.toString(),
              "--check-drift",
              "--dry-run");
      assertThat(drift.exit()).as(drift.err()).isZero();
      assertThat(drift.out())
          .contains("tag drift: tag 'v1.1.0' of api-service moved since it entered staging")
          .contains(
              "Tag-Drift: api-service=v1.1.0 " + v110.shortForm() + " -> " + repushed.shortForm());
      assertThat(repo.isClean()).isTrue();

      // with a registry declared in promotion.yaml, production is checked without being asked
      String file = Files.readString(dir.resolve("promotion.yaml"));
      repo.write("promotion.yaml", file + "registry: {kind: oci}\n")
          .commit("declare the registry", Instant.parse("2026-10-09T08:00:00Z"));
      Run unasked =
          inRepo(
              new PromoteCommand(CLOCK),
              "--app",
              "api-service",
              "--to",
              "production",
              "--digest",
              v110.toString(),
              "--dry-run");
      assertThat(unasked.exit()).as(unasked.err()).isZero();
      assertThat(unasked.out())
          .contains("warning: tag drift: tag 'v1.1.0' of api-service moved since it entered")
          .contains(
              "Tag-Drift: api-service=v1.1.0 " + v110.shortForm() + " -> " + repushed.shortForm());
      assertThat(repo.isClean()).isTrue();
    }
  }

  @Test
  void autoPromotionRefusesAnOverlayWithUncommittedChangesAndWritesNothing() throws Exception {
    try (CliRepo repo = seed()) {
      String path = "apps/api-service/overlays/dev/kustomization.yaml";
      String edited = repo.read(path) + "# a local edit\n";
      repo.write(path, edited);
      String head = repo.head();
      Run auto =
          run(
              new PromoteCommand(CLOCK),
              "--repo",
              dir.toString(),
              "--to",
              "dev",
              "--auto",
              "--bot",
              "--as",
              BOT);
      assertThat(auto.exit()).as(auto.out() + auto.err()).isEqualTo(2);
      assertThat(auto.err())
          .contains(path + " has uncommitted changes")
          .contains("Nothing was written");
      assertThat(repo.head()).isEqualTo(head);
      assertThat(repo.read(path)).isEqualTo(edited);
    }
  }

  @Test
  void resolveNeverPrintsALoginGivenWithTheImageAndCallsNoRegistry() {
    Run r =
        run(
            new ResolveCommand(
                () -> {
                  throw new AssertionError("no registry may be asked");
                }),
            "robot:regS3cret@" + image() + ":v1.0.0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("holds a login").contains("***@" + image() + ":v1.0.0");
    assertThat(r.out() + r.err()).doesNotContain("regS3cret");
  }
}
