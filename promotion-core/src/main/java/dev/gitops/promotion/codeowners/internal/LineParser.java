package dev.gitops.promotion.codeowners.internal;

import dev.gitops.promotion.codeowners.Dialect;
import dev.gitops.promotion.codeowners.Owner;
import dev.gitops.promotion.codeowners.Problem;
import dev.gitops.promotion.codeowners.Rule;
import dev.gitops.promotion.codeowners.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the lines of a CODEOWNERS file in one dialect. Not API. */
public final class LineParser {

  /** A rule and its compiled pattern. */
  public record Compiled(Rule rule, PathPattern pattern) {}

  /** A section with its compiled rules, in precedence order. */
  public record CompiledSection(Section section, List<Compiled> rules, boolean hasExclusions) {
    static CompiledSection of(Section section, List<Compiled> rules) {
      return new CompiledSection(
          section, List.copyOf(rules), rules.stream().anyMatch(c -> c.rule().exclusion()));
    }
  }

  /** What a file holds: its sections (the implicit one first) and its problems. */
  public record Result(List<CompiledSection> sections, List<Problem> problems) {}

  private record Token(String text, int column) {}

  // GitLab: one section being read; entries are keyed by their normalized pattern, and a repeated
  // pattern replaces the earlier entry in the earlier entry's place (GitLab keeps them in a Ruby
  // hash keyed by pattern, so the place of the first and the owners of the last count).
  private static final class OpenSection {
    final String name;
    final Map<String, Entry> entries = new LinkedHashMap<>();
    boolean anyRequiredHeader;

    OpenSection(String name) {
      this.name = name;
    }
  }

  private record Entry(Compiled compiled, boolean optional) {}

  private record Header(
      String name, boolean optional, int approvals, String defaultOwners, int ownersColumn) {}

  private final Dialect dialect;
  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  private LineParser(Dialect dialect, String file) {
    this.dialect = dialect;
    this.file = file;
  }

  /** Parses {@code text}, the content of {@code file}, in {@code dialect}. */
  public static Result parse(Dialect dialect, String file, String text) {
    LineParser p = new LineParser(dialect, file);
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<String> lines = body.lines().toList();
    List<CompiledSection> sections =
        dialect == Dialect.GITHUB ? List.of(p.gitHub(lines)) : p.gitLab(lines);
    return new Result(sections, List.copyOf(p.problems));
  }

  // ---------------------------------------------------------------- GitHub

  private CompiledSection gitHub(List<String> lines) {
    List<Compiled> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int n = i + 1;
      List<Token> tokens = split(line);
      if (tokens.isEmpty() || tokens.get(0).text().startsWith("#")) {
        continue;
      }
      Token pattern = tokens.get(0);
      if (!gitHubPatternOk(n, line, pattern)) {
        continue;
      }
      List<Owner> owners = new ArrayList<>();
      boolean ok = true;
      for (int t = 1; t < tokens.size() && !tokens.get(t).text().startsWith("#"); t++) {
        Token token = tokens.get(t);
        Optional<Owner> owner = Owner.parse(Dialect.GITHUB, token.text());
        if (owner.isEmpty()) {
          problem(
              n,
              token.column(),
              Problem.Kind.INVALID_OWNER,
              "'"
                  + token.text()
                  + "' is not an owner (write @user, @org/team or an email address); GitHub"
                  + " skips the line",
              line,
              true);
          ok = false;
          break;
        }
        if (!owners.contains(owner.get())) {
          owners.add(owner.get());
        }
      }
      if (ok) {
        Rule rule = Rule.builder().pattern(pattern.text()).line(n).owners(owners).build();
        rules.add(new Compiled(rule, PathPattern.gitHub(pattern.text())));
      }
    }
    return CompiledSection.of(
        new Section(Section.DEFAULT, false, rules.stream().map(Compiled::rule).toList()), rules);
  }

  private boolean gitHubPatternOk(int n, String line, Token pattern) {
    String p = pattern.text();
    int col = pattern.column();
    if (p.startsWith("\\#")) {
      return skip(
          n,
          col,
          Problem.Kind.UNSUPPORTED_SYNTAX,
          "GitHub does not support escaping a leading # with \\ in CODEOWNERS; it skips the line",
          line);
    }
    if (p.startsWith("!")) {
      return skip(
          n,
          col,
          Problem.Kind.UNSUPPORTED_SYNTAX,
          "GitHub does not support ! negation in CODEOWNERS; it skips the line (give the paths"
              + " an empty owner list instead)",
          line);
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        return skip(
            n,
            col + i,
            Problem.Kind.UNSUPPORTED_SYNTAX,
            "GitHub does not support [ ] character ranges in CODEOWNERS; it skips the line"
                + " (escape a literal bracket as \\[)",
            line);
      } else if (c == '*' && p.startsWith("***", i)) {
        return skip(
            n,
            col + i,
            Problem.Kind.INVALID_PATTERN,
            "'***' is not a valid pattern; did you mean '**'? GitHub skips the line",
            line);
      }
    }
    if (p.chars().allMatch(c -> c == '/')) {
      return skip(
          n,
          col,
          Problem.Kind.INVALID_PATTERN,
          "the pattern '" + p + "' never matches anything; did you mean '*'? GitHub skips the line",
          line);
    }
    return true;
  }

  private boolean skip(int n, int column, Problem.Kind kind, String message, String line) {
    problem(n, column, kind, message, line, true);
    return false;
  }

  // ---------------------------------------------------------------- GitLab

  private List<CompiledSection> gitLab(List<String> lines) {
    OpenSection defaults = new OpenSection(Section.DEFAULT);
    defaults.anyRequiredHeader = true;
    Map<String, OpenSection> sections = new LinkedHashMap<>();
    sections.put(Section.DEFAULT, defaults);
    OpenSection current = defaults;
    Header header = new Header(Section.DEFAULT, false, 0, "", 0);
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      int n = i + 1;
      int offset = leadingWhitespace(raw);
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Optional<Header> h = header(line, offset);
      if (h.isPresent()) {
        header = h.get();
        checkHeader(n, raw, offset, header);
        String key = header.name().toLowerCase(Locale.ROOT);
        current = sections.computeIfAbsent(key, k -> new OpenSection(h.get().name()));
        current.anyRequiredHeader |= !header.optional();
        continue;
      }
      int bracket = line.startsWith("^") ? 1 : 0;
      if (line.startsWith("[", bracket) && line.length() > bracket + 1 && line.indexOf(']') < 0) {
        problem(
            n,
            offset + 1,
            Problem.Kind.INVALID_SECTION,
            "this section header has no closing ']'; GitLab reads it as an entry of section ["
                + current.name
                + "]",
            raw,
            false);
      }
      gitLabEntry(n, raw, offset, line, current, header);
    }
    List<CompiledSection> out = new ArrayList<>();
    for (OpenSection s : sections.values()) {
      List<Compiled> rules = s.entries.values().stream().map(Entry::compiled).toList();
      boolean optional =
          s.entries.isEmpty()
              ? !s.anyRequiredHeader
              : s.entries.values().stream().allMatch(Entry::optional);
      out.add(
          CompiledSection.of(
              new Section(s.name, optional, rules.stream().map(Compiled::rule).toList()), rules));
    }
    return out;
  }

  private void gitLabEntry(
      int n, String raw, int offset, String line, OpenSection section, Header header) {
    int split = 0;
    while (split < line.length()
        && !(isSpace(line.charAt(split)) && (split == 0 || line.charAt(split - 1) != '\\'))) {
      split++;
    }
    String pattern = line.substring(0, split);
    int ownersStart = split;
    while (ownersStart < line.length() && isSpace(line.charAt(ownersStart))) {
      ownersStart++;
    }
    String ownersText = line.substring(ownersStart);
    boolean exclusion = pattern.startsWith("!");
    if (exclusion) {
      pattern = pattern.substring(1);
    }
    Rule.Builder rule =
        Rule.builder()
            .section(section.name)
            .pattern(pattern)
            .line(n)
            .exclusion(exclusion)
            .approvalsRequired(Math.max(1, header.approvals()));
    if (!exclusion) {
      List<Owner> owners;
      if (ownersText.isEmpty()) {
        owners = gitLabOwners(n, raw, header.ownersColumn(), header.defaultOwners(), false);
        rule.ownersFromSection(!owners.isEmpty());
      } else {
        owners = gitLabOwners(n, raw, offset + ownersStart + 1, ownersText, true);
      }
      if (owners.isEmpty()) {
        problem(
            n,
            offset + 1,
            Problem.Kind.MISSING_OWNER,
            "this entry has no usable owner; GitLab auto-approves it",
            raw,
            false);
      }
      rule.owners(owners);
    }
    Compiled compiled = new Compiled(rule.build(), PathPattern.gitLab(pattern));
    section.entries.put(
        PathPattern.normalizeGitLab(pattern), new Entry(compiled, header.optional()));
  }

  private List<Owner> gitLabOwners(int n, String raw, int column, String text, boolean report) {
    List<Owner> owners = new ArrayList<>();
    for (Token token : split(text)) {
      Optional<Owner> owner = Owner.parse(Dialect.GITLAB, token.text());
      if (owner.isPresent()) {
        if (!owners.contains(owner.get())) {
          owners.add(owner.get());
        }
      } else if (report) {
        problem(
            n,
            column + token.column() - 1,
            Problem.Kind.INVALID_OWNER,
            "'"
                + token.text()
                + "' is not an owner (write @user, @group/subgroup, @@role or an email address);"
                + " GitLab ignores it",
            raw,
            false);
      }
    }
    return owners;
  }

  // GitLab's header syntax: ^?[name] then an optional [digits], then optional default owners made
  // of letters, digits and @_.-/+ after whitespace; anything after that is ignored.
  private static Optional<Header> header(String line, int offset) {
    int i = line.startsWith("^") ? 1 : 0;
    if (i >= line.length() || line.charAt(i) != '[') {
      return Optional.empty();
    }
    int close = line.indexOf(']', i + 1);
    if (close < 0) {
      return Optional.empty();
    }
    String name = line.substring(i + 1, close);
    int j = close + 1;
    int approvals = 0;
    if (j < line.length() && line.charAt(j) == '[') {
      int k = j + 1;
      while (k < line.length() && Character.isDigit(line.charAt(k)) && line.charAt(k) < 128) {
        k++;
      }
      if (k < line.length() && line.charAt(k) == ']') {
        String digits = line.substring(j + 1, k);
        approvals = digits.isEmpty() || digits.length() > 9 ? 0 : Integer.parseInt(digits);
        j = k + 1;
      }
    }
    String defaults = "";
    int ownersColumn = offset + j + 1;
    if (j < line.length() && isSpace(line.charAt(j))) {
      int k = j;
      while (k < line.length() && isDefaultOwnerChar(line.charAt(k))) {
        k++;
      }
      defaults = line.substring(j, k);
    }
    return Optional.of(new Header(name, i == 1, approvals, defaults, ownersColumn));
  }

  private void checkHeader(int n, String raw, int offset, Header h) {
    if (h.name().isEmpty()) {
      problem(
          n,
          offset + 1,
          Problem.Kind.INVALID_SECTION,
          "a section header needs a name between [ and ]",
          raw,
          false);
    }
    if (h.optional() && h.approvals() > 0) {
      problem(
          n,
          offset + 1,
          Problem.Kind.INVALID_SECTION,
          "an optional section cannot require approvals; GitLab ignores [" + h.approvals() + "]",
          raw,
          false);
    }
    gitLabOwners(n, raw, h.ownersColumn(), h.defaultOwners(), true);
  }

  private static boolean isDefaultOwnerChar(char c) {
    return (c < 128 && (Character.isLetterOrDigit(c)))
        || c == '_'
        || c == '@'
        || c == '.'
        || c == '-'
        || c == '/'
        || c == '+'
        || isSpace(c);
  }

  // ---------------------------------------------------------------- shared

  // Words separated by whitespace that no backslash escapes; columns from 1.
  private static List<Token> split(String line) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      while (i < line.length() && isSpace(line.charAt(i))) {
        i++;
      }
      if (i >= line.length()) {
        break;
      }
      int start = i;
      while (i < line.length() && !(isSpace(line.charAt(i)) && line.charAt(i - 1) != '\\')) {
        i++;
      }
      out.add(new Token(line.substring(start, i), start + 1));
    }
    return out;
  }

  private static int leadingWhitespace(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == 0x0B || c == '\r' || c == '\n';
  }

  private void problem(
      int line, int column, Problem.Kind kind, String message, String source, boolean skipped) {
    problems.add(
        Problem.builder()
            .file(file)
            .line(line)
            .column(column)
            .kind(kind)
            .message(message)
            .source(source)
            .lineSkipped(skipped)
            .build());
  }
}
