package dev.gitops.promotion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.registry.internal.RegistryHosts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Docker's host rules and Docker config.json logins. */
class HostRulesTest {

  private static ImageReference ref(String s) {
    return ImageReference.parse(s);
  }

  @Test
  void dockerHubIsServedByRegistry1AndOfficialImagesLiveUnderLibrary() {
    assertThat(RegistryHosts.apiHost(ref("nginx:1.27"))).isEqualTo("registry-1.docker.io");
    assertThat(RegistryHosts.repositoryPath(ref("nginx:1.27"))).isEqualTo("library/nginx");
    assertThat(RegistryHosts.baseUrl(ref("docker.io/library/nginx")))
        .isEqualTo("https://registry-1.docker.io");
    assertThat(RegistryHosts.apiHost(ref("index.docker.io/bitnami/redis")))
        .isEqualTo("registry-1.docker.io");
    assertThat(RegistryHosts.repositoryPath(ref("bitnami/redis"))).isEqualTo("bitnami/redis");
  }

  @Test
  void portsAndThisMachine() {
    assertThat(RegistryHosts.baseUrl(ref("localhost:5000/team/app:v1")))
        .isEqualTo("http://localhost:5000");
    assertThat(RegistryHosts.baseUrl(ref("127.0.0.1:5000/team/app")))
        .isEqualTo("http://127.0.0.1:5000");
    assertThat(RegistryHosts.baseUrl(ref("registry.example.com:8443/team/app")))
        .isEqualTo("https://registry.example.com:8443");
    assertThat(RegistryHosts.baseUrl(ref("ghcr.io/myorg/api"))).isEqualTo("https://ghcr.io");
    assertThat(RegistryHosts.isLoopback("localhost.example.com")).isFalse();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aDockerConfigGivesTheLoginOfEachRegistry() {
    DockerConfig c =
        DockerConfig.parse(
            "{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\""
                + b64("hubuser:hubpass")
                + "\"},"
                + "\"ghcr.io\":{\"auth\":\""
                + b64("ghuser:ghp_token:with:colons")
                + "\"},"
                + "\"https://registry.example.com/v2/\":{\"username\":\"u\",\"password\":\"p\"}"
                + "}}",
            "config.json");
    assertThat(c.login(ref("nginx")))
        .hasValueSatisfying(l -> assertThat(l.username()).isEqualTo("hubuser"));
    assertThat(c.login(ref("ghcr.io/myorg/api")))
        .hasValueSatisfying(l -> assertThat(l.password()).isEqualTo("ghp_token:with:colons"));
    assertThat(c.login(ref("registry.example.com/team/app"))).isPresent();
    assertThat(c.login(ref("quay.io/other/app"))).isEmpty();
    assertThat(c.toString()).doesNotContain("hubpass").doesNotContain("ghp_token");
    assertThat(c.login(ref("nginx")).orElseThrow().toString()).doesNotContain("hubpass");
  }

  @Test
  void credentialHelpersAreOutOfScopeAndNamedInTheError() {
    DockerConfig c =
        DockerConfig.parse(
            "{\"auths\":{\"ghcr.io\":{}},\"credHelpers\":{\"123.dkr.ecr.eu-west-1.amazonaws.com\":\"ecr-login\"},"
                + "\"credsStore\":\"desktop\"}",
            "config.json");
    assertThatThrownBy(() -> c.login(ref("123.dkr.ecr.eu-west-1.amazonaws.com/app:v1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("credential helper docker-credential-ecr-login")
        .hasMessageContaining("out of scope");
    assertThatThrownBy(() -> c.login(ref("ghcr.io/myorg/api")))
        .hasMessageContaining("docker-credential-desktop");
  }

  @Test
  void malformedEntriesAreReportedWithoutTheirSecret() {
    assertThatThrownBy(
            () ->
                DockerConfig.parse(
                    "{\"auths\":{\"ghcr.io\":{\"auth\":\"%%%notbase64\"}}}", "c.json"))
        .hasMessageContaining("auths.ghcr.io has an 'auth' that is not base64");
    assertThatThrownBy(
            () ->
                DockerConfig.parse(
                    "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("nocolon") + "\"}}}", "c.json"))
        .hasMessageContaining("does not decode to user:password")
        .hasMessageNotContaining("nocolon");
    assertThatThrownBy(
            () ->
                DockerConfig.parse("{\"auths\":{\"ghcr.io\":{\"identitytoken\":\"x\"}}}", "c.json"))
        .hasMessageContaining("identity token");
    assertThatThrownBy(() -> DockerConfig.parse("{not json", "c.json"))
        .hasMessageContaining("not valid JSON");
  }
}
