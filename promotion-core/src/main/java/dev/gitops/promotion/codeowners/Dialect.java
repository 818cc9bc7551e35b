package dev.gitops.promotion.codeowners;

import java.util.List;

/**
 * Which host reads the CODEOWNERS file: the syntax and the matching rules differ.
 *
 * <ul>
 *   <li>{@link #GITHUB}: gitignore-like patterns, the last matching line wins, one implicit
 *       section, an owned path needs one approval from one of its owners; lines GitHub cannot read
 *       are skipped.
 *   <li>{@link #GITLAB}: {@code File::fnmatch} patterns, sections ({@code [Name]}, optional {@code
 *       ^[Name]}, {@code [Name][N]} approvals, default owners after the header), the last match per
 *       section, owners from every section, {@code !pattern} exclusions, role owners.
 * </ul>
 */
public enum Dialect {
  /** GitHub and GitHub Enterprise. */
  GITHUB(List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")),
  /** GitLab (Premium and Ultimate). */
  GITLAB(List.of("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"));

  private final List<String> fileLocations;

  Dialect(List<String> fileLocations) {
    this.fileLocations = fileLocations;
  }

  /**
   * Where the host looks for the file, in its search order: the first one that exists is used.
   * GitHub reads it from the pull request's base branch.
   */
  public List<String> fileLocations() {
    return fileLocations;
  }
}
