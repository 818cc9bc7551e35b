package dev.gitops.promotion.codeowners;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who owns one path: the deciding rule of every section that has one.
 *
 * @param path the path asked about, relative to the repository root
 * @param matches one entry per section with a matching rule, in the file's section order
 */
public record PathOwnership(String path, List<SectionMatch> matches) {

  /** Copies the matches. */
  public PathOwnership {
    Objects.requireNonNull(path, "path");
    matches = List.copyOf(matches);
  }

  /** Every owner of the path, over all sections, without repeats, in file order. */
  public List<Owner> owners() {
    Set<Owner> all = new LinkedHashSet<>();
    for (SectionMatch m : matches) {
      all.addAll(m.owners());
    }
    return List.copyOf(all);
  }

  /** The match in the section named {@code section} (case-insensitive), if any. */
  public Optional<SectionMatch> in(String section) {
    return matches.stream().filter(m -> m.section().equalsIgnoreCase(section)).findFirst();
  }

  /** Whether some section gives the path at least one owner. */
  public boolean isOwned() {
    return matches.stream().anyMatch(m -> !m.owners().isEmpty());
  }
}
