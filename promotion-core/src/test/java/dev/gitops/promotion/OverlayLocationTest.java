package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The one path validator ({@code checkPath}) and the one path normaliser ({@code resolve}). */
class OverlayLocationTest {

  @Test
  void resolvesRelativePathsInsideTheRepository() {
    assertThat(OverlayLocation.resolve("apps/api/overlays/dev", "../../base"))
        .contains("apps/api/base");
    assertThat(OverlayLocation.resolve("apps/api", "./base//deploy.yaml"))
        .contains("apps/api/base/deploy.yaml");
    assertThat(OverlayLocation.resolve("apps/api", "../..")).contains("");
    assertThat(OverlayLocation.resolve("", "apps")).contains("apps");
    assertThat(OverlayLocation.resolve("apps", "../../etc")).isEmpty();
    assertThat(OverlayLocation.resolve("apps", "/etc/passwd")).isEmpty();
    assertThat(OverlayLocation.resolve("apps", "C:/x")).isEmpty();
    assertThat(OverlayLocation.resolve("apps", "a\\b")).isEmpty();
    assertThat(OverlayLocation.resolve("apps", "../.git/config")).isEmpty();
    assertThat(OverlayLocation.isAbsolute("/x")).isTrue();
    assertThat(OverlayLocation.isAbsolute("x/y")).isFalse();
  }

  @Test
  void checkPathRefusesWhatResolveWouldNormalise() {
    for (String bad : new String[] {"", "/etc", "a/../b", "a//b", "./a", "a/.git/x", "a\\b"}) {
      assertThatThrownBy(() -> OverlayLocation.checkPath(bad))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  /** Every non-root path resolve returns passes checkPath, and resolving it again is a no-op. */
  @Property
  void resolvedPathsAreCheckedPaths(
      @ForAll("folders") String folder, @ForAll("relatives") String relative) {
    OverlayLocation.resolve(folder, relative)
        .filter(p -> !p.isEmpty())
        .ifPresent(
            p -> {
              assertThat(OverlayLocation.checkPath(p)).isEqualTo(p);
              assertThat(OverlayLocation.resolve("", p)).contains(p);
            });
  }

  @Provide
  Arbitrary<String> folders() {
    return Arbitraries.of("", "apps", "apps/api/overlays/dev");
  }

  @Provide
  Arbitrary<String> relatives() {
    return Arbitraries.of("a", "..", ".", "", ".git", "b.yaml")
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(parts -> String.join("/", parts));
  }
}
