package dev.gitops.promotion.github.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The parts of GitHub's REST payloads the adapter reads, shaped like the contract samples; unknown
 * fields are ignored. Nullable where GitHub leaves a field out or sends {@code null}.
 */
public final class Payloads {
  private Payloads() {}

  /** A user or bot ({@code simple-user}, {@code GET /user}). */
  public record User(String login, String type, String name, String email) {}

  /** A label. */
  public record Label(String name) {}

  /** A team ({@code requested_teams[]}). */
  public record Team(String slug) {}

  /** A repository, as far as {@code head.repo} goes. */
  public record Repo(@JsonProperty("full_name") String fullName) {}

  /** {@code head} and {@code base} of a pull request. */
  public record Ref(String ref, String sha, Repo repo) {}

  /** A pull request ({@code pull-request} or the list's {@code pull-request-simple}). */
  public record Pull(
      long number,
      @JsonProperty("node_id") String nodeId,
      String state,
      String title,
      String body,
      User user,
      List<Label> labels,
      Ref head,
      Ref base,
      Boolean draft,
      Boolean merged,
      Boolean mergeable,
      @JsonProperty("mergeable_state") String mergeableState,
      @JsonProperty("html_url") String htmlUrl,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("closed_at") String closedAt,
      @JsonProperty("merged_at") String mergedAt,
      @JsonProperty("merge_commit_sha") String mergeCommitSha,
      @JsonProperty("requested_reviewers") List<User> requestedReviewers,
      @JsonProperty("requested_teams") List<Team> requestedTeams) {}

  /** A review. */
  public record Review(
      long id,
      User user,
      String state,
      @JsonProperty("commit_id") String commitId,
      @JsonProperty("submitted_at") String submittedAt) {}

  /** One commit status of the combined status. */
  public record Status(
      String context,
      String state,
      String description,
      @JsonProperty("target_url") String targetUrl) {}

  /** {@code GET /commits/{ref}/status}. */
  public record CombinedStatus(
      String state,
      String sha,
      List<Status> statuses,
      @JsonProperty("total_count") Integer totalCount) {}

  /** The app of a check run. */
  public record App(Long id, String slug, String name) {}

  /** A check run. */
  public record CheckRun(
      String name,
      String status,
      String conclusion,
      @JsonProperty("details_url") String detailsUrl,
      @JsonProperty("html_url") String htmlUrl,
      App app) {}

  /** {@code GET /commits/{ref}/check-runs}. */
  public record CheckRuns(
      @JsonProperty("total_count") Integer totalCount,
      @JsonProperty("check_runs") List<CheckRun> checkRuns) {}

  /** A required check of classic protection. */
  public record RequiredCheck(String context, @JsonProperty("app_id") Long appId) {}

  /** {@code required_status_checks} of classic protection. */
  public record RequiredStatusChecks(
      Boolean strict, List<String> contexts, List<RequiredCheck> checks) {}

  /** {@code required_pull_request_reviews} of classic protection. */
  public record RequiredReviews(
      @JsonProperty("required_approving_review_count") Integer requiredApprovingReviewCount,
      @JsonProperty("require_code_owner_reviews") Boolean requireCodeOwnerReviews,
      @JsonProperty("dismiss_stale_reviews") Boolean dismissStaleReviews,
      @JsonProperty("require_last_push_approval") Boolean requireLastPushApproval) {}

  /** {@code GET /branches/{b}/protection}. */
  public record Protection(
      @JsonProperty("required_status_checks") RequiredStatusChecks requiredStatusChecks,
      @JsonProperty("required_pull_request_reviews") RequiredReviews requiredPullRequestReviews) {}

  /** {@code GET /branches/{b}} (the read-only fallback for protection). */
  public record Branch(@JsonProperty("protected") Boolean isProtected, Protection protection) {}

  /** A required check of a ruleset. */
  public record RuleCheck(String context, @JsonProperty("integration_id") Long integrationId) {}

  /** The parameters of the ruleset rules the adapter reads. */
  public record RuleParameters(
      @JsonProperty("required_status_checks") List<RuleCheck> requiredStatusChecks,
      @JsonProperty("strict_required_status_checks_policy") Boolean strictPolicy,
      @JsonProperty("required_approving_review_count") Integer requiredApprovingReviewCount,
      @JsonProperty("require_code_owner_review") Boolean requireCodeOwnerReview,
      @JsonProperty("dismiss_stale_reviews_on_push") Boolean dismissStaleReviewsOnPush,
      @JsonProperty("require_last_push_approval") Boolean requireLastPushApproval) {}

  /** One rule of {@code GET /rules/branches/{b}}. */
  public record Rule(String type, RuleParameters parameters) {}

  /** A file of the contents API. */
  public record Content(String type, String encoding, String content, String path, Long size) {}

  /** One entry of {@code GET /codeowners/errors}. */
  public record CodeOwnersError(
      Integer line, Integer column, String kind, String source, String message, String path) {}

  /** {@code GET /codeowners/errors}. */
  public record CodeOwnersErrors(List<CodeOwnersError> errors) {}

  /** The answer to a merge. */
  public record MergeResult(String sha, Boolean merged, String message) {}

  /** An installation access token. */
  public record AccessToken(String token, @JsonProperty("expires_at") String expiresAt) {
    @Override
    public String toString() {
      return "AccessToken[***, expiresAt=" + expiresAt + "]";
    }
  }

  /** {@code GET /repos/{o}/{r}/installation}. */
  public record Installation(long id) {}

  /** {@code GET /app}. */
  public record AppInfo(Long id, String slug, String name) {}

  /** A GraphQL answer: data, or errors with messages. */
  public record GraphQlAnswer(
      com.fasterxml.jackson.databind.JsonNode data, List<GraphQlError> errors) {}

  /** One GraphQL error. */
  public record GraphQlError(String message, String type) {}

  /** A team member. */
  public record Member(String login) {}
}
