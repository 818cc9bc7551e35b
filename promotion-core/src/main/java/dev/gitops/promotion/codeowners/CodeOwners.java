package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.codeowners.internal.LineParser;
import dev.gitops.promotion.codeowners.internal.PathPattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed CODEOWNERS file: who owns which path, what a change needs from owners, and whether given
 * approvals meet it. Immutable and thread-safe.
 *
 * <pre>{@code
 * CodeOwners owners = CodeOwners.parse(Dialect.GITLAB, "CODEOWNERS", text);
 * owners.problems().forEach(p -> log.warn("{}", p));          // lines the host would not read
 * owners.ownership("docs/README.md").owners();                // [@admin, @docs-team]
 * List<Requirement> needs = owners.requirements(changedPaths); // per rule: owners, count, paths
 * ApprovalEvaluation result = ApprovalEvaluation.of(needs, approvers, lookup);
 * }</pre>
 *
 * <h2>GitHub</h2>
 *
 * Gitignore-like patterns: a leading {@code /} anchors at the root, and so does a slash inside the
 * pattern (INFERRED from gitignore; the docs' {@code docs/*} example agrees); a pattern with no
 * slash, or only a trailing one, matches at any depth; a trailing {@code /} matches directories, so
 * every file below them; a pattern that matches a directory owns everything below it, except a
 * pattern whose last segment is a lone {@code *} ({@code docs/*} owns {@code docs/a.md}, not {@code
 * docs/sub/b.md}, as documented); {@code *} and {@code ?} stay within a segment; {@code **} as a
 * whole segment spans directories (at the end: everything inside, at least one segment); {@code **}
 * inside a segment is one {@code *} (INFERRED from gitignore); paths are case-sensitive. The last
 * matching line wins, and a matching line without owners leaves the path without owner. Owners are
 * <code>&#64;user</code>, <code>&#64;org/team</code> or emails; {@code #} starts a comment, also
 * after the owners. A line using {@code \#}, {@code !} or {@code [ ]}, a line with {@code ***} or
 * only slashes, and a line with an invalid owner are skipped and reported in {@link #problems()}. A
 * backslash makes the next character literal ({@code \ } for a space; INFERRED from gitignore). An
 * owned path needs one approval from one of its owners.
 *
 * <h2>GitLab</h2>
 *
 * GitLab's own reading: a pattern without a leading {@code /} matches at any depth, even with a
 * slash inside ({@code internal/README.md} matches {@code docs/internal/README.md}); a trailing
 * {@code /} means everything below; otherwise the pattern must match the whole path (so {@code
 * docs} without a slash owns a file named {@code docs}, not a directory's files, as GitLab's
 * normalization does); then {@code File::fnmatch} with {@code FNM_PATHNAME | FNM_DOTMATCH}: {@code
 * *} and {@code ?} stay within a segment and match dotfiles, {@code **}{@code /} spans directories,
 * {@code [a-z]} brackets work, {@code \} escapes, {@code \ } is a space and a leading {@code \#} is
 * a literal {@code #}. Sections: {@code [Name]}, {@code ^[Name]} (optional), {@code [Name][N]} (N
 * approvals; 0 or an invalid N count as 1) and default owners after the header, used by lines
 * without owners; names compare without case and repeated sections merge (the first spelling stays;
 * required wins over optional). Lines before the first header form {@link Section#DEFAULT}. In each
 * section the last matching line decides, and a path's owners are the union over sections; a
 * pattern repeated in a section keeps the first line's place with the last line's owners (GitLab
 * stores entries in a hash keyed by pattern). {@code !pattern} excludes matching paths from the
 * section, whatever the order of lines (GitLab 17.10+). Owners: <code>&#64;user</code>, <code>
 * &#64;group/subgroup</code>, emails and <code>&#64;&#64;developer</code>/<code>
 * &#64;&#64;maintainer</code>/ <code>&#64;&#64;owner</code> roles (plurals accepted); other words
 * are ignored and reported; a line with no owners and no section default has no owner and needs no
 * approval (GitLab auto-approves it). Owners are whitespace-separated words, and inline comments
 * are not special (INFERRED: GitLab scans the text for references and documents inline comments as
 * unsupported). An unparsable header ({@code [Name} without {@code ]}) is read as an entry of the
 * current section.
 *
 * <p>Limits: GitHub does not load a file of 3 MB or more; {@link #parse} refuses such input in both
 * dialects ({@link #MAX_BYTES}, 3 MiB; INFERRED that MB means MiB, and that GitLab needs no larger
 * file).
 */
public final class CodeOwners {

  /** The largest file accepted, in UTF-8 bytes: 3 MiB minus one byte (GitHub: "under 3 MB"). */
  public static final int MAX_BYTES = 3 * 1024 * 1024 - 1;

  private final Dialect dialect;
  private final String fileName;
  private final List<LineParser.CompiledSection> compiled;
  private final List<Section> sections;
  private final List<Rule> rules;
  private final List<Problem> problems;

  private CodeOwners(Dialect dialect, String fileName, LineParser.Result result) {
    this.dialect = dialect;
    this.fileName = fileName;
    this.compiled = result.sections();
    this.sections = compiled.stream().map(LineParser.CompiledSection::section).toList();
    this.rules = sections.stream().flatMap(s -> s.rules().stream()).toList();
    this.problems = result.problems();
  }

  /**
   * Parses the text of a CODEOWNERS file. Lines the host would not read are reported in {@link
   * #problems()}, never thrown.
   *
   * @param dialect which host reads the file
   * @param fileName the file's name or path, used in problem locations (for example {@code
   *     .github/CODEOWNERS})
   * @param text the file's content
   * @throws InvalidInputException when the text is {@link #MAX_BYTES} bytes or more in UTF-8
   */
  public static CodeOwners parse(Dialect dialect, String fileName, String text) {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    long size = utf8Length(text);
    if (size > MAX_BYTES) {
      throw tooBig(fileName);
    }
    return new CodeOwners(dialect, fileName, LineParser.parse(dialect, fileName, text));
  }

  /**
   * Parses a CODEOWNERS file's bytes, read as UTF-8 (invalid bytes become U+FFFD); the size is
   * checked before decoding. See {@link #parse(Dialect, String, String)}.
   *
   * @throws InvalidInputException when the content is larger than {@link #MAX_BYTES}
   */
  public static CodeOwners parse(Dialect dialect, String fileName, byte[] content) {
    Objects.requireNonNull(content, "content");
    if (content.length > MAX_BYTES) {
      throw tooBig(Objects.requireNonNull(fileName, "fileName"));
    }
    return parse(dialect, fileName, new String(content, StandardCharsets.UTF_8));
  }

  /** No CODEOWNERS file: nobody owns anything and changes need no code-owner approval. */
  public static CodeOwners none(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    return new CodeOwners(dialect, "(no CODEOWNERS file)", LineParser.parse(dialect, "", ""));
  }

  /** The dialect it was read in. */
  public Dialect dialect() {
    return dialect;
  }

  /** The file name given to {@link #parse}. */
  public String fileName() {
    return fileName;
  }

  /** The sections, {@link Section#DEFAULT} first; a GitHub file has only that one. */
  public List<Section> sections() {
    return sections;
  }

  /** Every rule, section after section, each section in precedence order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The lines the host would not read as written, in file order. */
  public List<Problem> problems() {
    return problems;
  }

  /** Whether no rule assigns an owner. */
  public boolean isEmpty() {
    return rules.stream().noneMatch(Rule::hasOwners);
  }

  /**
   * Who owns {@code path}: in each section, the last matching rule (or, on GitLab, the exclusion
   * that removes the path from the section).
   *
   * @param path a file path relative to the repository root ({@code apps/api/image.yaml}); a
   *     leading {@code /} is ignored
   */
  public PathOwnership ownership(String path) {
    Objects.requireNonNull(path, "path");
    int[][] segments = PathPattern.segments(path);
    List<SectionMatch> matches = new ArrayList<>();
    for (LineParser.CompiledSection s : compiled) {
      match(s, segments).ifPresent(r -> matches.add(new SectionMatch(s.section().name(), r)));
    }
    return new PathOwnership(path, matches);
  }

  /**
   * What a change to {@code changedPaths} needs from code owners: one {@link Requirement} per rule
   * that owns at least one of the paths, in file order (section by section); rules without owners,
   * exclusions and unowned paths require nothing.
   */
  public List<Requirement> requirements(Collection<String> changedPaths) {
    Objects.requireNonNull(changedPaths, "changedPaths");
    Map<Rule, LinkedHashSet<String>> pathsByRule = new IdentityHashMap<>();
    for (String path : changedPaths) {
      int[][] segments = PathPattern.segments(path);
      for (LineParser.CompiledSection s : compiled) {
        match(s, segments)
            .filter(Rule::hasOwners)
            .ifPresent(r -> pathsByRule.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(path));
      }
    }
    List<Requirement> out = new ArrayList<>();
    for (LineParser.CompiledSection s : compiled) {
      for (LineParser.Compiled c : s.rules()) {
        LinkedHashSet<String> paths = pathsByRule.get(c.rule());
        if (paths != null) {
          out.add(
              Requirement.builder()
                  .section(s.section().name())
                  .rule(c.rule())
                  .optional(s.section().optional())
                  .paths(paths)
                  .build());
        }
      }
    }
    return out;
  }

  /**
   * {@link #requirements} for {@code changedPaths}, checked against {@code approvers} with {@link
   * ApprovalEvaluation#of}.
   */
  public ApprovalEvaluation evaluate(
      Collection<String> changedPaths, Collection<Approver> approvers, MembershipLookup lookup) {
    return ApprovalEvaluation.of(requirements(changedPaths), approvers, lookup);
  }

  /** The file name, dialect, and counts of rules and problems. */
  @Override
  public String toString() {
    return "CodeOwners["
        + SafeText.forDisplay(fileName)
        + ", "
        + dialect
        + ", "
        + rules.size()
        + " rules in "
        + sections.size()
        + " section(s), "
        + problems.size()
        + " problem(s)]";
  }

  // The last matching rule of a section, or (GitLab) an exclusion matching anywhere in it.
  private static Optional<Rule> match(LineParser.CompiledSection s, int[][] path) {
    List<LineParser.Compiled> rules = s.rules();
    Rule found = null;
    for (int i = rules.size() - 1; i >= 0; i--) {
      LineParser.Compiled c = rules.get(i);
      if ((found == null || c.rule().exclusion()) && c.pattern().matches(path)) {
        if (c.rule().exclusion()) {
          return Optional.of(c.rule());
        }
        found = c.rule();
        if (!s.hasExclusions()) {
          break;
        }
      }
    }
    return Optional.ofNullable(found);
  }

  private static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
      if (n > MAX_BYTES) {
        return n; // enough to refuse; no need to count the rest
      }
    }
    return n;
  }

  private static InvalidInputException tooBig(String fileName) {
    return new InvalidInputException(
        "the CODEOWNERS file is too large: GitHub does not load a file of 3 MB ("
            + (MAX_BYTES + 1)
            + " bytes) or more, and neither does this library; merge entries with wildcard"
            + " patterns",
        SafeText.forDisplay(fileName),
        null);
  }
}
