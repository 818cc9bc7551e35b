package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.SafeText;
import java.util.List;
import org.immutables.value.Value;

/**
 * What a change needs from code owners because of one rule: approvals from its owners, how many,
 * and which changed paths caused it.
 *
 * <p>There is one requirement per rule, not per section, because that is what both hosts enforce:
 * GitHub wants, for every owned file, an approval from one of the owners of its matching line;
 * GitLab makes one approval rule per section and pattern, each needing the section's count. On
 * GitHub all requirements belong to {@link Section#DEFAULT}.
 */
@Value.Immutable
public abstract class Requirement {

  /** The section's name; {@link Section#DEFAULT} on GitHub. */
  public abstract String section();

  /** The rule that owns the paths. */
  public abstract Rule rule();

  /** GitLab {@code ^[Section]}: reported, but never blocks. */
  @Value.Default
  public boolean optional() {
    return false;
  }

  /** The changed paths that this rule owns, in the order given. */
  public abstract List<String> paths();

  /** Who may approve: any one of them counts once (team, group and role members included). */
  public List<Owner> owners() {
    return rule().owners();
  }

  /** How many distinct approvers among the owners are needed: 1 on GitHub, N on GitLab. */
  public int approvalsRequired() {
    return rule().approvalsRequired();
  }

  @Value.Check
  void check() {
    if (paths().isEmpty()) {
      throw new IllegalArgumentException("a requirement comes from at least one path");
    }
    if (!rule().hasOwners()) {
      throw new IllegalArgumentException(
          "a rule without owners requires nothing: " + SafeText.escapeControls(rule().toString()));
    }
  }

  /**
   * One line for people: the section, the owners, the approvals and the paths, for example {@code
   * [Database] 2 approvals from @database-team for model/db/schema.rb (line 9: model/db/)}.
   */
  @Override
  public String toString() {
    return Texts.sectionPrefix(this)
        + approvalsRequired()
        + (approvalsRequired() == 1 ? " approval from " : " approvals from ")
        + Texts.owners(owners())
        + " for "
        + Texts.paths(paths())
        + " "
        + Texts.origin(rule());
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Requirement}. */
  public static final class Builder extends ImmutableRequirement.Builder {
    Builder() {}
  }
}
