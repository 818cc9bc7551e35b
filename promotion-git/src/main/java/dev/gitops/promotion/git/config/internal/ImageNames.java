package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds the image repositories a kustomization or a set of manifests names, for layout discovery.
 * Lenient: files that do not parse, or have another shape, name no image.
 */
public final class ImageNames {
  private ImageNames() {}

  /** The {@code images[].name} values of a kustomization that are plain repositories. */
  public static List<String> ofKustomization(String file, String content) {
    Set<String> out = new LinkedHashSet<>();
    for (Node doc : YamlDoc.parseAllLenient(file, content)) {
      value(doc, "images")
          .filter(SequenceNode.class::isInstance)
          .map(n -> ((SequenceNode) n).getValue())
          .orElse(List.of())
          .forEach(item -> value(item, "name").flatMap(ImageNames::repository).ifPresent(out::add));
    }
    return new ArrayList<>(out);
  }

  /**
   * The repositories of the {@code image} of every entry of a {@code containers} or {@code
   * initContainers} list, at any depth, in every document (tags and digests dropped).
   */
  public static List<String> ofManifests(String file, String content) {
    Set<String> out = new LinkedHashSet<>();
    for (Node doc : YamlDoc.parseAllLenient(file, content)) {
      collect(doc, out, 0);
    }
    return new ArrayList<>(out);
  }

  private static void collect(Node node, Set<String> out, int depth) {
    if (depth > 64) {
      return;
    }
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
        if ((key.equals("containers") || key.equals("initContainers"))
            && t.getValueNode() instanceof SequenceNode seq) {
          for (Node c : seq.getValue()) {
            value(c, "image")
                .flatMap(ImageNames::text)
                .flatMap(ImageReference::tryParse)
                .map(ImageReference::name)
                .ifPresent(out::add);
          }
        }
        collect(t.getValueNode(), out, depth + 1);
      }
    } else if (node instanceof SequenceNode seq) {
      seq.getValue().forEach(n -> collect(n, out, depth + 1));
    }
  }

  private static Optional<String> repository(Node node) {
    return text(node)
        .flatMap(ImageReference::tryParse)
        .filter(r -> r.tag().isEmpty() && r.digest().isEmpty())
        .map(ImageReference::toString);
  }

  private static Optional<String> text(Node node) {
    return node instanceof ScalarNode s && !s.getValue().isBlank()
        ? Optional.of(s.getValue())
        : Optional.empty();
  }

  private static Optional<Node> value(Node node, String key) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
          return Optional.of(t.getValueNode());
        }
      }
    }
    return Optional.empty();
  }
}
