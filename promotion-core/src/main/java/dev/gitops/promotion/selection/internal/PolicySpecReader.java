package dev.gitops.promotion.selection.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.selection.Order;
import dev.gitops.promotion.selection.SemVerRange;
import dev.gitops.promotion.selection.TagFilter;
import dev.gitops.promotion.selection.TagPolicy;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link TagPolicy} from the already-parsed spec a user wrote; see {@link
 * TagPolicy#fromSpec(Map, String)} for the shape. Every error names the key path ({@code
 * policy.semver.range}) and what was expected there.
 */
public final class PolicySpecReader {

  private static final List<String> TOP = List.of("policy", "filterTags");
  private static final List<String> KINDS =
      List.of("semver", "numerical", "alphabetical", "newestBuild", "exact");

  private final String location;

  private PolicySpecReader(String location) {
    this.location = location;
  }

  /** Reads the spec; {@code location} ({@code file:line:col}) may be null. */
  public static TagPolicy read(Map<String, ?> spec, String location) {
    return new PolicySpecReader(location).policy(spec);
  }

  private TagPolicy policy(Map<String, ?> spec) {
    if (spec == null) {
      throw fail("", "needs a mapping with 'policy' and optionally 'filterTags'");
    }
    keys(spec, "", TOP);
    Map<String, ?> policy = map(spec.get("policy"), "policy", true);
    keys(policy, "policy", KINDS);
    List<String> kinds = KINDS.stream().filter(policy::containsKey).toList();
    if (kinds.size() != 1) {
      throw fail(
          "policy",
          kinds.isEmpty()
              ? "needs one of " + String.join(", ", KINDS)
              : "has " + String.join(" and ", kinds) + "; keep exactly one");
    }
    String kind = kinds.get(0);
    String at = "policy." + kind;
    Map<String, ?> body = map(policy.get(kind), at, false);
    TagPolicy result =
        switch (kind) {
          case "semver" -> semver(body, at);
          case "numerical" -> {
            keys(body, at, List.of("order"));
            yield TagPolicy.numerical(order(body, at));
          }
          case "alphabetical" -> {
            keys(body, at, List.of("order"));
            yield TagPolicy.alphabetical(order(body, at));
          }
          case "newestBuild" -> {
            keys(body, at, List.of("pattern", "group"));
            String pattern = text(body, at, "pattern", true);
            String group = text(body, at, "group", false);
            yield wrap(
                at,
                () ->
                    group == null
                        ? TagPolicy.newestBuild(pattern)
                        : TagPolicy.newestBuild(pattern, group));
          }
          default -> {
            keys(body, at, List.of("tag"));
            String tag = text(body, at, "tag", true);
            yield wrap(at, () -> TagPolicy.exact(tag));
          }
        };
    if (spec.get("filterTags") != null) {
      if (kind.equals("newestBuild") || kind.equals("exact")) {
        throw fail(
            "filterTags",
            "does not go with policy." + kind + ", which says itself which tags count");
      }
      Map<String, ?> f = map(spec.get("filterTags"), "filterTags", true);
      keys(f, "filterTags", List.of("pattern", "extract"));
      String pattern = text(f, "filterTags", "pattern", false);
      String extract = text(f, "filterTags", "extract", false);
      TagFilter filter =
          wrap(
              "filterTags",
              () -> TagFilter.of(pattern == null ? "" : pattern, extract == null ? "" : extract));
      result = result.withFilter(filter);
    }
    return result;
  }

  private TagPolicy semver(Map<String, ?> body, String at) {
    keys(body, at, List.of("range", "includePrereleases", "lenientVersions"));
    String range = text(body, at, "range", true);
    SemVerRange r = wrap(at + ".range", () -> SemVerRange.parse(range));
    return TagPolicy.builder()
        .kind(TagPolicy.Kind.SEMVER)
        .range(r.withPrereleases(bool(body, at, "includePrereleases")))
        .lenientVersions(bool(body, at, "lenientVersions"))
        .build();
  }

  private Order order(Map<String, ?> body, String at) {
    String order = text(body, at, "order", false);
    return order == null ? Order.ASC : wrap(at + ".order", () -> Order.parse(order));
  }

  private String text(Map<String, ?> m, String at, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw fail(at, "needs '" + key + "'");
      }
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    String path = at + "." + key;
    if (v instanceof Number || v instanceof Boolean) {
      throw fail(
          path,
          "must be text; quote it ("
              + key
              + ": \""
              + SafeText.forDisplay(String.valueOf(v))
              + "\") so it is not read as a "
              + (v instanceof Number ? "number" : "boolean"));
    }
    throw fail(path, "must be text, got " + shape(v));
  }

  private boolean bool(Map<String, ?> m, String at, String key) {
    Object v = m.get(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw fail(at + "." + key, "must be true or false, got " + shape(v));
  }

  @SuppressWarnings("unchecked")
  private Map<String, ?> map(Object v, String at, boolean required) {
    if (v == null) {
      if (required) {
        throw fail(at, "is missing; it must be a mapping");
      }
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw fail(at, "must be a mapping, got " + shape(v));
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw fail(at, "has a key that is not text: " + SafeText.forDisplay(String.valueOf(k)));
      }
    }
    return (Map<String, ?>) m;
  }

  private void keys(Map<String, ?> m, String at, List<String> known) {
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw fail(
            at.isEmpty() ? k : at + "." + k,
            "is not a known key"
                + (at.isEmpty() ? "" : " of " + at)
                + "; expected "
                + String.join(", ", known));
      }
    }
  }

  private <T> T wrap(String at, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(at + ": " + e.getMessage(), location, e);
    }
  }

  private static String shape(Object v) {
    if (v instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    return "'" + SafeText.forDisplay(String.valueOf(v)) + "'";
  }

  private InvalidInputException fail(String at, String what) {
    return new InvalidInputException(
        "image policy: " + (at.isEmpty() ? "" : "'" + SafeText.forDisplay(at) + "' ") + what,
        location,
        null);
  }
}
