package dev.gitops.promotion.gitlab;

import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.git.testing.BareRepo;
import dev.gitops.promotion.gitlab.sim.GitLabSimulator;
import dev.gitops.promotion.http.HttpRetryPolicy;
import dev.gitops.promotion.http.RequestCounter;
import dev.gitops.promotion.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;

/** A bare repository, a GitLab simulator serving it from MockWebServer, and a host on both. */
final class World implements AutoCloseable {
  final ManualClock clock = ManualClock.at("2026-10-01T08:00:00Z");
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final Sleeper sleeper =
      d -> {
        slept.add(d);
        clock.advance(d);
      };
  final RequestCounter counter = new RequestCounter();
  final BareRepo repo;
  final GitLabSimulator gitlab;
  final MockWebServer server = new MockWebServer();

  World(Path dir) {
    this.repo = BareRepo.create(dir.resolve("remote.git"));
    this.gitlab = new GitLabSimulator(repo, clock);
    server.setDispatcher(gitlab);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String apiUrl() {
    return server.url("/api/v4").toString();
  }

  GitLabHost.Builder hostBuilder(String project) {
    return GitLabHost.builder()
        .apiUrl(apiUrl())
        .project(project)
        .token("private", () -> Optional.of(GitLabSimulator.TOKEN), "GITLAB_TOKEN")
        .clock(clock)
        .sleeper(sleeper)
        .listener(counter)
        .retryPolicy(HttpRetryPolicy.defaults());
  }

  GitLabHost host() {
    return hostBuilder(GitLabSimulator.PROJECT_PATH).build();
  }

  @Override
  public void close() {
    server.close();
    repo.close();
  }
}
