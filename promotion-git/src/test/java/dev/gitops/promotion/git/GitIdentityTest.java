package dev.gitops.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.InvalidInputException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default actor is resolved as git resolves the author of a commit. */
class GitIdentityTest {
  @TempDir Path tmp;
  Path home;
  File gitDir;
  final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Fixture.git(repo, "init", "-q");
    gitDir = repo.resolve(".git").toFile();
    env.put("HOME", home.toString());
  }

  private void config(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void theRepositoryOverridesTheGlobalConfigWhichOverridesXdg() throws Exception {
    config(home.resolve(".config/git/config"), "[user]\n\tname = Xdg\n\temail = xdg@example.com\n");
    assertThat(GitIdentity.resolve(gitDir, env)).contains(Actor.human("Xdg", "xdg@example.com"));
    config(home.resolve(".gitconfig"), "[user]\n\tname = Global\n");
    assertThat(GitIdentity.resolve(gitDir, env)).contains(Actor.human("Global", "xdg@example.com"));
    Fixture.git(gitDir.toPath().getParent(), "config", "user.email", "local@example.com");
    assertThat(GitIdentity.resolve(gitDir, env))
        .contains(Actor.human("Global", "local@example.com"));
    Fixture.git(gitDir.toPath().getParent(), "config", "author.name", "Author Name");
    assertThat(GitIdentity.resolve(gitDir, env))
        .contains(Actor.human("Author Name", "local@example.com"));
  }

  @Test
  void environmentVariablesWinAndEmailIsTheLastResort() throws Exception {
    config(home.resolve(".gitconfig"), "[user]\n\tname = Global\n");
    assertThat(GitIdentity.resolve(gitDir, env)).isEmpty();
    env.put("EMAIL", "fallback@example.com");
    assertThat(GitIdentity.resolve(gitDir, env))
        .contains(Actor.human("Global", "fallback@example.com"));
    env.put("GIT_AUTHOR_NAME", "Env Name");
    env.put("GIT_AUTHOR_EMAIL", "env@example.com");
    assertThat(GitIdentity.resolve(gitDir, env))
        .contains(Actor.human("Env Name", "env@example.com"));
  }

  @Test
  void aMalformedIdentityIsRefusedNamingWhereItCameFrom() throws Exception {
    config(home.resolve(".gitconfig"), "[user]\n\tname = Mallory\n\temail = a@b@example.com\n");
    assertThatThrownBy(() -> GitIdentity.resolve(gitDir, env))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("user.email in " + home.resolve(".gitconfig"))
        .hasMessageContaining("more than one '@'");
    env.put("GIT_AUTHOR_NAME", "Eve\u001b[31m");
    env.put("GIT_AUTHOR_EMAIL", "eve@example.com");
    assertThatThrownBy(() -> GitIdentity.resolve(gitDir, env))
        .hasMessageContaining("GIT_AUTHOR_NAME")
        .hasMessageContaining("\\e[31m")
        .hasMessageNotContaining("\u001b");
  }
}
