package dev.gitops.promotion;

import java.util.Objects;
import java.util.Optional;

/**
 * How to find a promotion that another process (or this one, earlier) started: by its promotion id
 * ({@code prm-...}), by its branch ({@code promote/<env>/...}), by its change request's number, or
 * as the open promotion of one application into one environment. {@link Promoter#find} answers it
 * from Git and the host alone.
 *
 * <pre>{@code
 * promoter.find(PromotionLookup.parse("prm-f5691cd5e3018749"));
 * promoter.find(PromotionLookup.byChangeRequest("42"));
 * promoter.find(PromotionLookup.byTarget("production", "api-service"));
 * }</pre>
 */
public final class PromotionLookup {

  /** What the lookup goes by. */
  public enum Kind {
    /** The promotion id, {@code prm-} and 16 hex digits. */
    PROMOTION_ID,
    /** The promotion's branch. */
    BRANCH,
    /** The change request's id on the host (a pull request number, a merge request iid). */
    CHANGE_REQUEST,
    /** The open promotion of one application into one environment. */
    TARGET
  }

  private final Kind kind;
  private final String value;
  private final Optional<String> environment;
  private final Optional<String> application;

  private PromotionLookup(
      Kind kind, String value, Optional<String> environment, Optional<String> application) {
    this.kind = kind;
    this.value = value;
    this.environment = environment;
    this.application = application;
  }

  /** By promotion id, as the {@code Promotion-Id} trailer carries it. */
  public static PromotionLookup byId(String promotionId) {
    if (promotionId == null || !promotionId.matches("prm-[0-9a-f]{16}")) {
      throw new InvalidInputException(
          "'"
              + SafeText.escapeControls(String.valueOf(promotionId))
              + "' is not a promotion id; expected prm- and 16 hex digits");
    }
    return new PromotionLookup(Kind.PROMOTION_ID, promotionId, Optional.empty(), Optional.empty());
  }

  /** By the promotion's branch, {@code promote/<env>/...}. */
  public static PromotionLookup byBranch(String branch) {
    if (branch == null || !branch.startsWith("promote/") || branch.split("/").length < 3) {
      throw new InvalidInputException(
          "'"
              + SafeText.escapeControls(String.valueOf(branch))
              + "' is not a promotion branch; expected promote/<environment>/<name>");
    }
    BranchNames.check(branch);
    return new PromotionLookup(Kind.BRANCH, branch, Optional.empty(), Optional.empty());
  }

  /**
   * By change request id: a pull request number or merge request iid, with or without {@code #} or
   * {@code !}. Every wired host is asked.
   */
  public static PromotionLookup byChangeRequest(String id) {
    String digits = id == null ? "" : id.strip().replaceFirst("^[#!]", "");
    if (!digits.matches("[0-9]{1,12}")) {
      throw new InvalidInputException(
          "'"
              + SafeText.escapeControls(String.valueOf(id))
              + "' is not a change request number; expected digits, like 42 or #42");
    }
    return new PromotionLookup(Kind.CHANGE_REQUEST, digits, Optional.empty(), Optional.empty());
  }

  /** The open promotion of {@code application} into {@code environment}. */
  public static PromotionLookup byTarget(String environment, String application) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(application, "application");
    return new PromotionLookup(
        Kind.TARGET,
        environment + "/" + application,
        Optional.of(environment),
        Optional.of(application));
  }

  /**
   * A lookup from what a person typed: a promotion id ({@code prm-...}), a branch ({@code
   * promote/...}) or a change request number ({@code 42}, {@code #42}, {@code !42}).
   *
   * @throws InvalidInputException when it is none of them
   */
  public static PromotionLookup parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.startsWith("prm-")) {
      return byId(t);
    }
    if (t.startsWith("promote/")) {
      return byBranch(t);
    }
    if (t.matches("[#!]?[0-9]{1,12}")) {
      return byChangeRequest(t);
    }
    throw new InvalidInputException(
        "'"
            + SafeText.escapeControls(t)
            + "' names no promotion; give a promotion id (prm-...), a branch (promote/...) or a"
            + " change request number (#42)");
  }

  /** What the lookup goes by. */
  public Kind kind() {
    return kind;
  }

  /** The id, branch or change request number ({@code env/app} for a target lookup). */
  public String value() {
    return value;
  }

  /** The environment of a target lookup. */
  public Optional<String> environment() {
    return environment;
  }

  /** The application of a target lookup. */
  public Optional<String> application() {
    return application;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PromotionLookup other && kind == other.kind && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case PROMOTION_ID -> "promotion " + value;
      case BRANCH -> "branch " + value;
      case CHANGE_REQUEST -> "change request #" + value;
      case TARGET ->
          "the open promotion of " + application.orElse("") + " into " + environment.orElse("");
    };
  }
}
