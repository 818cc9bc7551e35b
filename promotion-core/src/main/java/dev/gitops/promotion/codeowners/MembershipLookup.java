package dev.gitops.promotion.codeowners;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who belongs to an owner that stands for several people: implemented by a host adapter (GitHub
 * team members, GitLab direct group members, project members with a role) or by a test.
 *
 * <p>{@link ApprovalEvaluation} asks about an owner only when an approver does not match it
 * directly, at most once per owner and evaluation. It asks about every kind: a {@link
 * Owner.Kind#TEAM team}, {@link Owner.Kind#GROUP group} or {@link Owner.Kind#ROLE role}; an {@link
 * Owner.Kind#EMAIL email} (the login of the account that has it, when the host can tell); a {@link
 * Owner.Kind#USER user} (on GitLab <code>&#64;name</code> may be a top-level group). Return an
 * empty set for an owner you know nothing about, such as a plain user.
 *
 * <p>Membership is never widened here: for a GitLab group, return its direct members only (GitLab
 * documents that inherited members are not eligible, and a subgroup's members are not members of
 * its parent); for a GitHub team, return the members the host counts for the team.
 */
@FunctionalInterface
public interface MembershipLookup {

  /** Knows no teams, groups or roles: only users and emails can approve. */
  MembershipLookup NONE = owner -> Set.of();

  /**
   * The logins (or emails) of the members of {@code owner}; compared without case.
   *
   * @throws dev.gitops.promotion.RemoteUnavailableException when the host cannot be asked now
   */
  Set<String> membersOf(Owner owner);

  /**
   * A fixed lookup, keyed by the owner as written (<code>&#64;org/team</code>, <code>&#64;group/sub
   * </code>, <code>&#64;&#64;developer</code>), without case.
   */
  static MembershipLookup of(Map<String, ? extends Collection<String>> membersByOwner) {
    Map<String, Set<String>> copy = new HashMap<>();
    membersByOwner.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), Set.copyOf(v)));
    return owner -> copy.getOrDefault(owner.toString().toLowerCase(Locale.ROOT), Set.of());
  }
}
