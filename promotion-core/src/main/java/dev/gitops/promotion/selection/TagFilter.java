package dev.gitops.promotion.selection;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.selection.internal.ExtractTemplate;
import dev.gitops.promotion.selection.internal.GoRegex;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which tags a policy looks at, and what part of each it orders by: Flux's {@code filterTags:
 * {pattern, extract}}.
 *
 * <p>A tag is kept when {@code pattern} is found anywhere in it (like Go's {@code FindString}: add
 * {@code ^} and {@code $} to match the whole tag); other tags are dropped. With an {@code extract},
 * the value the policy orders is the template filled in from the first match; without one it is the
 * tag itself.
 *
 * <p>The pattern may be written for Go (as in a Flux manifest) or for Java: Go's named groups
 * {@code (?P<name>...)} and Java's {@code (?<name>...)} both work, as do Go's POSIX classes like
 * {@code [[:digit:]]}; see {@link #pattern()}. The extract template follows Go's {@code
 * Regexp.Expand}: {@code $name}, {@code ${name}}, {@code $1}, {@code ${1}}, {@code $0} for the
 * whole match, {@code $$} for a dollar. A name runs as long as letters, digits and {@code _}
 * follow, so write {@code ${1}x}, not {@code $1x}. Unlike Flux, a template naming a group the
 * pattern lacks is refused when the filter is made, instead of quietly giving empty values.
 *
 * <pre>{@code
 * TagFilter f = TagFilter.of("^main-[a-f0-9]+-(?P<ts>[0-9]+)$", "$ts");
 * f.apply("main-3f2a9c1-1700000000");   // Optional[1700000000]
 * f.apply("v1.2.3");                    // Optional.empty: dropped
 * }</pre>
 */
public final class TagFilter {

  private final String pattern;
  private final String extract;
  private final Pattern compiled;
  private final ExtractTemplate template;
  private final List<String> groupNames;

  private TagFilter(String pattern, String extract) {
    this.pattern = pattern;
    this.extract = extract;
    GoRegex.Result translated = GoRegex.translate(pattern);
    if (translated.problem().isPresent()) {
      throw invalid("tag pattern '" + SafeText.forDisplay(pattern) + "'", translated.error());
    }
    GoRegex regex = translated.regex();
    try {
      this.compiled = Pattern.compile(regex.java());
    } catch (PatternSyntaxException e) {
      String where =
          regex.java().equals(pattern)
              ? " near index " + e.getIndex()
              : " near index "
                  + e.getIndex()
                  + " of its Java form '"
                  + SafeText.forDisplay(regex.java())
                  + "'";
      throw invalid(
          "tag pattern '" + SafeText.forDisplay(pattern) + "'", e.getDescription() + where);
    }
    this.groupNames = regex.names();
    try {
      this.template =
          extract.isEmpty()
              ? null
              : ExtractTemplate.parse(extract, regex.groups(), regex.groupCount());
    } catch (IllegalArgumentException e) {
      throw invalid(
          "extract of tag pattern '" + SafeText.forDisplay(pattern) + "'",
          SafeText.forDisplay(e.getMessage()));
    }
  }

  /**
   * A filter that keeps the tags {@code pattern} is found in, and orders them by the whole tag.
   *
   * @throws InvalidInputException when the pattern is not a valid regular expression
   */
  public static TagFilter of(String pattern) {
    return of(pattern, "");
  }

  /**
   * A filter that keeps the tags {@code pattern} is found in, and orders them by {@code extract}
   * filled in from the match (the whole tag when {@code extract} is empty).
   *
   * @throws InvalidInputException when the pattern is not a valid regular expression, or the
   *     template refers to a group the pattern does not have
   */
  public static TagFilter of(String pattern, String extract) {
    return new TagFilter(
        Objects.requireNonNull(pattern, "pattern"), Objects.requireNonNull(extract, "extract"));
  }

  /**
   * The pattern as written. Go syntax the filter translates for Java: {@code (?P<name>...)}, POSIX
   * classes inside brackets ({@code [[:alpha:]]}, {@code [[:^digit:]]}), and a literal {@code [} or
   * {@code &} inside brackets; the Go flag {@code (?U)} is refused.
   */
  public String pattern() {
    return pattern;
  }

  /** The extract template as written; empty when the policy orders by the whole tag. */
  public String extract() {
    return extract;
  }

  /** The names of the pattern's named groups, in the order they appear. */
  public List<String> groupNames() {
    return groupNames;
  }

  /**
   * The value to order {@code tag} by: the filled-in template (or the tag itself without one), or
   * empty when the pattern is not found in the tag.
   */
  public Optional<String> apply(String tag) {
    Matcher m = compiled.matcher(tag);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(template == null ? tag : template.expand(m));
  }

  /** Whether the pattern is found in {@code tag}. */
  public boolean matches(String tag) {
    return compiled.matcher(tag).find();
  }

  /** Equal when the pattern and the template are written the same. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TagFilter other
        && pattern.equals(other.pattern)
        && extract.equals(other.extract);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode() * 31 + extract.hashCode();
  }

  /** {@code pattern} or {@code pattern -> extract}, made safe to display. */
  @Override
  public String toString() {
    return SafeText.forDisplay(pattern)
        + (extract.isEmpty() ? "" : " -> " + SafeText.forDisplay(extract));
  }

  private static InvalidInputException invalid(String what, String problem) {
    return new InvalidInputException(
        "invalid "
            + what
            + ": "
            + problem
            + " (write a regular expression like"
            + " '^v(?P<version>[0-9.]+)$' and an extract like '$version')");
  }
}
