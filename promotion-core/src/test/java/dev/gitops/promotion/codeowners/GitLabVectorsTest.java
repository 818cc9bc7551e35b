package dev.gitops.promotion.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GitLab vectors of contracts/codeowners/test-vectors.md, one case each. */
class GitLabVectorsTest {

  static CodeOwners gitlab(String text) {
    return CodeOwners.parse(Dialect.GITLAB, "CODEOWNERS", text);
  }

  /** "section: owners; section: owners" for one path, sections by name. */
  static String owners(CodeOwners o, String path) {
    StringBuilder sb = new StringBuilder();
    for (SectionMatch m : o.ownership(path).matches()) {
      sb.append(sb.length() == 0 ? "" : "; ").append(m.section()).append(":");
      m.owners().forEach(owner -> sb.append(' ').append(owner));
    }
    return sb.toString();
  }

  static final String SECTIONS =
      """
      * @admin

      [README Owners]
      README.md @user1 @user2
      internal/README.md @user4

      [README other owners]
      README.md @user3
      """;

  @Test
  void vector1TheRootReadmeHasOwnersFromEverySection() {
    assertThat(owners(gitlab(SECTIONS), "README.md"))
        .isEqualTo("codeowners: @admin; README Owners: @user1 @user2; README other owners: @user3");
  }

  @Test
  void vector1TheInternalReadmeGetsTheLastMatchWithinASection() {
    assertThat(owners(gitlab(SECTIONS), "internal/README.md"))
        .isEqualTo("codeowners: @admin; README Owners: @user4; README other owners: @user3");
  }

  static final String REGULAR_AND_SECTIONS =
      """
      * @general-approvers

      [Documentation] @docs-team
      docs/
      README.md
      *.txt

      [Database] @database-team
      model/db/
      config/db/database-setup.md @docs-team
      """;

  @Test
  void vector2AChangelogInTheDatabaseNeedsThreeApprovals() {
    CodeOwners o = gitlab(REGULAR_AND_SECTIONS);
    List<Requirement> needs = o.requirements(List.of("model/db/CHANGELOG.txt"));
    assertThat(needs)
        .extracting(
            Requirement::section, r -> r.owners().toString(), Requirement::approvalsRequired)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("codeowners", "[@general-approvers]", 1),
            org.assertj.core.groups.Tuple.tuple("Documentation", "[@docs-team]", 1),
            org.assertj.core.groups.Tuple.tuple("Database", "[@database-team]", 1));
    assertThat(needs.get(1).rule().ownersFromSection()).isTrue();
    ApprovalEvaluation two =
        o.evaluate(
            List.of("model/db/CHANGELOG.txt"),
            List.of(Approver.of("gina"), Approver.of("dora")),
            MembershipLookup.of(
                Map.of("@general-approvers", List.of("gina"), "@docs-team", List.of("dora"))));
    assertThat(two.satisfied()).isFalse();
    assertThat(two.reasons())
        .containsExactly(
            "[Database] needs 1 approval from @database-team for model/db/CHANGELOG.txt"
                + " (line 9: model/db/)");
  }

  @Test
  void vector2AnOwnerOnTheLineOverridesTheSectionDefault() {
    CodeOwners o = gitlab(REGULAR_AND_SECTIONS);
    assertThat(owners(o, "config/db/database-setup.md"))
        .isEqualTo("codeowners: @general-approvers; Database: @docs-team");
    assertThat(
            o.ownership("config/db/database-setup.md")
                .in("database")
                .orElseThrow()
                .rule()
                .ownersFromSection())
        .isFalse();
  }

  @Test
  void vector3SectionsWithTheSameNameInAnyCaseMergeUnderTheFirstSpelling() {
    CodeOwners o =
        gitlab(
            """
            [Documentation]
            ee/docs/    @docs
            docs/       @docs

            [Database]
            README.md  @database
            model/db/   @database

            [DOCUMENTATION]
            README.md  @docs
            """);
    assertThat(o.sections())
        .extracting(Section::name, s -> s.rules().size())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("codeowners", 0),
            org.assertj.core.groups.Tuple.tuple("Documentation", 3),
            org.assertj.core.groups.Tuple.tuple("Database", 2));
    assertThat(owners(o, "README.md")).isEqualTo("Documentation: @docs; Database: @database");
  }

  @Test
  void vector4ASectionCanRequireSeveralApprovals() {
    CodeOwners o = gitlab("[Documentation][2]\n*.md @tech-writer-team\n\n[Ruby]\n*.rb @dev-team\n");
    assertThat(o.requirements(List.of("a.md", "b.rb")))
        .extracting(Requirement::section, Requirement::approvalsRequired)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Documentation", 2),
            org.assertj.core.groups.Tuple.tuple("Ruby", 1));
    ApprovalEvaluation one =
        o.evaluate(
            List.of("a.md"),
            List.of(Approver.of("tw1"), Approver.of("TW1")),
            MembershipLookup.of(Map.of("@tech-writer-team", List.of("tw1", "tw2"))));
    assertThat(one.reasons())
        .containsExactly(
            "[Documentation] needs 1 more approval from @tech-writer-team for a.md (line 2: *.md)");
  }

  @Test
  void vector4ZeroApprovalsCountAsOne() {
    CodeOwners o = gitlab("[X][0]\n*.md @a\n");
    assertThat(o.rules()).singleElement().extracting(Rule::approvalsRequired).isEqualTo(1);
  }

  @Test
  void vector4AnInvalidApprovalCountCountsAsOne() {
    for (String header : List.of("[X][abc]", "[X][-1]", "[X][]", "[X][99999999999999]")) {
      CodeOwners o = gitlab(header + "\n*.md @a\n");
      assertThat(o.rules())
          .as(header)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.approvalsRequired()).isEqualTo(1);
                assertThat(r.section()).isEqualTo("X");
              });
    }
  }

  @Test
  void vector4ACaretMarksAnOptionalSectionThatNeverBlocks() {
    CodeOwners o =
        gitlab("[Documentation]\n*.md @root\n\n[Ruby]\n*.rb @root\n\n^[Go]\n*.go @root\n");
    assertThat(o.sections())
        .extracting(Section::name, Section::optional)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("codeowners", false),
            org.assertj.core.groups.Tuple.tuple("Documentation", false),
            org.assertj.core.groups.Tuple.tuple("Ruby", false),
            org.assertj.core.groups.Tuple.tuple("Go", true));
    ApprovalEvaluation e = o.evaluate(List.of("main.go"), List.of(), MembershipLookup.NONE);
    assertThat(e.satisfied()).isTrue();
    assertThat(e.statuses())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.satisfied()).isFalse();
              assertThat(s.blocking()).isFalse();
              assertThat(s.reason())
                  .startsWith("optional [Go] needs 1 approval from @root for main.go");
            });
  }

  @Test
  void vector4ASectionBothRequiredAndOptionalIsRequired() {
    CodeOwners o = gitlab("[Documentation]\n*.go @user\n\n^[Documentation]\n*.rb @user\n");
    assertThat(o.sections().get(1).optional()).isFalse();
    assertThat(o.evaluate(List.of("a.rb"), List.of(), MembershipLookup.NONE).satisfied()).isFalse();
  }

  @Test
  void vector5ARelativePathWithASlashMatchesAtAnyDepth() {
    CodeOwners o = gitlab("internal/README.md @owner\n");
    assertThat(o.ownership("internal/README.md").isOwned()).isTrue();
    assertThat(o.ownership("docs/internal/README.md").isOwned()).isTrue();
    assertThat(o.ownership("docs/api/internal/README.md").isOwned()).isTrue();
    assertThat(o.ownership("internal/README.md.bak").isOwned()).isFalse();
  }

  @Test
  void vector5GitHubAnchorsTheSamePattern() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "internal/README.md @owner\n");
    assertThat(o.ownership("internal/README.md").isOwned()).isTrue();
    assertThat(o.ownership("docs/internal/README.md").isOwned()).isFalse();
  }

  @Test
  void vector6AnExcludedPathHasNoOwnerInItsSectionAndNoLaterLineBringsItBack() {
    CodeOwners o = gitlab("* @default-owner\n!*.rb\n/special/*.rb @ruby-owner\n");
    PathOwnership special = o.ownership("special/a.rb");
    assertThat(special.matches())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.excluded()).isTrue();
              assertThat(m.rule().pattern()).isEqualTo("*.rb");
              assertThat(m.owners()).isEmpty();
            });
    assertThat(o.requirements(List.of("special/a.rb", "lib/b.rb"))).isEmpty();
    assertThat(o.ownership("README.md").owners()).containsExactly(Owner.user("default-owner"));
  }

  @Test
  void vector6AnExclusionOnlyAppliesInItsSection() {
    CodeOwners o =
        gitlab("[Ruby]\n*.rb @ruby-team\n!/config/**/*.rb\n\n[Config]\n/config/ @ops-team\n");
    assertThat(owners(o, "config/routes.rb")).isEqualTo("Ruby:; Config: @ops-team");
    assertThat(owners(o, "app/x.rb")).isEqualTo("Ruby: @ruby-team");
  }

  @Test
  void filesAreSearchedInGitLabsOrder() {
    assertThat(Dialect.GITLAB.fileLocations())
        .containsExactly("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS");
  }

  @Test
  void aStarDoesNotCrossASlashButMatchesDotfiles() {
    CodeOwners o = gitlab("/docs/* @root-docs\n");
    assertThat(o.ownership("docs/index.md").isOwned()).isTrue();
    assertThat(o.ownership("docs/.gitignore").isOwned()).isTrue();
    assertThat(o.ownership("docs/api/index.md").isOwned()).isFalse();
    assertThat(gitlab("*.rb @r\n").ownership(".hidden/.x.rb").isOwned()).isTrue();
  }

  @Test
  void aDoubleStarCrossesDirectories() {
    CodeOwners o = gitlab("/docs/**/index.md @idx\n**/*.rb @rb\n");
    assertThat(o.ownership("docs/index.md").isOwned()).isTrue();
    assertThat(o.ownership("docs/api/graphql/index.md").isOwned()).isTrue();
    assertThat(o.ownership("other/index.md").isOwned()).isFalse();
    assertThat(o.ownership("app/controllers/users/stars_controller.rb").isOwned()).isTrue();
    assertThat(o.ownership("config/database.rb").isOwned()).isTrue();
  }

  @Test
  void aTrailingSlashMeansEverythingBelowTheDirectory() {
    CodeOwners o = gitlab("/docs/ @all-docs\n");
    assertThat(o.ownership("docs/a.md").isOwned()).isTrue();
    assertThat(o.ownership("docs/a/b/c.md").isOwned()).isTrue();
    assertThat(o.ownership("docs").isOwned()).isFalse();
    assertThat(o.ownership("x/docs/a.md").isOwned()).isFalse();
  }

  @Test
  void spacesInPathsAreEscapedWithABackslash() {
    CodeOwners o = gitlab("path\\ with\\ spaces/*.md @owner\n");
    assertThat(o.rules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.pattern()).isEqualTo("path\\ with\\ spaces/*.md");
              assertThat(r.owners()).containsExactly(Owner.user("owner"));
            });
    assertThat(o.ownership("path with spaces/a.md").isOwned()).isTrue();
  }

  @Test
  void anUnparsableHeaderAfterTheDefaultSectionIsAnEntryOfIt() {
    CodeOwners o = gitlab("* @group\n\n[Section name\ndocs/ @docs_group\n");
    assertThat(o.sections())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.rules())
                    .extracting(Rule::pattern, r -> r.owners().toString())
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("*", "[@group]"),
                        org.assertj.core.groups.Tuple.tuple("[Section", "[]"),
                        org.assertj.core.groups.Tuple.tuple("docs/", "[@docs_group]")));
    assertThat(o.problems())
        .extracting(Problem::line, Problem::kind)
        .contains(org.assertj.core.groups.Tuple.tuple(3, Problem.Kind.INVALID_SECTION));
  }

  @Test
  void anUnparsableHeaderAfterANamedSectionIsAnEntryOfThatSection() {
    CodeOwners o = gitlab("[Docs]\ndocs/**/* @group\n\n[Section name\ndocs/ @docs_group\n");
    assertThat(o.sections()).extracting(Section::name).containsExactly("codeowners", "Docs");
    // The doc lists three rules; GitLab keys a section's entries by normalized pattern, and
    // "docs/**/*" and "docs/" both normalize to "/**/docs/**/*": the later line replaces the
    // earlier one in its place, which owns the same paths.
    assertThat(o.sections().get(1).rules())
        .extracting(Rule::pattern, Rule::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("docs/", 5),
            org.assertj.core.groups.Tuple.tuple("[Section", 4));
    assertThat(o.ownership("docs/a/b.md").owners()).containsExactly(Owner.user("docs_group"));
  }

  @Test
  void aRepeatedPatternKeepsTheFirstPlaceWithTheLastOwners() {
    CodeOwners o = gitlab("a/ @x\n*.md @y\na/ @z\n");
    assertThat(o.rules()).extracting(Rule::line).containsExactly(3, 2);
    assertThat(o.ownership("a/b.md").owners()).containsExactly(Owner.user("y"));
    assertThat(o.ownership("a/b.rb").owners()).containsExactly(Owner.user("z"));
  }

  @Test
  void aLineStartingWithABracketIsASectionHeader() {
    CodeOwners o = gitlab("[ab]*.rb @x\n");
    assertThat(o.sections()).extracting(Section::name).containsExactly("codeowners", "ab");
    assertThat(o.rules()).isEmpty();
    assertThat(gitlab("/[ab]*.rb @x\n").ownership("b.rb").isOwned()).isTrue();
  }

  @Test
  void malformedOwnersAreIgnored() {
    CodeOwners o = gitlab("/path/* @group user_without_at_symbol @user_with_at_symbol\n");
    assertThat(o.rules().get(0).owners())
        .containsExactly(Owner.user("group"), Owner.user("user_with_at_symbol"));
    assertThat(o.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID_OWNER);
              assertThat(p.location()).isEqualTo("CODEOWNERS:1:16");
              assertThat(p.lineSkipped()).isFalse();
            });
  }

  @Test
  void anEntryWithZeroUsableOwnersIsAutoApproved() {
    CodeOwners o = gitlab("* @admin\n[Docs]\n/docs/ not_an_owner\n");
    assertThat(o.requirements(List.of("docs/a.md")))
        .singleElement()
        .extracting(Requirement::section)
        .isEqualTo("codeowners");
    assertThat(o.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.INVALID_OWNER, Problem.Kind.MISSING_OWNER);
  }

  @Test
  void roleOwnersInSingularAndPluralForms() {
    CodeOwners o = gitlab("file.md @@developer @@Maintainers\n/config/ @@owner\n");
    assertThat(o.rules().get(0).owners())
        .containsExactly(Owner.role("developer"), Owner.role("maintainer"));
    assertThat(o.rules().get(0).owners())
        .map(Owner::toString)
        .containsExactly("@@developer", "@@maintainer");
    assertThat(o.problems()).isEmpty();
    ApprovalEvaluation e =
        o.evaluate(
            List.of("file.md"),
            List.of(Approver.of("dev1")),
            MembershipLookup.of(Map.of("@@developer", List.of("dev1"))));
    assertThat(e.satisfied()).isTrue();
  }

  @Test
  void groupsAndNestedGroupsAreOwners() {
    CodeOwners o = gitlab("README @group @group/with-nested/subgroup\n");
    assertThat(o.rules().get(0).owners())
        .containsExactly(Owner.user("group"), Owner.group("group/with-nested/subgroup"));
  }
}
