package dev.gitops.promotion.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One review on a change request, as GitHub and GitLab report them.
 *
 * @param author the reviewer's login
 * @param state what the review says
 * @param submittedAt when it was submitted
 * @param commit the head commit the review was given on, when known
 */
public record Review(String author, State state, Instant submittedAt, Optional<Revision> commit) {

  /** The review states of GitHub's API (GitLab approvals map to {@link #APPROVED}). */
  public enum State {
    /** Approves the change. */
    APPROVED,
    /** Asks for changes; blocks merging until dismissed or superseded by an approval. */
    CHANGES_REQUESTED,
    /** A comment only; does not change the reviewer's standing verdict. */
    COMMENTED,
    /** An earlier review that was dismissed; it no longer counts. */
    DISMISSED,
    /** Started but not submitted; does not count. */
    PENDING
  }

  /** Checks the parts are present. */
  public Review {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(commit, "commit");
  }
}
