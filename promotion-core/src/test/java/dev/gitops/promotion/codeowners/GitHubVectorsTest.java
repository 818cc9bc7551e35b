package dev.gitops.promotion.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The GitHub vectors of contracts/codeowners/test-vectors.md, one case each. */
class GitHubVectorsTest {

  static final String FILE =
      """
      *       @global-owner1 @global-owner2
      *.js    @js-owner #This is an inline comment.
      *.go docs@example.com
      *.txt @octo-org/octocats
      /build/logs/ @doctocat
      docs/*  docs@example.com
      apps/ @octocat
      /docs/ @doctocat
      /scripts/ @doctocat @octocat
      **/logs @octocat
      /apps/ @octocat
      /apps/github
      """;

  static final CodeOwners OWNERS = CodeOwners.parse(Dialect.GITHUB, ".github/CODEOWNERS", FILE);

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("README.md", "@global-owner1 @global-owner2", 1),
        Arguments.of("src/app.js", "@js-owner", 2),
        Arguments.of("main.go", "docs@example.com", 3),
        Arguments.of("build/logs/x.log", "@octocat", 10),
        Arguments.of("docs/getting-started.md", "@doctocat", 8),
        Arguments.of("scripts/deploy.sh", "@doctocat @octocat", 9),
        Arguments.of("deeply/nested/logs/a", "@octocat", 10),
        Arguments.of("apps/web/index.html", "@octocat", 11),
        Arguments.of("apps/github/x.rb", "", 12),
        Arguments.of("foo/apps/x", "@octocat", 7),
        Arguments.of("docs/build-app/troubleshooting.md", "@doctocat", 8));
  }

  @ParameterizedTest(name = "{0} is owned by [{1}] (line {2})")
  @MethodSource("vectors")
  void ownersOfTheDocumentedExample(String path, String owners, int line) {
    PathOwnership o = OWNERS.ownership(path);
    assertThat(o.matches())
        .singleElement()
        .satisfies(m -> assertThat(m.rule().line()).isEqualTo(line));
    assertThat(o.owners()).map(Owner::toString).isEqualTo(words(owners));
    assertThat(o.isOwned()).isEqualTo(!owners.isEmpty());
  }

  @Test
  void theExampleHasNoProblemsAndOneSection() {
    assertThat(OWNERS.problems()).isEmpty();
    assertThat(OWNERS.sections())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo(Section.DEFAULT);
              assertThat(s.isDefault()).isTrue();
              assertThat(s.optional()).isFalse();
              assertThat(s.rules()).hasSize(12);
            });
  }

  @Test
  void theInlineCommentIsNotAnOwner() {
    Rule js = OWNERS.rules().get(1);
    assertThat(js.pattern()).isEqualTo("*.js");
    assertThat(js.owners()).containsExactly(Owner.user("js-owner"));
  }

  @Test
  void ownerFormsAreUsersTeamsAndEmails() {
    assertThat(OWNERS.rules().get(2).owners()).containsExactly(Owner.email("docs@example.com"));
    assertThat(OWNERS.rules().get(3).owners())
        .containsExactly(new Owner(Owner.Kind.TEAM, "octo-org/octocats"));
    assertThat(OWNERS.ownership("notes/a.txt").owners())
        .containsExactly(Owner.team("octo-org/octocats"));
  }

  @Test
  void docsStarDoesNotMatchNestedFilesOnItsOwn() {
    CodeOwners only = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "docs/*  docs@example.com\n");
    assertThat(only.ownership("docs/getting-started.md").isOwned()).isTrue();
    assertThat(only.ownership("docs/build-app/troubleshooting.md").matches()).isEmpty();
  }

  @Test
  void theLastMatchingLineWinsNotTheMostSpecific() {
    CodeOwners o =
        CodeOwners.parse(
            Dialect.GITHUB, "CODEOWNERS", "/build/logs/ @doctocat\n**/logs @octocat\n");
    assertThat(o.ownership("build/logs/x.log").owners()).containsExactly(Owner.user("octocat"));
  }

  @Test
  void aRepeatedPatternCountsOnlyOnItsLastLine() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "*.md @a\n*.md @b\n");
    assertThat(o.ownership("x/README.md").owners()).containsExactly(Owner.user("b"));
    assertThat(o.ownership("x/README.md").matches().get(0).rule().line()).isEqualTo(2);
  }

  @Test
  void pathsAreCaseSensitive() {
    CodeOwners o = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", "/README.md @a\n");
    assertThat(o.ownership("README.md").isOwned()).isTrue();
    assertThat(o.ownership("readme.md").isOwned()).isFalse();
  }

  @Test
  void filesAreSearchedInGitHubsOrder() {
    assertThat(Dialect.GITHUB.fileLocations())
        .containsExactly(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");
  }

  @Test
  void anOwnedPathNeedsOneApprovalFromOneOfItsOwners() {
    List<Requirement> needs = OWNERS.requirements(List.of("scripts/deploy.sh", "apps/github/x.rb"));
    assertThat(needs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.section()).isEqualTo(Section.DEFAULT);
              assertThat(r.optional()).isFalse();
              assertThat(r.approvalsRequired()).isEqualTo(1);
              assertThat(r.owners()).containsExactly(Owner.user("doctocat"), Owner.user("octocat"));
              assertThat(r.paths()).containsExactly("scripts/deploy.sh");
            });
    assertThat(
            OWNERS
                .evaluate(
                    List.of("scripts/deploy.sh"),
                    List.of(Approver.of("OctoCat")),
                    MembershipLookup.NONE)
                .satisfied())
        .isTrue();
  }

  static List<String> words(String s) {
    return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
  }
}
