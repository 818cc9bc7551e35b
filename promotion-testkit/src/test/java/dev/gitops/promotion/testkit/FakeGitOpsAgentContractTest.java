package dev.gitops.promotion.testkit;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.Revision;
import java.time.Duration;
import java.util.Map;

class FakeGitOpsAgentContractTest extends GitOpsAgentContract {
  private static final Environment DEV = Environment.of("dev", Delivery.DIRECT_COMMIT);
  private static final String PATH = "apps/api-service/overlays/dev/image.txt";
  private static final Application API =
      Application.builder()
          .name("api-service")
          .imageRepository("ghcr.io/myorg/api-service")
          .putLocations("dev", OverlayLocation.of(PATH, SimpleImageFormat.ID))
          .build();

  private ManualClock clock;
  private InMemoryConfigRepository repo;
  private FakeGitOpsAgent agent;

  @Override
  protected GitOpsAgent subject() {
    clock = ManualClock.at("2025-11-14T09:00:00Z");
    repo = InMemoryConfigRepository.create();
    repo.init("main", Map.of(PATH, "# api-service in dev\n"), clock.instant());
    agent =
        FakeGitOpsAgent.builder()
            .repository(repo)
            .clock(clock)
            .pipeline(Pipeline.chain(DEV))
            .addApplications(API)
            .addOverlayFormats(SimpleImageFormat.create())
            .syncDelay(Duration.ofSeconds(30))
            .rolloutDuration(Duration.ofSeconds(45))
            .build();
    return agent;
  }

  @Override
  protected Environment environment() {
    return DEV;
  }

  @Override
  protected Application application() {
    return API;
  }

  @Override
  protected Revision deploy(ImageReference image) {
    clock.advance(Duration.ofMinutes(1));
    Revision head = repo.head("main").orElseThrow();
    return repo.commit(
        CommitRequest.builder()
            .branch("main")
            .parent(head)
            .expectedHead(head)
            .addEdits(new FileEdit(PATH, SimpleImageFormat.fileFor("api-service in dev", image)))
            .message("deploy " + image + "\n")
            .author(Actor.bot("CI", "ci@example.com"))
            .time(clock.instant())
            .build());
  }

  @Override
  protected void awaitReconciliation() {
    while (agent.nextTransition().isPresent()) {
      clock.set(agent.nextTransition().get());
    }
  }

  @Override
  protected void breakApplication(String message) {
    agent.degrade("dev", "api-service", message);
  }
}
