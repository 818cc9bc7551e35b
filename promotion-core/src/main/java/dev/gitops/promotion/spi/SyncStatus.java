package dev.gitops.promotion.spi;

import dev.gitops.promotion.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** What a GitOps agent reports about one application in one environment. */
@Value.Immutable
public abstract class SyncStatus {

  /** Whether the live state matches the desired state in Git. */
  public enum Sync {
    /** Live state matches the revision the agent last applied. */
    SYNCED,
    /** Live state differs from Git. */
    OUT_OF_SYNC,
    /** The agent cannot tell. */
    UNKNOWN
  }

  /** Health, in Argo CD's vocabulary (Flux Ready conditions map onto it). */
  public enum Health {
    /** Running as desired. */
    HEALTHY,
    /** Rolling out. */
    PROGRESSING,
    /** Failing. */
    DEGRADED,
    /** Paused on purpose. */
    SUSPENDED,
    /** Not there at all. */
    MISSING,
    /** The agent cannot tell. */
    UNKNOWN
  }

  /** The sync state. */
  public abstract Sync sync();

  /** The health. */
  public abstract Health health();

  /** The config-repository revision the agent last applied. */
  public abstract Optional<Revision> revision();

  /** Images the agent sees running, when it reports them. */
  public abstract List<ImageReference> images();

  /** When the agent was asked. */
  public abstract Instant observedAt();

  /**
   * Since when the agent has seen the current sync and health (Argo CD's health transition, Flux's
   * {@code Ready} condition's {@code lastTransitionTime}), when it reports it. A soak gate measures
   * healthy time from it.
   */
  public abstract Optional<Instant> since();

  /** The agent's own words, when it gives any. */
  public abstract Optional<String> message();

  /** Whether synced and healthy. */
  public boolean isSyncedAndHealthy() {
    return sync() == Sync.SYNCED && health() == Health.HEALTHY;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SyncStatus}. */
  public static final class Builder extends ImmutableSyncStatus.Builder {
    Builder() {}
  }
}
