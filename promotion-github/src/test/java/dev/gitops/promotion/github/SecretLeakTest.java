package dev.gitops.promotion.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Revision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No credential ever appears in what a run produces: exception messages, {@code toString}s, pull
 * request bodies and comments, commit messages, and the log (slf4j-simple writes every test's log,
 * at debug, to target/promotion-github-tests.log).
 */
class SecretLeakTest {
  @TempDir Path dir;

  @Test
  void aFullRunWithFailuresShowsNoTokenOrKey() throws Exception {
    List<String> produced = new ArrayList<>();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    var keys = g.generateKeyPair();
    String keyBody = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    String pem = "-----BEGIN PRIVATE KEY-----\n" + keyBody + "\n-----END PRIVATE KEY-----\n";
    List<String> installationTokens = new ArrayList<>();
    try (GitHubWorld world = new GitHubWorld(dir)) {
      world.github.app(9, (RSAPublicKey) keys.getPublic(), 5);
      for (GitHubHost host :
          List.of(
              world.host(),
              world.hostBuilder().app(GitHubApp.of("9", pem, OptionalLong.of(5))).build())) {
        produced.add(host.toString());
        String branch = "promote/staging/api-" + produced.size();
        world.git.createBranch(branch, "main");
        world.git.commitFile(branch, "f" + produced.size(), "x", "c");
        ChangeRequestSpec spec =
            ChangeRequestSpec.builder()
                .sourceBranch(branch)
                .targetBranch("main")
                .title("t")
                .body("b")
                .build();
        ChangeRequest cr = host.open(spec);
        produced.add(cr.toString());
        produced.add(host.get(cr.id()).toString());
        world.github.failNext(
            "GET",
            "/pulls/",
            new MockResponse.Builder().code(500).body("{\"message\":\"boom\"}").build());
        for (Runnable failing :
            List.<Runnable>of(
                () -> host.get(cr.id()),
                () -> host.merge(cr.id(), Revision.of("a".repeat(40)), "m"),
                () -> host.open(spec),
                () -> host.get("99"))) {
          try {
            failing.run();
          } catch (RuntimeException e) {
            produced.add(e.toString());
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
              produced.add(c.toString());
            }
          }
        }
        ChangeRequest merged = host.merge(cr.id(), cr.headRevision(), "promote\n\nbody");
        produced.add(world.git.message(merged.mergeRevision().orElseThrow().id()));
        produced.add(merged.body());
        produced.addAll(world.github.comments(Long.parseLong(cr.id())));
      }
      installationTokens.addAll(
          world.github.requests().stream().filter(r -> r.contains("access_tokens")).toList());
    }
    Path log = Path.of("target", "promotion-github-tests.log");
    if (Files.exists(log)) {
      produced.add(Files.readString(log, StandardCharsets.UTF_8));
    }
    String all = String.join("\n", produced);
    assertThat(installationTokens).isNotEmpty();
    assertThat(all)
        .doesNotContain(GitHubWorld.TOKEN)
        .doesNotContain("ghs_")
        .doesNotContain(keyBody.substring(0, 40))
        .doesNotContain("Bearer ey");
  }
}
