package dev.gitops.promotion.gitlab.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small readers over GitLab's JSON: {@code null} and absent are the same, as GitLab treats them.
 */
public final class Nodes {
  private Nodes() {}

  /** A text field, empty when absent, null or blank. */
  public static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return Optional.empty();
    }
    String s = v.asText();
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  /** A text field, {@code ""} when absent. */
  public static String textOr(JsonNode node, String field, String otherwise) {
    return text(node, field).orElse(otherwise);
  }

  /** A boolean field; {@code null} and absent are false. */
  public static boolean bool(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.asBoolean(false);
  }

  /** A whole-number field, {@code otherwise} when absent. */
  public static long number(JsonNode node, String field, long otherwise) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? otherwise : v.asLong(otherwise);
  }

  /** A timestamp field (ISO-8601 with offset), when present and readable. */
  public static Optional<Instant> instant(JsonNode node, String field) {
    return text(node, field)
        .flatMap(
            s -> {
              try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
              } catch (DateTimeParseException e) {
                try {
                  return Optional.of(Instant.parse(s));
                } catch (DateTimeParseException again) {
                  return Optional.empty();
                }
              }
            });
  }

  /** The elements of an array field; empty when absent or not an array. */
  public static List<JsonNode> array(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    List<JsonNode> out = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(out::add);
    }
    return out;
  }

  /** The object in {@code field}, when it is one. */
  public static Optional<JsonNode> object(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isObject() ? Optional.of(v) : Optional.empty();
  }
}
