package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.SafeText;
import java.util.List;
import org.immutables.value.Value;

/**
 * One line of a CODEOWNERS file that assigns owners to a pattern (a GitLab exclusion is a rule
 * too). Rules come out of {@link CodeOwners#parse}; the pattern is matched by {@link CodeOwners},
 * not by this value.
 */
@Value.Immutable
public abstract class Rule {

  /** The name of the section the rule belongs to; {@link Section#DEFAULT} for the implicit one. */
  @Value.Default
  public String section() {
    return Section.DEFAULT;
  }

  /** The pattern as written (escapes kept), without the {@code !} of an exclusion. */
  public abstract String pattern();

  /** The line of the file the rule is on, from 1. */
  public abstract int line();

  /**
   * Who owns what the rule matches: the owners written on the line or, on GitLab when the line
   * names none, the section's default owners. Empty means the matching paths have no owner (GitHub)
   * or need no approval (GitLab auto-approves a rule with zero owners).
   */
  public abstract List<Owner> owners();

  /**
   * Whether the owners came from the GitLab section header ({@code [Section] @owner}) rather than
   * from the line.
   */
  @Value.Default
  public boolean ownersFromSection() {
    return false;
  }

  /**
   * Whether this is a GitLab exclusion ({@code !pattern}): a path it matches has no owner in this
   * section, whatever other lines of the section say.
   */
  @Value.Default
  public boolean exclusion() {
    return false;
  }

  /**
   * How many approvals from its owners a change to a path it owns needs: GitLab's {@code
   * [Section][N]} (0 or an invalid N count as 1), otherwise 1.
   */
  @Value.Default
  public int approvalsRequired() {
    return 1;
  }

  /** Whether the rule names at least one owner and is not an exclusion. */
  public boolean hasOwners() {
    return !exclusion() && !owners().isEmpty();
  }

  @Value.Check
  void check() {
    if (line() < 1) {
      throw new IllegalArgumentException("a rule's line starts at 1, got " + line());
    }
    if (approvalsRequired() < 1) {
      throw new IllegalArgumentException(
          "a rule needs at least 1 approval, got " + approvalsRequired());
    }
    if (exclusion() && !owners().isEmpty()) {
      throw new IllegalArgumentException("an exclusion has no owners");
    }
  }

  /** The rule as a line would show it: the pattern, then the owners. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(exclusion() ? "!" : "").append(SafeText.escapeControls(pattern()));
    for (Owner o : owners()) {
      sb.append(' ').append(SafeText.escapeControls(o.toString()));
    }
    return sb.toString();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Rule}. */
  public static final class Builder extends ImmutableRule.Builder {
    Builder() {}
  }
}
