package dev.gitops.promotion.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.HostIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub App credentials: a JWT for the App, installation tokens refreshed before expiry. */
class GitHubAppTest {
  static KeyPair keys;
  static String pem;

  @TempDir Path dir;
  GitHubWorld world;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
    pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  @BeforeEach
  void world() {
    world = new GitHubWorld(dir);
    world.github.app(4242, (RSAPublicKey) keys.getPublic(), 777);
  }

  @AfterEach
  void close() {
    assertThat(world.github.violations()).isEmpty();
    world.close();
  }

  @Test
  void anInstallationTokenIsFetchedOnceAndAgainBeforeItExpires() {
    GitHubHost host =
        world.hostBuilder().app(GitHubApp.of("4242", pem, OptionalLong.of(777))).build();
    world.git.createBranch("b", "main");
    world.git.commitFile("b", "f", "x", "c");

    assertThat(host.listOpen("main")).isEmpty();
    assertThat(host.listOpen("main")).isEmpty();
    assertThat(world.github.requests())
        .containsExactly(
            "POST /app/installations/777/access_tokens",
            "GET /repos/octo-org/gitops-config/pulls?state=open&base=main&sort=created&direction=asc&per_page=100",
            "GET /repos/octo-org/gitops-config/pulls?state=open&base=main&sort=created&direction=asc&per_page=100");

    world.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
    world.github.clearRequests();
    assertThat(host.listOpen("main")).isEmpty();
    assertThat(world.github.requests().get(0))
        .isEqualTo("POST /app/installations/777/access_tokens");
  }

  @Test
  void theInstallationIsLookedUpWhenNotGiven() {
    GitHubHost host =
        world.hostBuilder().app(GitHubApp.of("4242", pem, OptionalLong.empty())).build();
    host.listOpen("main");
    assertThat(world.github.requests())
        .startsWith(
            "GET /repos/octo-org/gitops-config/installation",
            "POST /app/installations/777/access_tokens");
  }

  @Test
  void theAppsIdentityIsItsBotUser() {
    GitHubHost host =
        world.hostBuilder().app(GitHubApp.of("4242", pem, OptionalLong.of(777))).build();
    HostIdentity id = host.identity().orElseThrow();
    assertThat(id.login()).isEqualTo("promotion-app[bot]");
    assertThat(id.bot()).isTrue();
    assertThat(world.github.requests()).containsExactly("GET /app");
  }

  @Test
  void theKeyNeverShowsAndABadKeyIsInvalidInput() throws Exception {
    GitHubApp app = GitHubApp.of("4242", pem, OptionalLong.of(777));
    String body = pem.lines().skip(1).findFirst().orElseThrow();
    assertThat(app.toString()).contains("4242").contains("777").doesNotContain(body);
    assertThatThrownBy(() -> GitHubApp.of("4242", "not a key", OptionalLong.empty()))
        .isInstanceOf(InvalidInputException.class);
    Path file = dir.resolve("app.pem");
    Files.writeString(file, pem);
    assertThat(GitHubApp.fromKeyFile("4242", file, OptionalLong.empty()).appId()).isEqualTo("4242");
    assertThatThrownBy(
            () -> GitHubApp.fromKeyFile("4242", dir.resolve("missing.pem"), OptionalLong.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("missing.pem");
  }
}
