package dev.gitops.promotion;

import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.MembershipLookup;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * Everything a {@link Gate} may look at, gathered by the {@link Promoter} before gates run: the
 * time, the plan, the change request with its reviews and checks, the branch protection, what the
 * upstream environments run (and since when), and what the GitOps agent reports for them.
 */
@Value.Immutable
public abstract class GateContext {

  /** Now, from the promoter's clock. */
  public abstract Instant now();

  /** The plan being gated. */
  public abstract PromotionPlan plan();

  /** The pipeline the plan belongs to. */
  public abstract Pipeline pipeline();

  /** The change request, for change-request delivery once it is open. */
  public abstract Optional<ChangeRequest> changeRequest();

  /** What the host demands before merging into the environment's branch. */
  @Value.Default
  public BranchProtection protection() {
    return BranchProtection.NONE;
  }

  /**
   * Per upstream environment and application: the ledger record of the image it runs now (so gates
   * can tell since when), for the applications of the plan.
   */
  public abstract List<PromotionRecord> upstreamRecords();

  /**
   * Per upstream environment name, per application: what the GitOps agent reports, when an agent is
   * wired.
   */
  public abstract Map<String, Map<String, SyncStatus>> upstreamStatus();

  /**
   * Per upstream environment name: the applications whose agent reports a revision at or past the
   * commit that set the upstream image (the promoting commit), as the config repository's history
   * says. Filled when an agent is wired.
   */
  public abstract Map<String, Set<String>> upstreamReached();

  /** The CODEOWNERS file that governs the target branch, when the host has one. */
  public abstract Optional<CodeOwners> codeOwners();

  /**
   * Who belongs to the teams and groups that CODEOWNERS and approval gates name, as the host says;
   * knows no one unless a host is wired.
   */
  @Value.Default
  @Value.Auxiliary
  public MembershipLookup membership() {
    return MembershipLookup.NONE;
  }

  /** The paths the promotion changes: its overlay edits and generated files. */
  public List<String> changedPaths() {
    return plan().fileEdits().stream().map(f -> f.path()).distinct().toList();
  }

  /** Whether the agent of {@code environment} reports {@code application} at or past its commit. */
  public boolean upstreamReached(String environment, String application) {
    return upstreamReached().getOrDefault(environment, Set.of()).contains(application);
  }

  /** The target environment (shortcut for {@code plan().environment()}). */
  public Environment environment() {
    return plan().environment();
  }

  /** The upstream record for one application in one environment. */
  public Optional<PromotionRecord> upstreamRecord(String environment, String application) {
    return upstreamRecords().stream()
        .filter(r -> r.environment().equals(environment) && r.application().equals(application))
        .findFirst();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GateContext}. */
  public static final class Builder extends ImmutableGateContext.Builder {
    Builder() {}
  }
}
