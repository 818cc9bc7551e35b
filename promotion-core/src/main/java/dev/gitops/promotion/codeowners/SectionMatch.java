package dev.gitops.promotion.codeowners;

import java.util.List;
import java.util.Objects;

/**
 * The rule that decides a path's owners in one section.
 *
 * @param section the section's name
 * @param rule the last matching rule of the section, or the GitLab exclusion that removes the path
 *     from the section
 */
public record SectionMatch(String section, Rule rule) {

  /** Checks for nulls. */
  public SectionMatch {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(rule, "rule");
  }

  /** Whether a GitLab exclusion removes the path from this section. */
  public boolean excluded() {
    return rule.exclusion();
  }

  /** The owners this section gives the path; empty when excluded or when the rule names none. */
  public List<Owner> owners() {
    return rule.exclusion() ? List.of() : rule.owners();
  }
}
