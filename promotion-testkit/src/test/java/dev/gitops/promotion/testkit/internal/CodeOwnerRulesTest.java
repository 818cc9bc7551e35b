package dev.gitops.promotion.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeOwnerRulesTest {
  @Test
  void theLastMatchingRuleWins() {
    CodeOwnerRules rules = new CodeOwnerRules();
    rules.add("*", Set.of("everyone"));
    rules.add("/apps/*/overlays/production/", Set.of("oncall"));
    rules.add("/clusters/", Set.of("platform"));
    rules.add("*.md", Set.of("docs"));
    assertThat(rules.ownersOf("apps/api/overlays/production/kustomization.yaml"))
        .containsExactly("oncall");
    assertThat(rules.ownersOf("apps/api/overlays/staging/kustomization.yaml"))
        .containsExactly("everyone");
    assertThat(rules.ownersOf("clusters/prod/flux.yaml")).containsExactly("platform");
    assertThat(rules.ownersOf("apps/api/README.md")).containsExactly("docs");
  }

  @Test
  void anchoringDirectoriesAndDoubleStars() {
    // as GitHub documents it: "docs/" owns any docs directory, "/docs/" only the root one
    assertThat(CodeOwnerRules.compile("docs/").matcher("a/docs/x.md").matches()).isTrue();
    assertThat(CodeOwnerRules.compile("/docs/").matcher("a/docs/x.md").matches()).isFalse();
    assertThat(CodeOwnerRules.compile("docs").matcher("a/docs/x.md").matches()).isTrue();
    assertThat(CodeOwnerRules.compile("/docs").matcher("a/docs/x.md").matches()).isFalse();
    assertThat(CodeOwnerRules.compile("/apps/**/prod/").matcher("apps/a/b/prod/x").matches())
        .isTrue();
    assertThat(CodeOwnerRules.compile("/apps/*/prod/").matcher("apps/a/b/prod/x").matches())
        .isFalse();
    assertThat(CodeOwnerRules.compile("a?c.txt").matcher("abc.txt").matches()).isTrue();
    assertThat(new CodeOwnerRules().ownersOf("x")).isEmpty();
  }
}
