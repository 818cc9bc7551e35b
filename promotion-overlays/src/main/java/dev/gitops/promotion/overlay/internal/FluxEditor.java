package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.FluxMarker;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * Flux setter markers: {@code # {"$imagepolicy": "<ns>:<policy>[:tag|:name|:digest]"}} as the line
 * comment of a scalar value, in any YAML file. As Flux does, the comment's leading {@code #}s are
 * dropped and the rest must be exactly one JSON object of strings; markers with other suffixes are
 * ignored. Writing replaces the whole scalar with the policy's value, in the scalar's quote style,
 * quoting values YAML would read as non-strings.
 */
public final class FluxEditor {
  private FluxEditor() {}

  /** A marker with its node. */
  public record Found(YamlNode.Scalar node, FluxMarker marker) {}

  /** Every marker in the file, in file order. */
  public static List<Found> markers(YamlFile file) {
    List<Found> found = new ArrayList<>();
    String text = file.text();
    for (YamlFile.Document doc : file.documents()) {
      if (doc.root == null) {
        continue;
      }
      Deque<YamlNode> stack = new ArrayDeque<>();
      stack.push(doc.root);
      List<YamlNode.Scalar> values = new ArrayList<>();
      while (!stack.isEmpty()) {
        YamlNode node = stack.pop();
        if (node instanceof YamlNode.Mapping m) {
          for (int i = m.size() - 1; i >= 0; i--) {
            if (m.values.get(i) instanceof YamlNode.Scalar s) {
              values.add(s);
            } else {
              stack.push(m.values.get(i));
            }
          }
        } else if (node instanceof YamlNode.Sequence seq) {
          for (int i = seq.items.size() - 1; i >= 0; i--) {
            if (seq.items.get(i) instanceof YamlNode.Scalar s) {
              values.add(s);
            } else {
              stack.push(seq.items.get(i));
            }
          }
        } else if (node instanceof YamlNode.Scalar s) {
          values.add(s);
        }
      }
      values.sort((a, b) -> Integer.compare(a.start, b.start));
      for (YamlNode.Scalar s : values) {
        if (s.style == ScalarStyle.LITERAL || s.style == ScalarStyle.FOLDED) {
          continue;
        }
        String comment = lineComment(text, s.end);
        if (comment == null) {
          continue;
        }
        String policy = imagePolicy(comment);
        if (policy == null) {
          continue;
        }
        String[] parts = policy.split(":", -1);
        Optional<String> field;
        if (parts.length == 2) {
          field = Optional.empty();
        } else if (parts.length == 3
            && (parts[2].equals("tag") || parts[2].equals("name") || parts[2].equals("digest"))) {
          field = Optional.of(parts[2]);
        } else {
          continue;
        }
        if (parts[0].isEmpty() || parts[1].isEmpty()) {
          continue;
        }
        found.add(
            new Found(
                s, new FluxMarker(file.location(s), parts[0] + ":" + parts[1], field, s.value)));
      }
    }
    return found;
  }

  // the comment on the line where a value ends: blanks, then '#' to the end of the line
  private static String lineComment(String text, int end) {
    int i = end;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '#' || (i == end && end > 0)) {
      return null;
    }
    int eol = text.indexOf('\n', i);
    String comment = text.substring(i, eol < 0 ? text.length() : eol);
    return comment.endsWith("\r") ? comment.substring(0, comment.length() - 1) : comment;
  }

  /** The {@code $imagepolicy} value of a marker comment, or null when it is not a marker. */
  static String imagePolicy(String comment) {
    int i = 0;
    while (i < comment.length() && comment.charAt(i) == '#') {
      i++;
    }
    Map<String, String> object = JsonStrings.object(comment.substring(i).strip());
    return object == null ? null : object.get("$imagepolicy");
  }

  /** The value a marker gets for {@code image}. */
  static String value(YamlFile file, Found f, ImageReference image) {
    Optional<String> field = f.marker().field();
    if (field.isEmpty()) {
      StringBuilder sb = new StringBuilder(image.name());
      image.tag().ifPresent(t -> sb.append(':').append(t));
      image.digest().ifPresent(d -> sb.append('@').append(d));
      return sb.toString();
    }
    return switch (field.get()) {
      case "name" -> image.name();
      case "tag" ->
          image
              .tag()
              .orElseThrow(
                  () ->
                      file.error(
                          Reason.INVALID_ARGUMENT,
                          f.node(),
                          "the marker of policy "
                              + f.marker().policy()
                              + " wants a tag, but the image '"
                              + image
                              + "' has none"));
      default ->
          image
              .digest()
              .map(Object::toString)
              .orElseThrow(
                  () ->
                      file.error(
                          Reason.INVALID_ARGUMENT,
                          f.node(),
                          "the marker of policy "
                              + f.marker().policy()
                              + " wants a digest, but the image '"
                              + image
                              + "' has none"));
    };
  }

  /** Sets the markers of each policy to its image; markers of other policies stay. */
  public static EditResult apply(YamlFile file, Map<String, ImageReference> images) {
    TextEdits text = new TextEdits();
    List<EditResult.Change> changes = new ArrayList<>();
    for (Found f : markers(file)) {
      ImageReference image = images.get(f.marker().policy());
      if (image == null) {
        continue;
      }
      set(file, text, changes, f, value(file, f, image));
    }
    return new EditResult(file.path(), file.text(), text.apply(file.text()), changes);
  }

  /** Sets the given markers to {@code image}. */
  public static EditResult apply(YamlFile file, List<Found> markers, ImageReference image) {
    TextEdits text = new TextEdits();
    List<EditResult.Change> changes = new ArrayList<>();
    for (Found f : markers) {
      set(file, text, changes, f, value(file, f, image));
    }
    return new EditResult(file.path(), file.text(), text.apply(file.text()), changes);
  }

  private static void set(
      YamlFile file, TextEdits text, List<EditResult.Change> changes, Found f, String value) {
    if (value.equals(f.node().value)) {
      return;
    }
    Nodes.checkNotShared(file, f.node());
    text.replace(
        file.valueStart(f.node()),
        f.node().end,
        Scalars.replacement(file, f.node(), value, Scalars.Quote.DOUBLE));
    changes.add(
        new EditResult.Change(
            f.marker().location(),
            "$imagepolicy " + f.marker().policy() + f.marker().field().map(x -> ":" + x).orElse(""),
            Optional.of(f.node().value),
            Optional.of(value)));
  }

  /**
   * The markers of one image: those of {@code policy} when given, else those whose current value
   * names {@code repository} (and the tag and digest markers of the same policies).
   */
  public static List<Found> select(YamlFile file, String policy, String repository) {
    List<Found> all = markers(file);
    List<Found> selected = new ArrayList<>();
    if (policy != null) {
      for (Found f : all) {
        if (f.marker().policy().equals(policy)) {
          selected.add(f);
        }
      }
      return selected;
    }
    Map<String, Boolean> policies = new LinkedHashMap<>();
    for (Found f : all) {
      Optional<String> field = f.marker().field();
      String name =
          field.isEmpty()
              ? ImageNames.split(f.node().value)[0]
              : field.get().equals("name") ? f.node().value : null;
      if (name != null && sameRepository(name, repository)) {
        policies.put(f.marker().policy(), true);
      }
    }
    for (Found f : all) {
      if (policies.containsKey(f.marker().policy())) {
        selected.add(f);
      }
    }
    return selected;
  }

  private static boolean sameRepository(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    Optional<ImageReference> ra = ImageReference.tryParse(a);
    Optional<ImageReference> rb = ImageReference.tryParse(b);
    return ra.isPresent() && rb.isPresent() && ra.get().sameRepository(rb.get());
  }

  /** The image the selected markers hold now, or empty when there are none. */
  public static Optional<ImageReference> read(
      YamlFile file, List<Found> markers, String fallbackName) {
    String name = null;
    String tag = null;
    String digest = null;
    String full = null;
    for (Found f : markers) {
      String v = f.node().value;
      switch (f.marker().field().orElse("")) {
        case "" -> full = full == null ? v : full;
        case "name" -> name = name == null ? v : name;
        case "tag" -> tag = tag == null ? v : tag;
        default -> digest = digest == null ? v : digest;
      }
    }
    String image;
    if (full != null) {
      image = full;
    } else if (name != null || tag != null || digest != null) {
      image =
          (name == null ? fallbackName : name)
              + (tag == null || tag.isEmpty() ? "" : ":" + tag)
              + (digest == null || digest.isEmpty() ? "" : "@" + digest);
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(ImageReference.parse(image));
    } catch (InvalidInputException e) {
      YamlNode at = markers.get(0).node();
      throw new dev.gitops.promotion.overlay.OverlayEditException(
          Reason.UNSUPPORTED_VALUE,
          file.path(),
          at.line + 1,
          at.column + 1,
          "the marked values do not give a valid image: " + e.getMessage(),
          e);
    }
  }
}
