package dev.gitops.promotion.github;

import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.git.testing.BareRepo;
import dev.gitops.promotion.github.sim.GitHubSimulator;
import dev.gitops.promotion.http.HttpRetryPolicy;
import dev.gitops.promotion.http.RequestCounter;
import dev.gitops.promotion.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;

/** A bare Git repository, the simulated GitHub over it on MockWebServer, a fake clock. */
final class GitHubWorld implements AutoCloseable {
  static final String TOKEN = "ghp_S3cretT0kenValue0000000000000000000";
  static final String OWNER = "octo-org";
  static final String REPO = "gitops-config";

  final ManualClock clock = ManualClock.at(Instant.parse("2026-05-01T10:00:00Z"));
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final Sleeper sleeper =
      d -> {
        slept.add(d);
        clock.advance(d);
      };
  final BareRepo git;
  final GitHubSimulator github;
  final MockWebServer server = new MockWebServer();
  final RequestCounter counter = new RequestCounter();

  GitHubWorld(Path dir) {
    git = BareRepo.create(dir.resolve("remote.git"));
    github = new GitHubSimulator(git, clock, OWNER, REPO, TOKEN);
    server.setDispatcher(github);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String apiUrl() {
    return server.url("/").toString();
  }

  GitHubHost.Builder hostBuilder() {
    return GitHubHost.builder()
        .apiUrl(apiUrl())
        .repository(OWNER + "/" + REPO)
        .token(TOKEN)
        .clock(clock)
        .sleeper(sleeper)
        .listener(counter)
        .retryPolicy(HttpRetryPolicy.defaults().toBuilder().maxWait(Duration.ofHours(2)).build());
  }

  GitHubHost host() {
    return hostBuilder().build();
  }

  @Override
  public void close() {
    server.close();
    git.close();
  }
}
