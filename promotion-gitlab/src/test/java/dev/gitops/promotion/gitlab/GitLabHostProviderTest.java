package dev.gitops.promotion.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.gitlab.internal.Remotes;
import dev.gitops.promotion.gitlab.sim.GitLabSimulator;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.testkit.ManualClock;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code host: {kind: gitlab, ...}} built through the service loader, settings and inference. */
class GitLabHostProviderTest {
  private final ManualClock clock = ManualClock.at("2026-10-01T08:00:00Z");

  private AdapterContext context(Map<String, String> env) {
    return AdapterContext.system(clock).withEnvironment(env);
  }

  private static AdapterSpec spec(Map<String, Object> settings) {
    return new AdapterSpec("gitlab", settings, "promotion.yaml:2:3");
  }

  @Test
  void theServiceLoaderFindsKindGitlab(@TempDir Path dir) {
    try (World world = new World(dir)) {
      ChangeRequestHost host =
          Adapters.onClassPath()
              .host(
                  spec(Map.of("apiUrl", world.apiUrl(), "project", "group/sub/project")),
                  context(Map.of("GITLAB_TOKEN", GitLabSimulator.TOKEN)));
      assertThat(host).isInstanceOf(GitLabHost.class);
      assertThat(host.identity()).map(i -> i.login()).contains("promoter-bot");
      assertThat(world.gitlab.requests.get(0).getHeaders().get("PRIVATE-TOKEN"))
          .isEqualTo(GitLabSimulator.TOKEN);
    }
  }

  @Test
  void aBearerTokenFromAnotherVariable(@TempDir Path dir) {
    try (World world = new World(dir)) {
      ChangeRequestHost host =
          new GitLabHostProvider()
              .create(
                  spec(
                      Map.of(
                          "apiUrl", world.apiUrl(),
                          "project", "15513260",
                          "tokenVariable", "CI_GITLAB_TOKEN",
                          "tokenType", "bearer")),
                  context(Map.of("CI_GITLAB_TOKEN", GitLabSimulator.TOKEN)));
      assertThat(host.identity()).isPresent();
      assertThat(world.gitlab.requests.get(0).getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + GitLabSimulator.TOKEN);
    }
  }

  @Test
  void aMissingTokenIsInvalidInputNamingTheVariableWhenGitLabIsFirstAsked(@TempDir Path dir) {
    try (World world = new World(dir)) {
      ChangeRequestHost host =
          new GitLabHostProvider()
              .create(
                  spec(Map.of("apiUrl", world.apiUrl(), "project", "group/sub/project")),
                  context(Map.of()));
      assertThatThrownBy(host::identity)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("GITLAB_TOKEN");
      assertThat(world.gitlab.requests).isEmpty();
    }
  }

  @Test
  void apiUrlAndProjectAreReadFromTheRemoteWhenAbsent() {
    ChangeRequestHost host =
        new GitLabHostProvider()
            .create(
                spec(Map.of()),
                context(Map.of())
                    .withRemoteUrl(
                        "https://oauth2:secret@gitlab.example/platform/deploy/config.git"));
    assertThat(host.toString())
        .isEqualTo("GitLabHost[https://gitlab.example/api/v4, project platform/deploy/config]")
        .doesNotContain("secret");
  }

  @Test
  void settingsAreChecked() {
    AdapterContext ctx = context(Map.of());
    assertThatThrownBy(() -> new GitLabHostProvider().create(spec(Map.of("projct", "a/b")), ctx))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("projct")
        .satisfies(
            e -> assertThat(((InvalidInputException) e).location()).contains("promotion.yaml:2:3"));
    assertThatThrownBy(() -> new GitLabHostProvider().create(spec(Map.of()), ctx))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("apiUrl");
    assertThatThrownBy(
            () ->
                new GitLabHostProvider()
                    .create(
                        spec(Map.of("apiUrl", "https://gitlab.example/api/v4")),
                        ctx.withRemoteUrl("/srv/git/config.git")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("project");
    assertThatThrownBy(
            () ->
                new GitLabHostProvider()
                    .create(
                        spec(
                            Map.of(
                                "apiUrl", "https://gitlab.example/api/v4",
                                "project", "a/b",
                                "tokenType", "cookie")),
                        ctx))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tokenType");
    assertThatThrownBy(
            () ->
                new GitLabHostProvider()
                    .create(
                        spec(Map.of("apiUrl", "http://gitlab.example/api/v4", "project", "a/b")),
                        ctx))
        .as("plain http to another machine would carry the token unencrypted")
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void remotesGiveHostAndProject() {
    assertThat(Remotes.parse("https://gitlab.com/group/sub/project.git"))
        .contains(new Remotes.Parsed("gitlab.com", "group/sub/project"));
    assertThat(Remotes.parse("https://user:tok@gitlab.example:8443/a/b"))
        .contains(new Remotes.Parsed("gitlab.example", "a/b"));
    assertThat(Remotes.parse("git@gitlab.example:group/project.git"))
        .contains(new Remotes.Parsed("gitlab.example", "group/project"));
    assertThat(Remotes.parse("ssh://git@gitlab.example:2222/group/sub/project.git"))
        .contains(new Remotes.Parsed("gitlab.example", "group/sub/project"));
    assertThat(Remotes.parse("file:///srv/git/config.git")).isEmpty();
    assertThat(Remotes.parse("/srv/git/config.git")).isEmpty();
    assertThat(Remotes.parse("https://gitlab.example/project")).isEmpty();
  }
}
