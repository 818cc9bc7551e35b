package dev.gitops.promotion.gitlab;

import static dev.gitops.promotion.gitlab.sim.GitLabSimulator.is;
import static dev.gitops.promotion.gitlab.sim.GitLabSimulator.json;
import static dev.gitops.promotion.gitlab.sim.GitLabSimulator.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.gitlab.sim.GitLabSimulator;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token never shows: not in exception messages (a refused token, a server that echoes it, a
 * redirect), not in any toString, not in the log the tests write at debug level.
 */
class SecretLeakTest {

  @Test
  void theTokenAppearsNowhere(@TempDir Path dir) throws Exception {
    List<String> seen = new ArrayList<>();
    try (World world = new World(dir)) {
      GitLabHost host = world.host();
      seen.add(host.toString());
      world.repo.createBranch("promote/x", "main");
      String head = world.repo.commitFile("promote/x", "a.txt", "a\n", "a");
      ChangeRequest cr =
          host.open(
              ChangeRequestSpec.builder()
                  .sourceBranch("promote/x")
                  .targetBranch("main")
                  .title("t")
                  .body("b")
                  .build());
      seen.add(cr.toString());
      // a server that echoes the token in its error
      world.gitlab.script(
          is("PUT", "/merge"),
          json(500, message("internal error for token " + GitLabSimulator.TOKEN)));
      world.gitlab.script(
          is("PUT", "/merge"),
          json(500, message("internal error for token " + GitLabSimulator.TOKEN)));
      world.gitlab.script(
          is("PUT", "/merge"),
          json(500, message("internal error for token " + GitLabSimulator.TOKEN)));
      world.gitlab.script(
          is("PUT", "/merge"),
          json(500, message("internal error for token " + GitLabSimulator.TOKEN)));
      seen.add(failure(() -> host.merge(cr.id(), Revision.of(head), "m")));
      // a redirect to another origin: the token must not follow it
      world.gitlab.script(
          is("GET", "/user"),
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", "http://127.0.0.1:9/steal?token=" + GitLabSimulator.TOKEN)
              .build());
      seen.add(failure(host::identity));
      // a refused token
      GitLabHost wrong =
          world
              .hostBuilder("group/sub/project")
              .token("private", () -> Optional.of("glpat-WRONG-token-value"), "GITLAB_TOKEN")
              .build();
      seen.add(failure(wrong::identity));
      seen.add(wrong.toString());
      assertThat(String.join("\n", seen)).doesNotContain("glpat-WRONG-token-value");
      world.gitlab.requests.forEach(
          r -> {
            if (r.getUrl().host().equals("127.0.0.1") && r.getUrl().port() == 9) {
              throw new AssertionError("followed a redirect to another origin");
            }
          });
    }
    Path log = Path.of("target/promotion-gitlab-tests.log");
    if (Files.exists(log)) {
      seen.add(Files.readString(log));
    }
    assertThat(String.join("\n", seen)).doesNotContain(GitLabSimulator.TOKEN);
  }

  private static String failure(Runnable r) {
    try {
      r.run();
      return "";
    } catch (RuntimeException e) {
      StringBuilder b = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        b.append(t).append('\n');
      }
      return b.toString();
    }
  }
}
