package dev.gitops.promotion.selection;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import org.immutables.value.Value;

/**
 * What a {@link TagPolicy} picked from a list of tags: the tag, the value it was ordered by, how
 * many tags there were and how many were eligible, and the policy that picked it.
 *
 * <pre>{@code
 * Selected s = TagPolicy.semver(">=1.0.0 <2.0.0").select(tags).orElseThrow();
 * s.tag();           // "v1.4.2"
 * s.description();   // "semver >=1.0.0 <2.0.0 picked v1.4.2 of 37 tags (12 eligible)"
 * }</pre>
 */
@Value.Immutable
public abstract class Selected {

  /** The picked tag, as the registry lists it. */
  public abstract String tag();

  /** The value the tag was ordered by (the extracted value, or the tag itself). */
  public abstract String key();

  /** How many distinct tags the policy looked at. */
  public abstract int total();

  /** How many of them were eligible (matched the filter, parsed, and satisfied the policy). */
  public abstract int eligible();

  /** The policy, as {@link TagPolicy#describe()} puts it. */
  public abstract String policy();

  /**
   * One line for logs and change-request bodies, like {@code semver >=1.0.0 <2.0.0 picked 1.4.2 of
   * 37 tags (12 eligible)}; the key follows the tag in parentheses when it differs.
   */
  public String description() {
    return policy()
        + " picked "
        + SafeText.forDisplay(tag())
        + (key().equals(tag()) ? "" : " (" + SafeText.forDisplay(key()) + ")")
        + " of "
        + total()
        + (total() == 1 ? " tag" : " tags")
        + " ("
        + eligible()
        + " eligible)";
  }

  @Value.Check
  void check() {
    if (eligible() < 1 || eligible() > total()) {
      throw new InvalidInputException(
          "a selection needs 1 <= eligible <= total, got " + eligible() + " of " + total());
    }
  }

  /** {@link #description()}. */
  @Override
  public String toString() {
    return description();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Selected}. */
  public static final class Builder extends ImmutableSelected.Builder {
    Builder() {}
  }
}
