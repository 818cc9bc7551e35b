package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Branch names, checked by the rules of {@code git check-ref-format --branch}. */
class BranchNamesTest {

  @Test
  void acceptsOrdinaryNamesAndSaysWhatIsWrongWithTheOthers() {
    for (String ok :
        List.of("main", "env/production", "promote/dev/api-0123456789ab", "a@b", "a.lock.x", "@")) {
      assertThat(BranchNames.check(ok)).isEqualTo(ok);
    }
    assertThatThrownBy(() -> BranchNames.check("main..x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "invalid branch name 'main..x': it contains '..'; use a name like main or"
                + " env/production");
    assertThat(BranchNames.problem("env/.hidden"))
        .contains("the component '.hidden' starts with '.'");
    assertThat(BranchNames.problem("x/y.lock"))
        .contains("the component 'y.lock' ends with '.lock'");
    assertThat(BranchNames.problem("HEAD")).isPresent();
    assertThat(BranchNames.problem("-f")).contains("it starts with '-'");
    assertThat(BranchNames.problem("a\u001b[2J")).contains("it contains a control character");
    assertThat(BranchNames.problem("")).contains("it is empty");
    assertThat(BranchNames.problem(null)).contains("it is empty");
    assertThatThrownBy(() -> BranchNames.check("a\nb"))
        .hasMessageContaining("'a\\nb'")
        .hasMessageNotContaining("\n");
  }

  /** The same verdict as the git CLI, on names built from the characters the rules are about. */
  @Property(tries = 100)
  void agreesWithGitCheckRefFormat(@ForAll("names") String name) throws Exception {
    Boolean git = git(name);
    Assume.that(git != null);
    assertThat(BranchNames.isValid(name)).as("'%s'", name).isEqualTo(git);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars("ab/.-@{}~^:?*[\\ lockHEAD")
        .withChars('\t', '\u007f')
        .ofMinLength(1)
        .ofMaxLength(9);
  }

  // null when git is not on PATH
  private static Boolean git(String name) throws InterruptedException {
    try {
      // outside any repository, so that @{-1} and friends expand to nothing
      java.io.File tmp = new java.io.File(System.getProperty("java.io.tmpdir"));
      ProcessBuilder b =
          new ProcessBuilder("git", "check-ref-format", "--branch", name)
              .directory(tmp)
              .redirectErrorStream(true);
      b.environment().put("GIT_CEILING_DIRECTORIES", tmp.getAbsolutePath());
      Process p = b.start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return null;
    }
  }
}
