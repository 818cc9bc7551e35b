package dev.gitops.promotion.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A pull request (GitHub) or merge request (GitLab), as one value: where it goes, what state it is
 * in, its reviews and its checks.
 */
@Value.Immutable
public abstract class ChangeRequest {

  /** Open, merged or closed without merging. */
  public enum State {
    /** Open: can still be reviewed and merged. */
    OPEN,
    /** Merged into the target branch. */
    MERGED,
    /** Closed without merging. */
    CLOSED
  }

  /** Whether the host can merge it as it is, as far as the host has computed. */
  public enum Mergeability {
    /** The change applies cleanly to the target branch. */
    MERGEABLE,
    /** The target branch changed the same lines: the change must be made again on the new base. */
    CONFLICTING,
    /** The host has not computed it (yet), or does not say. */
    UNKNOWN
  }

  /** The host's id for it (a PR number, an MR iid). */
  public abstract String id();

  /** Where a person can see it. */
  public abstract String url();

  /** The branch with the change. */
  public abstract String sourceBranch();

  /** The branch it merges into. */
  public abstract String targetBranch();

  /** The title. */
  public abstract String title();

  /** The description. */
  public abstract String body();

  /** Its state. */
  public abstract State state();

  /** The source branch's head commit. */
  public abstract Revision headRevision();

  /** Who opened it. */
  public abstract String author();

  /** When it was opened. */
  public abstract Instant createdAt();

  /** Reviews, oldest first. */
  public abstract List<Review> reviews();

  /** Status checks on the head commit. */
  public abstract List<Check> checks();

  /** Labels. */
  public abstract List<String> labels();

  /** Whether it can be merged as it is; {@link Mergeability#UNKNOWN} unless the host says. */
  @Value.Default
  public Mergeability mergeability() {
    return Mergeability.UNKNOWN;
  }

  /** The commit on the target branch that merged it, once merged. */
  public abstract Optional<Revision> mergeRevision();

  /** When it was merged or closed. */
  public abstract Optional<Instant> closedAt();

  /** Whether it is open. */
  public boolean isOpen() {
    return state() == State.OPEN;
  }

  /**
   * The reviewers whose standing verdict is an approval: per reviewer, the latest review that is
   * not a comment or pending decides, and a dismissed review counts for nothing. With {@code
   * headOnly}, approvals given on another commit than the head do not count (stale reviews).
   */
  public List<String> approvers(boolean headOnly) {
    Map<String, Review> standing = new LinkedHashMap<>();
    for (Review r : reviews()) {
      switch (r.state()) {
        case APPROVED, CHANGES_REQUESTED, DISMISSED -> standing.put(r.author(), r);
        case COMMENTED, PENDING -> {}
      }
    }
    List<String> approvers = new ArrayList<>();
    for (Review r : standing.values()) {
      boolean current = !headOnly || r.commit().map(c -> c.equals(headRevision())).orElse(true);
      if (r.state() == Review.State.APPROVED && current) {
        approvers.add(r.author());
      }
    }
    return approvers;
  }

  /** Reviewers whose standing verdict is a request for changes. */
  public List<String> changesRequestedBy() {
    Map<String, Review> standing = new LinkedHashMap<>();
    for (Review r : reviews()) {
      if (r.state() != Review.State.COMMENTED && r.state() != Review.State.PENDING) {
        standing.put(r.author(), r);
      }
    }
    return standing.values().stream()
        .filter(r -> r.state() == Review.State.CHANGES_REQUESTED)
        .map(Review::author)
        .toList();
  }

  /** The latest check with this name, if any. */
  public Optional<Check> check(String name) {
    Check found = null;
    for (Check c : checks()) {
      if (c.name().equals(name)) {
        found = c;
      }
    }
    return Optional.ofNullable(found);
  }

  /** A builder with every attribute of this one, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.from(this);
    return b;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ChangeRequest}. */
  public static final class Builder extends ImmutableChangeRequest.Builder {
    Builder() {}
  }
}
