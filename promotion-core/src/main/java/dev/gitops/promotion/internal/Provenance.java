package dev.gitops.promotion.internal;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionException;
import dev.gitops.promotion.PromotionRecord.Evidence;
import dev.gitops.promotion.PromotionRecord.Trust;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.CommitInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far the claims of a commit (its {@code Promoted-By} and {@code Approved-By} trailers) can be
 * checked: by a signature the repository verified against a trusted key, by the host confirming the
 * commit is the merge of a change request with those approvals, or, for a direct commit without
 * approvals, by the claimed promoter being the commit's own author. Anything else is a claim.
 */
final class Provenance {
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)/?$");
  private static final int CACHE_LIMIT = 10_000;

  private final Memo<String, Optional<ChangeRequest>> merges = new Memo<>(CACHE_LIMIT);

  /**
   * How many change requests one listing may still ask the host about (answers already known do not
   * count): a listing of thousands of records must not turn into thousands of API calls.
   */
  static final class Budget {
    private final java.util.concurrent.atomic.AtomicInteger left;
    private final String whenSpent;

    private Budget(int lookups, String whenSpent) {
      this.left = new java.util.concurrent.atomic.AtomicInteger(lookups);
      this.whenSpent = whenSpent;
    }

    /** No lookups: records read for the library's own decisions, which never need trust. */
    static Budget none() {
      return new Budget(0, "not confirmed with the host (read for planning, not for display)");
    }

    /** At most {@code lookups} host lookups. */
    static Budget of(int lookups) {
      return new Budget(
          lookups,
          "not confirmed with the host: this listing already asked it about "
              + lookups
              + " change requests (list fewer records, such as one application's history, to"
              + " check this one)");
    }

    boolean take() {
      return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
  }

  /** The outcome of a check. */
  record Finding(
      String promotedBy,
      String author,
      String committer,
      boolean promoterIsAuthor,
      Trust trust,
      Evidence evidence,
      String reason) {}

  // Who a record names and who made its commit: the part every finding of one commit shares
  private record Who(String promotedBy, String author, String committer, boolean promoterIsAuthor) {
    Finding finding(Trust trust, Evidence evidence, String reason) {
      return new Finding(promotedBy, author, committer, promoterIsAuthor, trust, evidence, reason);
    }

    Finding claimed(String reason) {
      return finding(Trust.CLAIMED, Evidence.NONE, reason);
    }
  }

  Finding check(CommitInfo commit, Optional<ChangeRequestHost> host, Budget budget) {
    CommitMessage message = commit.parsedMessage();
    String author = commit.authorName() + " <" + commit.authorEmail() + ">";
    String committer = commit.committerName() + " <" + commit.committerEmail() + ">";
    Optional<String> claimed = message.trailer(CommitMessage.PROMOTED_BY);
    String promotedBy = claimed.orElse(author);
    List<String> approvals = message.trailerValues(CommitMessage.APPROVED_BY);
    Optional<String> changeRequest = message.trailer(CommitMessage.CHANGE_REQUEST);
    String claimProblem = claimed.flatMap(c -> claimProblem(c, commit)).orElse(null);
    boolean promoterIsAuthor = claimProblem == null;
    Who who = new Who(promotedBy, author, committer, promoterIsAuthor);

    if (commit.verifiedSigner().isPresent()) {
      return who.finding(
          Trust.VERIFIED,
          Evidence.SIGNATURE,
          "signed by trusted key "
              + commit.verifiedSigner().get()
              + (promoterIsAuthor ? "" : "; note: " + claimProblem));
    }
    if (changeRequest.isPresent()) {
      return hostMerge(commit, host, budget, changeRequest.get(), approvals, who);
    }
    if (!promoterIsAuthor) {
      return who.claimed(claimProblem);
    }
    if (!approvals.isEmpty()) {
      return who.claimed(
          "Approved-By on a direct commit that is neither signed by a trusted key nor a host merge"
              + " cannot be checked");
    }
    return who.finding(
        Trust.VERIFIED,
        Evidence.COMMIT_AUTHOR,
        claimed.isPresent()
            ? "Promoted-By is the commit author"
            : "no Promoted-By claim: the commit author is the promoter");
  }

  private Finding hostMerge(
      CommitInfo commit,
      Optional<ChangeRequestHost> host,
      Budget budget,
      String url,
      List<String> approvals,
      Who who) {
    String shownUrl = SafeText.forDisplay(url);
    if (host.isEmpty()) {
      return who.claimed(
          "names change request " + shownUrl + ", but no host is configured to confirm it");
    }
    Matcher m = TRAILING_NUMBER.matcher(url.strip());
    if (!m.find()) {
      return who.claimed(
          "Change-Request " + shownUrl + " names no change request the host can look up");
    }
    String key = m.group(1) + "@" + System.identityHashCode(host.get());
    if (!merges.knows(key) && !budget.take()) {
      return who.claimed("names change request " + shownUrl + "; " + budget.whenSpent);
    }
    Optional<ChangeRequest> cr;
    try {
      cr = lookUp(host.get(), m.group(1), key);
    } catch (PromotionException e) {
      return who.claimed(
          "the host could not be asked about "
              + shownUrl
              + ": "
              + SafeText.forDisplay(e.getMessage()));
    }
    String problem = null;
    if (cr.isEmpty() || !cr.get().url().equals(url.strip())) {
      problem = "the host knows no change request " + shownUrl;
    } else if (cr.get().state() != ChangeRequest.State.MERGED
        || !cr.get().mergeRevision().map(r -> r.equals(commit.revision())).orElse(false)) {
      problem =
          "the host does not report commit "
              + commit.revision().abbreviated()
              + " as the merge of "
              + shownUrl;
    } else {
      List<String> hostApprovers = cr.get().approvers(false);
      List<String> unconfirmed = new ArrayList<>();
      for (String a : approvals) {
        if (hostApprovers.stream().noneMatch(h -> sameApprover(h, a))) {
          unconfirmed.add(SafeText.forDisplay(a));
        }
      }
      if (!unconfirmed.isEmpty()) {
        problem =
            "Approved-By "
                + String.join(", ", unconfirmed)
                + " not among the approvals the host reports "
                + hostApprovers;
      }
    }
    if (problem != null) {
      return who.claimed(problem);
    }
    return who.finding(
        Trust.VERIFIED,
        Evidence.HOST_MERGE,
        "the host reports this commit as the merge of "
            + shownUrl
            + ", opened by "
            + SafeText.forDisplay(cr.get().author())
            + (approvals.isEmpty() ? "" : ", approved by " + String.join(", ", approvals)));
  }

  private Optional<ChangeRequest> lookUp(ChangeRequestHost host, String id, String key) {
    return merges.get(
        key,
        () -> {
          try {
            return Optional.of(host.get(id));
          } catch (InvalidInputException e) {
            return Optional.empty();
          }
        });
  }

  // an approver in a trailer is a host login, or "Name <email>" whose email or name is the login
  private static boolean sameApprover(String hostLogin, String trailer) {
    String t = trailer.strip();
    if (t.equalsIgnoreCase(hostLogin)) {
      return true;
    }
    try {
      Actor a = Actor.parse(t);
      return a.email().equalsIgnoreCase(hostLogin) || a.name().equalsIgnoreCase(hostLogin);
    } catch (InvalidInputException e) {
      return false;
    }
  }

  // why a Promoted-By claim is not the commit author, if it is not
  private static Optional<String> claimProblem(String claim, CommitInfo commit) {
    Actor claimed;
    try {
      claimed = Actor.parse(claim);
    } catch (InvalidInputException e) {
      return Optional.of("Promoted-By '" + SafeText.forDisplay(claim) + "' is not an identity");
    }
    if (claimed
        .email()
        .toLowerCase(Locale.ROOT)
        .equals(commit.authorEmail().toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(
        "Promoted-By names "
            + SafeText.forDisplay(claim)
            + ", but the commit was authored by "
            + SafeText.forDisplay(commit.authorName() + " <" + commit.authorEmail() + ">"));
  }
}
