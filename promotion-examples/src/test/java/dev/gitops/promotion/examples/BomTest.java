package dev.gitops.promotion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** promotion-bom lists every library module of the build, at the build's version. */
class BomTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void theBomListsEveryLibraryModule() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("promotion-bom/pom.xml"));
    List<String> libraries =
        all(Pattern.compile("<module>([^<]+)</module>"), root).stream()
            .filter(m -> !m.equals("promotion-examples") && !m.equals("promotion-bom"))
            .toList();
    assertThat(libraries).contains("promotion-core", "promotion-git");
    assertThat(all(Pattern.compile("<artifactId>(promotion-[^<]+)</artifactId>"), bom))
        .as("promotion-bom/pom.xml lists every module of the root pom but examples and itself")
        .containsAll(libraries);
    String version = first(Pattern.compile("<version>([^<]+)</version>"), root);
    assertThat(
            first(
                Pattern.compile("<artifactId>promotion-bom</artifactId>\\s*<version>([^<]+)"), bom))
        .as("the BOM's version is the build's")
        .isEqualTo(version);
  }

  private static List<String> all(Pattern p, String text) {
    return p.matcher(text).results().map(r -> r.group(1)).toList();
  }

  private static String first(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in the pom", p).isTrue();
    return m.group(1);
  }
}
