package dev.gitops.promotion.selection;

import java.util.Objects;

/**
 * An eligible tag and the value a policy orders it by: the extracted value when the policy has a
 * {@link TagFilter} with an extract template, else the tag itself.
 *
 * @param tag the tag as the registry lists it
 * @param key the value the policy orders by
 */
public record Candidate(String tag, String key) {

  /** Checks both are present. */
  public Candidate {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(key, "key");
  }
}
