package dev.gitops.promotion.spi;

import java.util.List;
import org.immutables.value.Value;

/** What to open a change request (pull or merge request) with. */
@Value.Immutable
public abstract class ChangeRequestSpec {

  /** The branch with the change. */
  public abstract String sourceBranch();

  /** The branch to merge into. */
  public abstract String targetBranch();

  /** The title. */
  public abstract String title();

  /** The description (Markdown). */
  public abstract String body();

  /** Labels to set. */
  public abstract List<String> labels();

  /** Users asked to review (logins). */
  public abstract List<String> reviewers();

  /** Teams or groups asked to review (slugs or paths, as the host names them). */
  public abstract List<String> teamReviewers();

  /** Whether to open it as a draft. */
  @Value.Default
  public boolean draft() {
    return false;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ChangeRequestSpec}. */
  public static final class Builder extends ImmutableChangeRequestSpec.Builder {
    Builder() {}
  }
}
