package dev.gitops.promotion.gates;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.codeowners.Dialect;
import dev.gitops.promotion.codeowners.Owner;
import dev.gitops.promotion.spi.ChangeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * N approving reviews on the change request. Per reviewer only the latest review counts (a
 * dismissed one counts for nothing); with {@link #headOnly(boolean) headOnly} (by default: when
 * branch protection dismisses stale reviews) only approvals of the head commit count. The change
 * request's author, the promoted commit's author (the promoting actor, matched by name, email or
 * the email's local part) and bots never count: the reason says so. A standing request for changes
 * fails the gate. With a {@link #fromGroup group}, at least one counted approver must be a member
 * of it (membership as the host reports it): QA for production.
 *
 * <pre>{@code
 * Gate twoWithQa = Approvals.of(2).fromGroup("@myorg/qa").headOnly(true);
 * }</pre>
 */
public final class Approvals implements ApprovalGate {
  private final int count;
  private final Optional<String> group;
  private final Optional<Boolean> headOnly;
  private final boolean codeOwners;

  private Approvals(
      int count, Optional<String> group, Optional<Boolean> headOnly, boolean codeOwners) {
    if (count < 1 || count > 10) {
      throw new IllegalArgumentException("approvals: count must be 1 to 10, got " + count);
    }
    this.count = count;
    this.group = group;
    this.headOnly = headOnly;
    this.codeOwners = codeOwners;
  }

  /** {@code count} approvals, 1 to 10. */
  public static Approvals of(int count) {
    return new Approvals(count, Optional.empty(), Optional.empty(), false);
  }

  /**
   * At least one approver must belong to {@code group}, as CODEOWNERS writes it (<code>
   * &#64;org/team</code> on GitHub, <code>&#64;group/sub</code> on GitLab).
   */
  public Approvals fromGroup(String group) {
    if (group == null || group.isBlank() || group.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("approvals: a group is one word like @myorg/qa");
    }
    return new Approvals(
        count, Optional.of(group.startsWith("@") ? group : "@" + group), headOnly, codeOwners);
  }

  /** Whether only approvals of the head commit count; branch protection decides unless set. */
  public Approvals headOnly(boolean headOnly) {
    return new Approvals(count, group, Optional.of(headOnly), codeOwners);
  }

  /**
   * The code owners of the changed paths must approve too ({@link CodeOwnerApprovals}, with the
   * same {@code headOnly}); the verdict is the stricter of both, with both sets of reasons.
   */
  public Approvals andCodeOwners() {
    return new Approvals(count, group, headOnly, true);
  }

  @Override
  public String name() {
    return "approvals";
  }

  @Override
  public Verdict evaluate(GateContext context) {
    Verdict own = evaluateOwn(context);
    if (!codeOwners) {
      return own;
    }
    Verdict owners = codeOwnersGate(context).evaluate(context);
    Verdict.Status status =
        own.failed() || owners.failed()
            ? Verdict.Status.FAIL
            : own.isWaiting() || owners.isWaiting() ? Verdict.Status.WAIT : Verdict.Status.PASS;
    List<String> reasons = new ArrayList<>(own.reasons());
    owners.reasons().forEach(r -> reasons.add("code owners: " + r));
    return new Verdict(status, reasons, Optional.empty());
  }

  private CodeOwnerApprovals codeOwnersGate(GateContext context) {
    return CodeOwnerApprovals.create().headOnly(headOnly(context));
  }

  private Verdict evaluateOwn(GateContext context) {
    String wanted = count + (count == 1 ? " approval" : " approvals") + groupText();
    Optional<ChangeRequest> cr = context.changeRequest();
    if (cr.isEmpty()) {
      return context.plan().delivery() == Delivery.DIRECT_COMMIT
          ? Verdict.fail(
              wanted
                  + " are read from a change request, but environment '"
                  + context.environment().name()
                  + "' takes direct commits; use change-request delivery or drop the gate")
          : Verdict.waiting("no change request yet; it will need " + wanted);
    }
    Reviewers reviewers = Reviewers.of(context, cr.get(), headOnly(context));
    if (!reviewers.changesRequested().isEmpty()) {
      return Verdict.fail(
          "changes requested by "
              + String.join(", ", reviewers.changesRequested())
              + "; they must approve or their review be dismissed");
    }
    List<String> counted = reviewers.counted();
    String who =
        counted.isEmpty()
            ? ""
            : " (" + String.join(", ", counted.stream().map(SafeText::forDisplay).toList()) + ")";
    String tally = counted.size() + " of " + count + " approvals" + who;
    if (counted.size() < count) {
      return Verdict.waiting(tally + groupText() + reviewers.notCountedText());
    }
    if (group.isPresent() && !anyInGroup(context, counted)) {
      return Verdict.waiting(
          tally
              + ", but none from "
              + SafeText.forDisplay(group.get())
              + "; one of them must approve"
              + reviewers.notCountedText());
    }
    return Verdict.pass(
        tally
            + (group.isPresent() ? ", including " + SafeText.forDisplay(group.get()) : "")
            + "; none by the change's author or the promoted commit's author"
            + reviewers.notCountedText());
  }

  @Override
  public List<String> stillNeeded(GateContext context) {
    Optional<ChangeRequest> cr = context.changeRequest();
    List<String> needs = new ArrayList<>();
    List<String> counted =
        cr.isEmpty() ? List.of() : Reviewers.of(context, cr.get(), headOnly(context)).counted();
    if (group.isPresent() && !anyInGroup(context, counted)) {
      needs.add(group.get());
    }
    int missing = count - counted.size() - needs.size();
    if (missing > 0) {
      needs.add(missing + " more " + (missing == 1 ? "reviewer" : "reviewers"));
    }
    if (codeOwners) {
      codeOwnersGate(context).stillNeeded(context).stream()
          .filter(n -> !needs.contains(n))
          .forEach(needs::add);
    }
    return needs;
  }

  private boolean headOnly(GateContext context) {
    return headOnly.orElse(context.protection().dismissStaleReviews());
  }

  private String groupText() {
    return group.map(g -> ", one of them from " + SafeText.forDisplay(g)).orElse("");
  }

  private boolean anyInGroup(GateContext context, List<String> approvers) {
    if (group.isEmpty() || approvers.isEmpty()) {
      return false;
    }
    Dialect dialect = context.codeOwners().map(c -> c.dialect()).orElse(Dialect.GITHUB);
    Owner owner =
        Owner.parse(dialect, group.get())
            .or(() -> Owner.parse(Dialect.GITLAB, group.get()))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "approvals: '" + SafeText.forDisplay(group.get()) + "' is not a group"));
    Set<String> members =
        context.membership().membersOf(owner).stream()
            .map(m -> m.toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toSet());
    return approvers.stream().anyMatch(a -> members.contains(a.toLowerCase(Locale.ROOT)));
  }

  @Override
  public String toString() {
    return name()
        + "("
        + count
        + group.map(g -> ", " + g).orElse("")
        + (codeOwners ? ", code owners" : "")
        + ")";
  }
}
