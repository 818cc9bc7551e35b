package dev.gitops.promotion.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Approvals against requirements: teams, groups, emails, counts and reasons. */
class ApprovalEvaluationTest {

  static final CodeOwners GITHUB =
      CodeOwners.parse(
          Dialect.GITHUB,
          ".github/CODEOWNERS",
          """
          * @platform
          /apps/*/overlays/production/ @org/oncall-approvers
          *.md docs@example.com
          """);

  static final List<String> CHANGE =
      List.of(
          "apps/api/overlays/production/kustomization.yaml",
          "apps/web/overlays/production/kustomization.yaml",
          "apps/api/README.md");

  @Test
  void eachOwningRuleIsOneRequirementWithThePathsItOwns() {
    assertThat(GITHUB.requirements(CHANGE))
        .extracting(r -> r.rule().line(), Requirement::paths)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, CHANGE.subList(0, 2)),
            org.assertj.core.groups.Tuple.tuple(3, CHANGE.subList(2, 3)));
  }

  @Test
  void aTeamMemberSatisfiesATeamOwnerWithoutCase() {
    MembershipLookup lookup = MembershipLookup.of(Map.of("@Org/OnCall-Approvers", Set.of("Bob")));
    ApprovalEvaluation e =
        GITHUB.evaluate(
            CHANGE, List.of(Approver.of("BOB"), Approver.of("eve", "Docs@Example.com")), lookup);
    assertThat(e.satisfied()).isTrue();
    assertThat(e.statuses())
        .extracting(RequirementStatus::approvedBy)
        .containsExactly(List.of("BOB"), List.of("eve"));
    assertThat(e.statuses().get(0).reason())
        .isEqualTo(
            "approved by BOB for apps/api/overlays/production/kustomization.yaml,"
                + " apps/web/overlays/production/kustomization.yaml"
                + " (line 2: /apps/*/overlays/production/)");
  }

  @Test
  void theReasonsSayWhoMustStillApproveWhat() {
    ApprovalEvaluation e =
        GITHUB.evaluate(CHANGE, List.of(Approver.of("bob")), MembershipLookup.NONE);
    assertThat(e.satisfied()).isFalse();
    assertThat(e.reasons())
        .containsExactly(
            "needs 1 approval from @org/oncall-approvers for"
                + " apps/api/overlays/production/kustomization.yaml,"
                + " apps/web/overlays/production/kustomization.yaml"
                + " (line 2: /apps/*/overlays/production/)",
            "needs 1 approval from docs@example.com for apps/api/README.md (line 3: *.md)");
  }

  @Test
  void theLookupIsAskedOncePerOwnerAndNotWhenAnApproverMatchesDirectly() {
    List<Owner> asked = new ArrayList<>();
    MembershipLookup counting =
        owner -> {
          asked.add(owner);
          return Set.of();
        };
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "*.md @a @org/t\n*.go @org/t\n");
    o.evaluate(List.of("x.md", "y.go"), List.of(Approver.of("a"), Approver.of("z")), counting);
    assertThat(asked).containsExactly(Owner.user("a"), Owner.team("org/t"));
  }

  @Test
  void emailOwnersMatchTheApproversEmailsOrWhatTheLookupMapsThemTo() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "*.go docs@example.com\n");
    assertThat(
            o.evaluate(List.of("a.go"), List.of(Approver.of("ann")), MembershipLookup.NONE)
                .satisfied())
        .isFalse();
    assertThat(
            o.evaluate(
                    List.of("a.go"),
                    List.of(Approver.of("ann")),
                    MembershipLookup.of(Map.of("docs@example.com", Set.of("ann"))))
                .satisfied())
        .isTrue();
  }

  @Test
  void aSubgroupMemberDoesNotSatisfyTheParentGroup() {
    CodeOwners o = CodeOwners.parse(Dialect.GITLAB, "CODEOWNERS", "*.go @gitlab-org/maintainers\n");
    MembershipLookup direct =
        MembershipLookup.of(
            Map.of(
                "@gitlab-org/maintainers", Set.of("lead"),
                "@gitlab-org/maintainers/group-name", Set.of("sub")));
    assertThat(o.evaluate(List.of("a.go"), List.of(Approver.of("sub")), direct).satisfied())
        .isFalse();
    assertThat(o.evaluate(List.of("a.go"), List.of(Approver.of("lead")), direct).satisfied())
        .isTrue();
  }

  @Test
  void aGitLabNameCanBeATopLevelGroup() {
    CodeOwners o = CodeOwners.parse(Dialect.GITLAB, "CODEOWNERS", "[Db][2] @dba\n*.sql\n");
    MembershipLookup groups = MembershipLookup.of(Map.of("@dba", Set.of("x", "y")));
    ApprovalEvaluation one = o.evaluate(List.of("a.sql"), List.of(Approver.of("x")), groups);
    assertThat(one.reasons())
        .containsExactly("[Db] needs 1 more approval from @dba for a.sql (line 2: *.sql)");
    ApprovalEvaluation two =
        o.evaluate(List.of("a.sql"), List.of(Approver.of("x"), Approver.of("Y")), groups);
    assertThat(two.satisfied()).isTrue();
    assertThat(two.statuses().get(0).missingApprovals()).isZero();
  }

  @Test
  void manyPathsAreSummarized() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "* @a @b\n");
    ApprovalEvaluation e =
        o.evaluate(List.of("1", "2", "3", "4", "5"), List.of(), MembershipLookup.NONE);
    assertThat(e.reasons())
        .containsExactly("needs 1 approval from one of @a, @b for 1, 2, 3 and 2 more (line 1: *)");
  }

  @Test
  void controlCharactersInPathsAreEscapedInReasons() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "* @a\n");
    ApprovalEvaluation e =
        o.evaluate(List.of("evil\u001b[2Jname"), List.of(), MembershipLookup.NONE);
    assertThat(e.reasons().get(0)).contains("evil\\e[2Jname").doesNotContain("\u001b");
  }
}
