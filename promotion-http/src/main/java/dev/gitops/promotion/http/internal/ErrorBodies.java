package dev.gitops.promotion.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitops.promotion.SafeText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a host's own error message out of an error body, in the shapes the SDK's hosts use:
 *
 * <ul>
 *   <li>GitHub: {@code {message, errors: [{resource, field, code, message} | "text"]}};
 *   <li>GitLab: {@code {message}} where message is a string, an array or an object of arrays, or
 *       {@code {error, error_description}};
 *   <li>Argo CD: {@code {error, code, message}};
 *   <li>Kubernetes: {@code Status {message, reason, code}};
 *   <li>OCI registries: {@code {errors: [{code, message}]}};
 *   <li>plain text (GitLab's {@code Retry later}): its first line. HTML pages say so, nothing more.
 * </ul>
 *
 * <p>The result is one line, control characters escaped, URL user-info redacted, at most {@value
 * #MAX} characters.
 */
public final class ErrorBodies {
  static final int MAX = 300;

  private ErrorBodies() {}

  /** The host's message in {@code body}, when there is one. */
  public static Optional<String> message(byte[] body, Optional<String> contentType) {
    if (body.length == 0) {
      return Optional.empty();
    }
    Optional<JsonNode> tree = Json.tree(body);
    if (tree.isPresent()) {
      return fromJson(tree.get()).map(ErrorBodies::clean);
    }
    String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8).strip();
    if (looksLikeHtml(text, contentType)) {
      return Optional.of("(an HTML page, not the API's JSON)");
    }
    String firstLine = text.lines().findFirst().orElse("").strip();
    return firstLine.isEmpty() ? Optional.empty() : Optional.of(clean(firstLine));
  }

  /** Whether a body looks like an HTML page rather than an API answer. */
  public static boolean looksLikeHtml(byte[] body, Optional<String> contentType) {
    String head =
        new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8).stripLeading();
    return looksLikeHtml(head, contentType);
  }

  private static boolean looksLikeHtml(String text, Optional<String> contentType) {
    String head = text.substring(0, Math.min(text.length(), 64)).toLowerCase(Locale.ROOT);
    return contentType.map(c -> c.toLowerCase(Locale.ROOT).contains("html")).orElse(false)
        || head.startsWith("<!doctype html")
        || head.startsWith("<html")
        || head.startsWith("<head")
        || head.startsWith("<body");
  }

  private static Optional<String> fromJson(JsonNode node) {
    if (node.isTextual()) {
      return nonBlank(node.asText());
    }
    if (!node.isObject()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    JsonNode message = node.get("message");
    if (message != null && !message.isNull()) {
      flatten(message, "", parts);
    }
    if (parts.isEmpty()) {
      text(node.get("error")).ifPresent(parts::add);
      text(node.get("error_description")).ifPresent(parts::add);
    }
    JsonNode errors = node.get("errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        describeError(e).ifPresent(parts::add);
      }
    }
    text(node.get("reason"))
        .filter(r -> "Status".equals(node.path("kind").asText()))
        .ifPresent(r -> parts.add("reason " + r));
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
  }

  // GitHub errors[]: {resource, field, code, message} or a plain string; OCI: {code, message}
  private static Optional<String> describeError(JsonNode e) {
    if (e.isTextual()) {
      return nonBlank(e.asText());
    }
    if (!e.isObject()) {
      return Optional.empty();
    }
    Optional<String> msg = text(e.get("message"));
    Optional<String> code = text(e.get("code"));
    if (msg.isPresent()) {
      return code.filter(c -> c.equals(c.toUpperCase(Locale.ROOT)) && !c.equals("CUSTOM"))
          .map(c -> c + ": " + msg.get())
          .or(() -> msg);
    }
    List<String> bits = new ArrayList<>();
    text(e.get("resource")).ifPresent(bits::add);
    text(e.get("field")).ifPresent(f -> bits.add("field " + f));
    code.ifPresent(bits::add);
    return bits.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", bits));
  }

  // GitLab: "text" | ["a", "b"] | {"title": ["is too long"], "base": ["..."]}
  private static void flatten(JsonNode n, String prefix, List<String> out) {
    if (n.isValueNode()) {
      nonBlank(n.asText()).ifPresent(t -> out.add(prefix + t));
    } else if (n.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : n) {
        flatten(item, "", items);
      }
      if (!items.isEmpty()) {
        out.add(prefix + String.join(", ", items));
      }
    } else if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        String p = f.getKey().equals("base") ? "" : f.getKey() + " ";
        flatten(f.getValue(), p, out);
      }
    }
  }

  private static Optional<String> text(JsonNode n) {
    return n == null || !n.isValueNode() || n.isNull() ? Optional.empty() : nonBlank(n.asText());
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }

  private static String clean(String s) {
    String one = SafeText.forDisplay(s.strip());
    return one.length() <= MAX ? one : one.substring(0, MAX - 3) + "...";
  }
}
