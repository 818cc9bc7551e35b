package dev.gitops.promotion.spi;

import dev.gitops.promotion.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One adapter as a configuration declares it: its kind (which provider builds it, like {@code
 * github} or {@code argocd}), its settings as written, and where it was declared. Providers read
 * their settings through the typed accessors, which name the key and the location when a setting is
 * missing or of the wrong type.
 *
 * @param kind the adapter kind, matched against {@link ChangeRequestHostProvider#kind()} and {@link
 *     GitOpsAgentProvider#kind()}
 * @param settings the settings: {@link String}, {@link Long}, {@link Boolean}, {@code List<String>}
 *     or nested {@code Map<String, Object>} of the same
 * @param location where it was declared, as {@code file:line:col}
 */
public record AdapterSpec(String kind, Map<String, Object> settings, String location) {

  /** Checks the parts are present and copies the settings. */
  public AdapterSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    settings = Map.copyOf(settings);
  }

  /**
   * Builds the adapter this declaration describes: what {@code build} returns, where a plain {@link
   * InvalidInputException} without a location (a URL the client refuses, say) is thrown again with
   * this declaration's kind and {@link #location()}, so the user is told which line of the file to
   * fix. Providers wrap their construction in it; {@link Adapters} does for every provider.
   *
   * @param <T> the adapter type
   * @param build builds the adapter from this declaration
   * @return the adapter
   * @throws InvalidInputException with the location of this declaration
   */
  public <T> T located(Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidInputException e) {
      if (e.location().isPresent() || e.getClass() != InvalidInputException.class) {
        throw e;
      }
      throw new InvalidInputException(kind + ": " + e.getMessage(), location, e);
    }
  }

  /** A text setting; a number or boolean is given as written. */
  public Optional<String> string(String key) {
    Object v = settings.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String || v instanceof Long || v instanceof Boolean) {
      return Optional.of(v.toString());
    }
    throw wrongType(key, "a text");
  }

  /**
   * A text setting that must be present.
   *
   * @throws InvalidInputException naming the key, the kind and the location when it is absent
   */
  public String required(String key) {
    return string(key)
        .orElseThrow(
            () -> new InvalidInputException(kind + " needs '" + key + "'", location, null));
  }

  /** A list-of-texts setting (a single text counts as a list of one), empty when absent. */
  public List<String> strings(String key) {
    Object v = settings.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
      return l.stream().map(String.class::cast).toList();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    throw wrongType(key, "a list of texts");
  }

  /** A whole-number setting. */
  public Optional<Long> integer(String key) {
    Object v = settings.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Long n) {
      return Optional.of(n);
    }
    if (v instanceof String s && s.matches("-?\\d{1,18}")) {
      return Optional.of(Long.parseLong(s));
    }
    throw wrongType(key, "a whole number");
  }

  /** A boolean setting ({@code true}/{@code false}). */
  public Optional<Boolean> bool(String key) {
    Object v = settings.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Optional.of(Boolean.parseBoolean(s));
    }
    throw wrongType(key, "true or false");
  }

  /**
   * A duration setting, written like {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code
   * 1h30m} or ISO-8601 ({@code PT30S}).
   */
  public Optional<Duration> duration(String key) {
    Optional<String> text = string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Durations.parse(text.get()).orElseThrow(() -> wrongType(key, "a duration like 30s or 2h")));
  }

  /** A nested mapping setting, empty when absent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> mapping(String key) {
    Object v = settings.get(key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw wrongType(key, "a mapping");
  }

  /**
   * Refuses settings this adapter does not know, with a did-you-mean where one is close.
   *
   * @throws InvalidInputException naming the first unknown key and the known ones
   */
  public AdapterSpec requireOnly(List<String> known) {
    for (String key : new TreeMap<>(settings).keySet()) {
      if (!known.contains(key)) {
        throw new InvalidInputException(
            kind + " has no setting '" + key + "'; known settings: " + String.join(", ", known),
            location,
            null);
      }
    }
    return this;
  }

  private InvalidInputException wrongType(String key, String expected) {
    return new InvalidInputException(
        "'" + key + "' of " + kind + " must be " + expected, location, null);
  }

  /** Lists the kind and the setting names only: values may hold URLs or names of secrets. */
  @Override
  public String toString() {
    return "AdapterSpec[" + kind + " " + new TreeMap<>(settings).keySet() + " at " + location + "]";
  }

  /** Parses the short durations adapters take. */
  static final class Durations {
    private static final java.util.regex.Pattern SHORT =
        java.util.regex.Pattern.compile(
            "(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

    private Durations() {}

    static Optional<Duration> parse(String text) {
      if (text.startsWith("P") || text.startsWith("p")) {
        try {
          return Optional.of(Duration.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
          return Optional.empty();
        }
      }
      java.util.regex.Matcher m = SHORT.matcher(text);
      if (text.isEmpty() || !m.matches()) {
        return Optional.empty();
      }
      Duration d = Duration.ZERO;
      long[] unit = {86_400, 3_600, 60, 1};
      for (int i = 0; i < 4; i++) {
        if (m.group(i + 1) != null) {
          d = d.plusSeconds(Long.parseLong(m.group(i + 1)) * unit[i]);
        }
      }
      return Optional.of(d);
    }
  }
}
