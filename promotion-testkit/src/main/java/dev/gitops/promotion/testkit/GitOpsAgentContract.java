package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link GitOpsAgent} must have. Extend it in a test; the hooks deploy images
 * (a commit the agent reconciles) and wait for reconciliation, however the implementation gets
 * there (advancing a manual clock, polling a server with a bounded timeout).
 *
 * <p>What it pins down: a status always has its sync state, health and observation time; once a
 * deployed commit is reconciled the application is synced at exactly that commit and healthy, and
 * reports the deployed image when it reports images at all; a later deployment moves the revision;
 * asking again without a change gives the same answer; {@link GitOpsAgent#requestSync} is safe to
 * call; an application the agent does not manage is {@link SyncStatus.Health#MISSING}, never synced
 * and healthy; a broken application (optional ability) is {@link SyncStatus.Health#DEGRADED}.
 */
public abstract class GitOpsAgentContract {

  private GitOpsAgent agent;

  /** A fresh agent, once per test; the other hooks act on the world it watches. */
  protected abstract GitOpsAgent subject();

  /** The environment the kit deploys to. */
  protected abstract Environment environment();

  /** The application the kit deploys; the agent manages it in {@link #environment()}. */
  protected abstract Application application();

  /**
   * Makes {@code image} the desired image of {@link #application()} in {@link #environment()} (a
   * commit on the environment's branch) and returns that commit.
   */
  protected abstract Revision deploy(ImageReference image);

  /** Returns once the agent has had every chance to reconcile what was deployed so far. */
  protected abstract void awaitReconciliation();

  /**
   * Optional ability: makes the running application fail (crash-looping pods, for example), so the
   * agent reports it degraded after {@link #awaitReconciliation()}. The default skips that test.
   */
  protected void breakApplication(String message) {
    Assumptions.abort("this agent's test cannot break the application");
  }

  /** An image of {@link #application()} pinned to a digest made from {@code label}. */
  protected ImageReference image(String label) {
    return TestImages.pinned(application().imageRepository(), label);
  }

  @BeforeEach
  void createSubject() {
    agent = subject();
  }

  @Test
  void aStatusAlwaysHasSyncHealthAndObservationTime() {
    SyncStatus s = agent.status(environment(), application());
    assertThat(s.sync()).isNotNull();
    assertThat(s.health()).isNotNull();
    assertThat(s.observedAt()).isNotNull();
    assertThat(s.isSyncedAndHealthy())
        .isEqualTo(s.sync() == SyncStatus.Sync.SYNCED && s.health() == SyncStatus.Health.HEALTHY);
  }

  @Test
  void aReconciledDeploymentIsSyncedAtItsCommitAndHealthy() {
    ImageReference image = image("build-1");
    Revision commit = deploy(image);
    awaitReconciliation();

    SyncStatus s = agent.status(environment(), application());
    assertThat(s.sync()).isEqualTo(SyncStatus.Sync.SYNCED);
    assertThat(s.health()).isEqualTo(SyncStatus.Health.HEALTHY);
    assertThat(s.isSyncedAndHealthy()).isTrue();
    assertThat(s.revision()).contains(commit);
    if (!s.images().isEmpty()) {
      assertThat(s.images()).anySatisfy(i -> assertThat(i.digest()).isEqualTo(image.digest()));
    }
  }

  @Test
  void aLaterDeploymentMovesTheRevision() {
    deploy(image("build-1"));
    awaitReconciliation();
    ImageReference second = image("build-2");
    Revision commit = deploy(second);
    awaitReconciliation();

    SyncStatus s = agent.status(environment(), application());
    assertThat(s.revision()).contains(commit);
    assertThat(s.isSyncedAndHealthy()).isTrue();
    if (!s.images().isEmpty()) {
      assertThat(s.images()).anySatisfy(i -> assertThat(i.digest()).isEqualTo(second.digest()));
    }
  }

  @Test
  void askingAgainWithoutAChangeGivesTheSameAnswer() {
    deploy(image("build-1"));
    awaitReconciliation();
    SyncStatus a = agent.status(environment(), application());
    SyncStatus b = agent.status(environment(), application());
    assertThat(b.sync()).isEqualTo(a.sync());
    assertThat(b.health()).isEqualTo(a.health());
    assertThat(b.revision()).isEqualTo(a.revision());
    assertThat(b.images()).isEqualTo(a.images());
    assertThat(b.observedAt()).isAfterOrEqualTo(a.observedAt());
  }

  @Test
  void requestSyncIsSafeAndKeepsTheAnswerConsistent() {
    Revision commit = deploy(image("build-1"));
    agent.requestSync(environment(), application());
    awaitReconciliation();
    agent.requestSync(environment(), application());
    SyncStatus s = agent.status(environment(), application());
    assertThat(s.revision()).contains(commit);
    assertThat(s.isSyncedAndHealthy()).isTrue();
  }

  @Test
  void anApplicationTheAgentDoesNotManageIsMissing() {
    Application stranger =
        Application.builder()
            .name("not-managed-anywhere")
            .imageRepository("registry.invalid/nobody/not-managed")
            .putLocations(
                environment().name(), OverlayLocation.of("nowhere/not-managed.txt", "simple"))
            .build();
    SyncStatus s = agent.status(environment(), stranger);
    assertThat(s.health()).isEqualTo(SyncStatus.Health.MISSING);
    assertThat(s.isSyncedAndHealthy()).isFalse();
  }

  @Test
  void aBrokenApplicationIsDegraded() {
    Revision commit = deploy(image("build-1"));
    awaitReconciliation();
    breakApplication("CrashLoopBackOff");
    awaitReconciliation();
    SyncStatus s = agent.status(environment(), application());
    assertThat(s.health()).isEqualTo(SyncStatus.Health.DEGRADED);
    assertThat(s.isSyncedAndHealthy()).isFalse();
    assertThat(s.revision()).contains(commit);
  }
}
