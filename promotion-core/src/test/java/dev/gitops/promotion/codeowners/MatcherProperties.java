package dev.gitops.promotion.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The compiled matcher against {@link ReferenceGlobs} on generated rule sets and paths, for both
 * dialects; plus what requirements and approvals must always say.
 */
class MatcherProperties {

  /**
   * One generated line: a header ({@code [name]}) or an entry with owner {@code o<n>}, none (-1).
   */
  record Line(String header, String pattern, int owner) {
    String text() {
      if (header != null) {
        return "[" + header + "]";
      }
      return owner < 0 ? pattern : pattern + " @o" + owner;
    }
  }

  // ---------------------------------------------------------------- properties

  @Property(tries = 400)
  void gitHubDecidesByTheLastLineThatMatchesByGitignoreRules(
      @ForAll("gitHubFiles") List<Line> lines, @ForAll("pathLists") List<String> paths) {
    CodeOwners owners = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", text(lines));
    assertThat(owners.problems()).isEmpty();
    for (String path : paths) {
      int expected = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (ReferenceGlobs.gitHub(lines.get(i).pattern(), path)) {
          expected = i + 1;
        }
      }
      int actual =
          owners.ownership(path).matches().stream()
              .mapToInt(m -> m.rule().line())
              .findFirst()
              .orElse(0);
      assertThat(actual).as("line deciding %s in%n%s", path, text(lines)).isEqualTo(expected);
    }
  }

  @Property(tries = 400)
  void gitLabDecidesPerSectionByFnmatchWithExclusions(
      @ForAll("gitLabFiles") List<Line> lines, @ForAll("pathLists") List<String> paths) {
    CodeOwners owners = CodeOwners.parse(Dialect.GITLAB, "CODEOWNERS", text(lines));
    Map<String, Map<String, Integer>> sections = referenceSections(lines);
    for (String path : paths) {
      Map<String, Integer> expected = new TreeMap<>();
      sections.forEach(
          (section, entries) -> {
            List<Integer> matching = new ArrayList<>();
            entries
                .values()
                .forEach(
                    n -> {
                      if (ReferenceGlobs.gitLab(pattern(lines.get(n - 1)), path)) {
                        matching.add(0, n);
                      }
                    });
            matching.stream()
                .filter(n -> lines.get(n - 1).pattern().startsWith("!"))
                .findFirst()
                .or(() -> matching.stream().findFirst())
                .ifPresent(n -> expected.put(section, n));
          });
      Map<String, Integer> actual = new TreeMap<>();
      owners
          .ownership(path)
          .matches()
          .forEach(m -> actual.put(m.section().toLowerCase(Locale.ROOT), m.rule().line()));
      assertThat(actual).as("lines deciding %s in%n%s", path, text(lines)).isEqualTo(expected);
    }
  }

  @Property(tries = 200)
  void everyOwnedPathIsInARequirementAndItsOwnersSatisfyIt(
      @ForAll("gitHubFiles") List<Line> lines, @ForAll("pathLists") List<String> paths) {
    CodeOwners owners = CodeOwners.parse(Dialect.GITHUB, "CODEOWNERS", text(lines));
    List<Requirement> needs = owners.requirements(paths);
    Set<String> required = new HashSet<>();
    needs.forEach(r -> required.addAll(r.paths()));
    Set<String> owned = new HashSet<>();
    List<Approver> everyone = new ArrayList<>();
    for (String path : paths) {
      PathOwnership o = owners.ownership(path);
      if (o.isOwned()) {
        owned.add(path);
      }
      o.owners().forEach(owner -> everyone.add(Approver.of(owner.name())));
    }
    assertThat(required).isEqualTo(owned);
    assertThat(owners.evaluate(paths, everyone, MembershipLookup.NONE).satisfied()).isTrue();
    assertThat(owners.evaluate(paths, List.of(), MembershipLookup.NONE).satisfied())
        .isEqualTo(needs.isEmpty());
  }

  // ---------------------------------------------------------------- the GitLab reference

  private static String pattern(Line line) {
    return line.pattern().startsWith("!") ? line.pattern().substring(1) : line.pattern();
  }

  // section (lowercase) -> normalized pattern -> line number, GitLab's hash semantics written out
  private static Map<String, Map<String, Integer>> referenceSections(List<Line> lines) {
    Map<String, Map<String, Integer>> sections = new LinkedHashMap<>();
    String current = Section.DEFAULT;
    sections.put(current, new LinkedHashMap<>());
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (l.header() != null) {
        current = l.header().toLowerCase(Locale.ROOT);
        sections.putIfAbsent(current, new LinkedHashMap<>());
      } else {
        String p = pattern(l);
        String key = p.equals("*") ? "*" : (p.startsWith("/") ? p : "/**/" + p);
        sections.get(current).put(key.endsWith("/") ? key + "**/*" : key, i + 1);
      }
    }
    return sections;
  }

  private static String text(List<Line> lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l.text()).append('\n'));
    return sb.toString();
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<List<Line>> gitHubFiles() {
    return entries(patterns(gitHubSegments(), false)).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<Line>> gitLabFiles() {
    Arbitrary<Line> header = Arbitraries.of("A", "B", "a").map(n -> new Line(n, null, 0));
    Arbitrary<Line> entry = entries(patterns(gitLabSegments(), true));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, header), net.jqwik.api.Tuple.of(4, entry))
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<String>> pathLists() {
    Arbitrary<String> segment = Arbitraries.of("a", "b", "ab", "ba", ".x", "a.md", "b.rb", "x");
    return segment
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(s -> String.join("/", s))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  private static Arbitrary<Line> entries(Arbitrary<String> patterns) {
    return Combinators.combine(patterns, Arbitraries.integers().between(-1, 3))
        .as((p, o) -> new Line(null, p, p.startsWith("!") ? -1 : o));
  }

  private static Arbitrary<String> patterns(Arbitrary<String> segments, boolean exclusions) {
    return Combinators.combine(
            Arbitraries.of("", "/"),
            segments.list().ofMinSize(1).ofMaxSize(3).map(s -> String.join("/", s)),
            Arbitraries.of("", "/"),
            exclusions ? Arbitraries.of("", "", "", "!") : Arbitraries.just(""))
        .as((lead, body, trail, bang) -> bang + lead + body + trail)
        // on GitLab a line that starts with '[' is a section header, not a pattern
        .map(p -> p.startsWith("[") ? "/" + p : p);
  }

  private static Arbitrary<String> gitHubSegments() {
    return Arbitraries.of("a", "b", "ab", "*", "**", "?", "a*", "*b", "*.md", ".x", "a?", "x");
  }

  private static Arbitrary<String> gitLabSegments() {
    return Arbitraries.of(
        "a", "b", "ab", "*", "**", "?", "a*", "*.md", ".x", "[ab]", "[!a]*", "[a-b]?", "x");
  }
}
