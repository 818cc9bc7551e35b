package dev.gitops.promotion.spi;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import java.util.Collection;
import java.util.Set;

/**
 * The reconciler of an environment (Argo CD, Flux): tells whether an application is synced and
 * healthy, and at which config revision.
 *
 * <p>Implementations: promotion-argocd, promotion-flux, and the fake agent in promotion-testkit;
 * all run {@code GitOpsAgentContract}.
 */
public interface GitOpsAgent {

  /** The agent's view of {@code application} in {@code environment} now. */
  SyncStatus status(Environment environment, Application application);

  /** Asks the agent to reconcile now rather than at its next interval; a no-op by default. */
  default void requestSync(Environment environment, Application application) {}

  /**
   * Of {@code others} (applications delivered together with {@code application}, a release train),
   * the names of those the agent makes {@code application} wait for: Flux {@code dependsOn}, Argo
   * CD sync waves. A release train delivers those first. None by default.
   */
  default Set<String> dependsOn(
      Environment environment, Application application, Collection<Application> others) {
    return Set.of();
  }
}
