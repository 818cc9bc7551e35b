package dev.gitops.promotion.codeowners;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Code-owner approvals checked against a change's requirements: which are satisfied, which still
 * need approvals and from whom. A gate turns {@link #reasons()} into its verdict's reasons.
 *
 * @param statuses one per requirement, in the requirements' order
 */
public record ApprovalEvaluation(List<RequirementStatus> statuses) {

  /** Copies the statuses. */
  public ApprovalEvaluation {
    statuses = List.copyOf(statuses);
  }

  /**
   * Checks {@code approvers} against {@code requirements}. An approver counts for a requirement
   * when they match one of its owners: a user by login, an email owner by one of the approver's
   * emails (or a login equal to it), and any owner through {@code lookup}'s members. All
   * comparisons ignore case. Each approver counts once per requirement; repeated logins count once.
   *
   * <p>Who may not approve (the change's author on GitHub, stale approvals) is the caller's
   * business: pass only the approvals the host would count.
   */
  public static ApprovalEvaluation of(
      List<Requirement> requirements, Collection<Approver> approvers, MembershipLookup lookup) {
    Objects.requireNonNull(requirements, "requirements");
    Objects.requireNonNull(lookup, "lookup");
    Map<String, Approver> distinct = new LinkedHashMap<>();
    for (Approver a : approvers) {
      distinct.putIfAbsent(a.login().toLowerCase(Locale.ROOT), a);
    }
    Map<Owner, Set<String>> members = new HashMap<>();
    List<RequirementStatus> out = new ArrayList<>(requirements.size());
    for (Requirement r : requirements) {
      List<String> approvedBy = new ArrayList<>();
      for (Approver a : distinct.values()) {
        if (r.owners().stream().anyMatch(o -> eligible(a, o, lookup, members))) {
          approvedBy.add(a.login());
        }
      }
      out.add(RequirementStatus.builder().requirement(r).approvedBy(approvedBy).build());
    }
    return new ApprovalEvaluation(out);
  }

  /** Whether nothing blocks: every requirement that is not optional is satisfied. */
  public boolean satisfied() {
    return statuses.stream().noneMatch(RequirementStatus::blocking);
  }

  /** The requirements that block, with what they still need. */
  public List<RequirementStatus> blocking() {
    return statuses.stream().filter(RequirementStatus::blocking).toList();
  }

  /**
   * One sentence per blocking requirement ({@link RequirementStatus#reason()}); empty when {@link
   * #satisfied()}.
   */
  public List<String> reasons() {
    return blocking().stream().map(RequirementStatus::reason).toList();
  }

  private static boolean eligible(
      Approver a, Owner o, MembershipLookup lookup, Map<Owner, Set<String>> members) {
    String login = a.login().toLowerCase(Locale.ROOT);
    if ((o.kind() == Owner.Kind.USER || o.kind() == Owner.Kind.EMAIL) && login.equals(o.key())) {
      return true;
    }
    if (o.kind() == Owner.Kind.EMAIL
        && a.emails().stream().anyMatch(e -> e.equalsIgnoreCase(o.name()))) {
      return true;
    }
    Set<String> m =
        members.computeIfAbsent(
            o,
            k -> {
              Set<String> found = lookup.membersOf(k);
              Set<String> lower = new HashSet<>();
              for (String s : found) {
                lower.add(s.toLowerCase(Locale.ROOT));
              }
              return lower;
            });
    if (m.contains(login)) {
      return true;
    }
    return a.emails().stream().anyMatch(e -> m.contains(e.toLowerCase(Locale.ROOT)));
  }
}
