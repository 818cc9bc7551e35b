package dev.gitops.promotion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.ImageRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry: {kind: oci, ...}}: the provider found by ServiceLoader and its settings. */
class OciRegistryProviderTest {
  @TempDir Path dir;

  final AdapterContext context = AdapterContext.system(Clock.systemUTC());

  @Test
  void theProviderIsFoundOnTheClassPath() {
    ImageRegistry r =
        Adapters.onClassPath()
            .registry(new AdapterSpec("oci", Map.of(), "promotion.yaml:3:11"), context);
    assertThat(r).isInstanceOf(OciRegistry.class);
  }

  @Test
  void settingsAreReadAndCheckedWithTheirLocation() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), "{\"auths\":{}}");
    OciRegistry r =
        OciRegistryProvider.registry(
            new AdapterSpec(
                "oci",
                Map.of(
                    "dockerConfig", config.toString(),
                    "usernameEnv", "REG_USER",
                    "passwordEnv", "REG_PASSWORD",
                    "for", "ghcr.io",
                    "endpoints", Map.of("docker.io", "https://mirror.example.com"),
                    "verifyDigests", "true"),
                "promotion.yaml:5:3"),
            context.withEnvironment(Map.of("REG_USER", "robot", "REG_PASSWORD", "s3cret-value")));
    assertThat(r.toString()).contains("logins for [ghcr.io]").doesNotContain("s3cret-value");

    assertThatThrownBy(
            () ->
                OciRegistryProvider.registry(
                    new AdapterSpec(
                        "oci",
                        Map.of("usernameEnv", "REG_USER", "passwordEnv", "P", "for", "ghcr.io"),
                        "promotion.yaml:5:3"),
                    context.withEnvironment(Map.of())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("promotion.yaml:5:3")
        .hasMessageContaining("REG_USER is not set");
    assertThatThrownBy(
            () ->
                OciRegistryProvider.registry(
                    new AdapterSpec("oci", Map.of("usernme", "x"), "promotion.yaml:5:3"), context))
        .hasMessageContaining("oci has no setting 'usernme'");
    assertThatThrownBy(
            () ->
                OciRegistryProvider.registry(
                    new AdapterSpec("oci", Map.of("usernameEnv", "U"), "promotion.yaml:5:3"),
                    context))
        .hasMessageContaining("both 'usernameEnv' and 'passwordEnv'");
  }

  @Test
  void anEndpointWithALoginInsideIsRefusedWithItsLocationAndNeverShown() {
    AdapterSpec spec =
        new AdapterSpec(
            "oci",
            Map.of("endpoints", Map.of("ghcr.io", "https://bob:hunter2@mirror.example.com")),
            "promotion.yaml:14:3");
    for (var build :
        List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
            () -> OciRegistryProvider.registry(spec, context),
            () -> Adapters.onClassPath().registry(spec, context))) {
      assertThatThrownBy(build)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("promotion.yaml:14:3: oci: ")
          .hasMessageContaining("https://***@mirror.example.com")
          .hasMessageContaining("carries a login")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void dockerConfigIsFoundWhereDockerLooks() {
    assertThat(
            DockerConfig.defaultLocation(
                context.withEnvironment(Map.of("DOCKER_CONFIG", "/ci/docker"))))
        .contains(Path.of("/ci/docker/config.json"));
    assertThat(DockerConfig.defaultLocation(context.withEnvironment(Map.of("HOME", "/home/ada"))))
        .contains(Path.of("/home/ada/.docker/config.json"));
    assertThat(DockerConfig.load(dir.resolve("missing.json")).registries()).isEqualTo(List.of());
  }
}
