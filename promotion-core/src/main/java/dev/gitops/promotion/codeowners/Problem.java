package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.SafeText;
import org.immutables.value.Value;

/**
 * A line of a CODEOWNERS file that the host would not read as written, like the entries of GitHub's
 * {@code GET /repos/{owner}/{repo}/codeowners/errors}. Problems never stop parsing: on GitHub the
 * line is skipped ({@link #lineSkipped()}), on GitLab the bad part is ignored.
 */
@Value.Immutable
public abstract class Problem {

  /** What is wrong. */
  public enum Kind {
    /** A pattern that cannot match anything as written ({@code ***}, a lone {@code /}). */
    INVALID_PATTERN,
    /**
     * gitignore syntax GitHub does not support in CODEOWNERS: {@code \#} escapes, {@code !}
     * negation, {@code [ ]} character ranges.
     */
    UNSUPPORTED_SYNTAX,
    /** A word in the owners' place that is not a user, team, group, role or email. */
    INVALID_OWNER,
    /**
     * A GitLab section header that is malformed (no closing {@code ]}, no name, or optional with an
     * approval count).
     */
    INVALID_SECTION,
    /** A GitLab entry with no owner and no section default: GitLab auto-approves it. */
    MISSING_OWNER
  }

  /** The file's name as given to {@link CodeOwners#parse}. */
  public abstract String file();

  /** The line, from 1. */
  public abstract int line();

  /** The column where the problem starts, from 1. */
  public abstract int column();

  /** What is wrong. */
  public abstract Kind kind();

  /** A sentence that says what is wrong and what the host does about it. */
  public abstract String message();

  /** The line's text. */
  public abstract String source();

  /** Whether the whole line is ignored because of this problem (GitHub). */
  @Value.Default
  public boolean lineSkipped() {
    return false;
  }

  /** Where: {@code file:line:column}. */
  public String location() {
    return file() + ":" + line() + ":" + column();
  }

  /** {@code file:line:column: message}, safe to print. */
  @Override
  public String toString() {
    return SafeText.forDisplay(location() + ": " + message());
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Problem}. */
  public static final class Builder extends ImmutableProblem.Builder {
    Builder() {}
  }
}
