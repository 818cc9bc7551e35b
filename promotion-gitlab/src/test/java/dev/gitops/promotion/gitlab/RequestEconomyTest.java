package dev.gitops.promotion.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each step of a promotion costs in requests, pinned (docs/benchmarks.md lists the figures):
 * the minimum the API allows for what the step must know.
 */
class RequestEconomyTest {
  private static final String SOURCE = "promote/production/api-service-1a2b3c";

  @TempDir Path dir;
  World world;
  GitLabHost host;

  @BeforeEach
  void start() {
    world = new World(dir);
    host = world.host();
    world.repo.createBranch(SOURCE, "main");
    world.repo.commitFile(SOURCE, "apps/api/overlays/production/k.yaml", "d: 1\n", "promote");
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private long cost(Runnable step) {
    long before = world.counter.requests();
    step.run();
    return world.counter.requests() - before;
  }

  private <T> T measured(Supplier<T> step, long expected) {
    long before = world.counter.requests();
    T value = step.get();
    assertThat(world.counter.requests() - before).isEqualTo(expected);
    return value;
  }

  private ChangeRequestSpec spec() {
    return ChangeRequestSpec.builder()
        .sourceBranch(SOURCE)
        .targetBranch("main")
        .title("Promote api-service to production")
        .body("b")
        .addLabels("promotion")
        .build();
  }

  @Test
  void eachStepCostsTheFewestRequestsTheApiAllows() {
    // deliver: look for an open one, open, list the open ones to supersede (as the lifecycle does)
    assertThat(cost(() -> host.findOpen(SOURCE, "main"))).isEqualTo(1);
    ChangeRequest cr = measured(() -> host.open(spec()), 1);
    assertThat(cost(() -> host.listOpen("main"))).isEqualTo(1);
    // a reviewer costs one user lookup, once per host
    ChangeRequestSpec withReviewer =
        ChangeRequestSpec.builder().from(spec()).addReviewers("bob").build();
    assertThat(cost(() -> host.update(cr.id(), withReviewer))).isEqualTo(2);
    assertThat(cost(() -> host.update(cr.id(), withReviewer))).isEqualTo(1);

    // one poll of a waiting merge request: MR (head pipeline included), approvals, statuses of
    // the head; the reviewers' states only when it has reviewers
    assertThat(cost(() -> host.get(cr.id()))).isEqualTo(4);
    assertThat(cost(() -> host.evidence(cr.id()))).isEqualTo(3);
    // protection: protected branches, approval rules, project settings, external status checks
    assertThat(cost(() -> host.protection("main"))).isEqualTo(4);
    assertThat(cost(() -> host.protection("main"))).as("remembered for a minute").isZero();
    // CODEOWNERS at the first location GitLab reads
    world.repo.commitFile("main", "CODEOWNERS", "* @platform\n", "owners");
    assertThat(cost(() -> host.codeOwnersFor("main"))).isEqualTo(1);
    // own status, identity
    assertThat(
            cost(
                () ->
                    host.publishStatus(
                        cr.headRevision(),
                        Check.of("promotion/gates", Check.State.SUCCESS),
                        "gates passed")))
        .isEqualTo(1);
    assertThat(cost(host::identity)).isEqualTo(1);
    // merge with the sha guard: one request
    ChangeRequest head = host.get(cr.id());
    assertThat(cost(() -> host.merge(cr.id(), Revision.of(head.headRevision().id()), "m")))
        .isEqualTo(1);
  }

  @Test
  void onATierWithoutApprovalsThePaidFeaturesAreAskedOnce() {
    world.gitlab.freeTier = true;
    ChangeRequest cr = host.open(spec());
    assertThat(cost(() -> host.get(cr.id()))).isEqualTo(3);
    assertThat(cost(() -> host.get(cr.id()))).isEqualTo(2);
    assertThat(cost(() -> host.protection("main"))).isEqualTo(4);
    assertThat(cost(() -> host.protection("main"))).as("remembered for a minute").isZero();
    world.clock.advance(java.time.Duration.ofSeconds(61));
    assertThat(cost(() -> host.protection("main"))).isEqualTo(2);
    // abort: close, then the comment
    assertThat(cost(() -> host.close(cr.id(), "aborted"))).isEqualTo(2);
    assertThat(List.of(world.counter.requestsByMethod().keySet())).isNotEmpty();
  }
}
