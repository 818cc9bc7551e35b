package dev.gitops.promotion.codeowners;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A group of rules evaluated on its own: a path gets at most one rule per section (the last that
 * matches), and its owners are the union over sections. A GitHub file has one section, {@link
 * #DEFAULT}; on GitLab the lines before the first header form {@link #DEFAULT} too, and every
 * {@code [Name]} header opens (or continues) a named section.
 *
 * @param name the section's name: {@link #DEFAULT}, or as first written in a header (GitLab merges
 *     headers whose names differ only by case and keeps the first spelling)
 * @param optional GitLab {@code ^[Name]}: its approvals never block a merge request; a section
 *     written both with and without {@code ^} is required
 * @param rules its rules in precedence order: when several match a path, the last one wins
 */
public record Section(String name, boolean optional, List<Rule> rules) {

  /**
   * The name of the implicit section (GitLab calls it {@code codeowners} in its approval rules). A
   * GitLab header with this name, in any case, continues the implicit section.
   */
  public static final String DEFAULT = "codeowners";

  /** Copies the rules. */
  public Section {
    Objects.requireNonNull(name, "name");
    rules = List.copyOf(rules);
  }

  /** Whether this is the implicit section (lines outside any header). */
  public boolean isDefault() {
    return name.toLowerCase(Locale.ROOT).equals(DEFAULT);
  }
}
