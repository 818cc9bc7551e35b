package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clone, fetch and push over Git's smart HTTP protocol with a token from a TokenSource. */
class HttpTokenTest {
  @TempDir Path tmp;

  @Test
  void aTokenSourceIsAskedForEveryOperationAndNeverShown() throws Exception {
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    git(bare, "config", "http.receivepack", "true");
    String secret = "ghs_s3cretTOKENvalue";
    try (GitHttpServer server = new GitHttpServer(tmp, "x-access-token", secret)) {
      AtomicInteger asked = new AtomicInteger();
      TokenSource tokens =
          TokenSource.of(
              "x-access-token",
              () -> {
                asked.incrementAndGet();
                return secret;
              });
      try (JGitConfigRepository repo =
          JGitConfigRepository.cloneOf(
              server.url("remote.git"),
              tmp.resolve("clone"),
              GitOptions.builder().tokenSource(tokens).build())) {
        Revision c = Fixture.commitFile(repo, "over-http.txt", "pushed\n", "pushed over http\n");
        assertThat(git(bare, "rev-parse", "main").strip()).isEqualTo(c.id());
        assertThat(asked.get()).isGreaterThanOrEqualTo(3); // clone, fetch, push
        assertThat(repo.toString()).doesNotContain(secret);
      }
      // a wrong token: a typed, non-retryable error that does not show the token
      TokenSource wrong = TokenSource.of("x-access-token", () -> "wrong-" + secret);
      assertThatThrownBy(
              () ->
                  JGitConfigRepository.cloneOf(
                      server.url("remote.git"),
                      tmp.resolve("denied"),
                      GitOptions.builder().tokenSource(wrong).build()))
          .isInstanceOfSatisfying(
              RemoteUnavailableException.class,
              e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).doesNotContain(secret).contains("127.0.0.1");
              });
      assertThat(wrong.toString()).doesNotContain(secret);
    }
  }
}
