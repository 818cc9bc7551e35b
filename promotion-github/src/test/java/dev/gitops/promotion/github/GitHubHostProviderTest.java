package dev.gitops.promotion.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.ChangeRequestHost;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code host: {kind: github}} from promotion.yaml, found through the ServiceLoader. */
class GitHubHostProviderTest {
  @TempDir Path dir;
  GitHubWorld world;
  AdapterContext context;

  @BeforeEach
  void world() {
    world = new GitHubWorld(dir);
    context =
        AdapterContext.system(world.clock)
            .withSleeper(world.sleeper)
            .withEnvironment(Map.of("GH_TOKEN", GitHubWorld.TOKEN));
  }

  @AfterEach
  void close() {
    world.close();
  }

  private static AdapterSpec spec(Map<String, Object> settings) {
    return new AdapterSpec("github", settings, "promotion.yaml:12:3");
  }

  @Test
  void theServiceLoaderFindsItAndItTalksToTheDeclaredApi() {
    ChangeRequestHost host =
        Adapters.onClassPath()
            .host(
                spec(
                    Map.of(
                        "repository", "octo-org/gitops-config",
                        "apiUrl", world.apiUrl(),
                        "mergeMethod", "squash")),
                context);
    assertThat(host).isInstanceOf(GitHubHost.class);
    assertThat(host.listOpen("main")).isEmpty();
    assertThat(host.toString()).contains("merge squash").doesNotContain(GitHubWorld.TOKEN);
  }

  @Test
  void theRepositoryAndApiComeFromTheRemoteUrl() {
    GitHubHost host =
        (GitHubHost)
            new GitHubHostProvider()
                .create(
                    spec(Map.of()),
                    context.withRemoteUrl(
                        "https://x-access-token:secret@ghe.example/platform/config.git"));
    assertThat(host.owner()).isEqualTo("platform");
    assertThat(host.repository()).isEqualTo("config");
    assertThat(host.apiUrl()).isEqualTo("https://ghe.example/api/v3");

    GitHubHost dotCom =
        (GitHubHost)
            new GitHubHostProvider()
                .create(spec(Map.of()), context.withRemoteUrl("git@github.com:myorg/gitops.git"));
    assertThat(dotCom.owner() + "/" + dotCom.repository()).isEqualTo("myorg/gitops");
    assertThat(dotCom.apiUrl()).isEqualTo("https://api.github.com");
  }

  @Test
  void aMissingTokenFailsTheFirstCallNamingTheVariables() {
    ChangeRequestHost host =
        new GitHubHostProvider()
            .create(
                spec(Map.of("repository", "octo-org/gitops-config", "apiUrl", world.apiUrl())),
                context.withEnvironment(Map.of()));
    assertThatThrownBy(() -> host.listOpen("main"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("GITHUB_TOKEN or GH_TOKEN");
  }

  @Test
  void anApiUrlWithALoginInsideIsRefusedWithItsLocationAndNeverShown() {
    assertThatThrownBy(
            () ->
                Adapters.onClassPath()
                    .host(
                        spec(
                            Map.of(
                                "repository",
                                "octo-org/gitops-config",
                                "apiUrl",
                                "https://alice:topsecret@ghe.example/api/v3")),
                        context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("https://***@ghe.example/api/v3")
        .hasMessageNotContaining("topsecret")
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).location()).contains("promotion.yaml:12:3"));
  }

  @Test
  void badSettingsNameTheirLocation() {
    GitHubHostProvider p = new GitHubHostProvider();
    assertThatThrownBy(() -> p.create(spec(Map.of("repo", "a/b")), context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("repo")
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).location()).contains("promotion.yaml:12:3"));
    assertThatThrownBy(() -> p.create(spec(Map.of("repository", "no-slash")), context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("owner/name");
    assertThatThrownBy(
            () ->
                p.create(spec(Map.of("repository", "a/b", "mergeMethod", "fast-forward")), context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("merge, squash or rebase");
    assertThatThrownBy(() -> p.create(spec(Map.of()), context))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("repository: owner/name");
    assertThatThrownBy(
            () ->
                p.create(
                    spec(Map.of("repository", "a/b")),
                    context.withEnvironment(Map.of("GITHUB_APP_ID", "12"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("GITHUB_APP_PRIVATE_KEY_FILE");
  }
}
