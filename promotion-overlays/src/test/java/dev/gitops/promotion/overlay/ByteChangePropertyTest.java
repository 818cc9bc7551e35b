package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * For generated kustomization and values files: (a) parsing the edited file gives the parsed
 * original with exactly the intended change; (b) the bytes that differ lie within the edited entry
 * (or where a new entry goes), comments survive, and editing again changes nothing.
 */
class ByteChangePropertyTest {

  record KustomizeCase(OverlayGenerators.KustomizationSpec spec, KustomizeImageEdit edit) {}

  record ValuesCase(
      OverlayGenerators.ValuesSpec spec, Optional<String> tag, Optional<String> digest) {}

  @Provide
  Arbitrary<KustomizeCase> kustomizeCases() {
    return Combinators.combine(OverlayGenerators.kustomizations(), OverlayGenerators.edits())
        .as(KustomizeCase::new);
  }

  @Provide
  Arbitrary<ValuesCase> valuesCases() {
    return Combinators.combine(
            OverlayGenerators.values(),
            OverlayGenerators.maybe(List.of("v2", "1.11", "sha-def", "2024-02-02")),
            OverlayGenerators.maybe(OverlayGenerators.DIGESTS))
        .as(ValuesCase::new);
  }

  @Property(tries = 400)
  @SuppressWarnings("unchecked")
  void kustomizeEditsChangeOnlyTheEntry(@ForAll("kustomizeCases") KustomizeCase c) {
    String original = c.spec().render();
    EditResult result =
        KustomizeImages.apply(
            new OverlayFile("overlays/dev/kustomization.yaml", original), c.edit());
    String edited = result.content();

    // (a) the meaning: the original with exactly the intended entry
    Map<String, Object> expected = (Map<String, Object>) load(original);
    List<Object> images = new ArrayList<>();
    if (expected.get("images") instanceof List<?> list) {
      images.addAll(list);
    }
    Optional<OverlayGenerators.EntrySpec> existing =
        c.spec().hasImages()
            ? c.spec().entries().stream().filter(e -> e.name().equals(c.edit().name())).findFirst()
            : Optional.empty();
    KustomizeImage target = c.edit().applyTo(existing.map(OverlayGenerators.EntrySpec::image));
    Map<String, Object> targetMap = new LinkedHashMap<>();
    targetMap.put("name", target.name());
    target.newName().ifPresent(v -> targetMap.put("newName", v));
    target.newTag().ifPresent(v -> targetMap.put("newTag", v));
    target.digest().ifPresent(v -> targetMap.put("digest", v));
    int at = existing.map(e -> c.spec().entries().indexOf(e)).orElse(-1);
    if (at >= 0) {
      images.set(at, targetMap);
    } else {
      images.add(targetMap);
    }
    expected.put("images", images);
    assertThat(load(edited)).as(edited).isEqualTo(expected);

    // (b) the bytes: confined to the entry, or to where a new entry goes
    int[] allowed = allowedRange(original, c.edit().name());
    assertConfined(original, edited, allowed);
    assertCommentsKept(c, original, edited, existing, target);
    assertThat(edited.startsWith("\uFEFF")).isEqualTo(c.spec().bom());
    assertThat(edited.endsWith(c.spec().newline()))
        .isEqualTo(original.endsWith(c.spec().newline()));
    if (c.spec().newline().equals("\n")) {
      assertThat(edited).doesNotContain("\r");
    } else {
      assertThat(edited.replace("\r\n", "")).doesNotContain("\n");
    }

    // editing again is a no-op
    assertThat(
            KustomizeImages.apply(
                    new OverlayFile("overlays/dev/kustomization.yaml", edited), c.edit())
                .content())
        .isEqualTo(edited);
  }

  @Property(tries = 300)
  @SuppressWarnings("unchecked")
  void helmEditsChangeOnlyTheImage(@ForAll("valuesCases") ValuesCase c) {
    String original = c.spec().render();
    ImageReference image =
        ImageReference.parse(
            "ghcr.io/o/api"
                + c.tag().map(t -> ":" + t).orElse("")
                + c.digest().map(d -> "@" + d).orElse(""));
    HelmImageKeys keys = HelmImageKeys.of(c.spec().path());
    String edited = HelmValues.set(new OverlayFile("values.yaml", original), keys, image).content();

    Map<String, Object> expected = (Map<String, Object>) load(original);
    Map<String, Object> imageMap =
        (Map<String, Object>)
            (c.spec().nested()
                ? ((Map<String, Object>) expected.get("api")).get("image")
                : expected.get("image"));
    if (c.spec().digestKey()) {
      imageMap.put("tag", c.tag().orElse(c.spec().tag()));
      imageMap.put("digest", c.digest().orElse(""));
    } else {
      String tag = c.tag().orElse(c.spec().tag());
      imageMap.put("tag", tag + c.digest().map(d -> "@" + d).orElse(""));
    }
    assertThat(load(edited)).as(edited).isEqualTo(expected);

    Node root = compose(original);
    Node imageNode = value((MappingNode) root, c.spec().nested() ? "api" : "image");
    if (c.spec().nested()) {
      imageNode = value((MappingNode) imageNode, "image");
    }
    int start = imageNode.getStartMark().get().getIndex();
    int end = imageNode.getEndMark().get().getIndex();
    assertConfined(original, edited, new int[] {original.lastIndexOf('\n', start) + 1, end});
    for (String comment : List.of("# the image", "# the tag", "# Overrides the image tag")) {
      assertThat(count(edited, comment)).isEqualTo(count(original, comment));
    }
    assertThat(HelmValues.set(new OverlayFile("values.yaml", edited), keys, image).content())
        .isEqualTo(edited);
  }

  // ---- helpers

  private static Object load(String text) {
    return new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  private static Node compose(String text) {
    return new Compose(LoadSettings.builder().build()).composeString(text).orElseThrow();
  }

  private static Node value(MappingNode m, String key) {
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  /**
   * {start, end} of the text an edit of {@code name} may touch, found with SnakeYAML's composer.
   */
  private static int[] allowedRange(String original, String name) {
    MappingNode root = (MappingNode) compose(original);
    Node images = value(root, "images");
    if (images instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        if (item instanceof MappingNode m
            && value(m, "name") instanceof ScalarNode n
            && n.getValue().equals(name)) {
          int start = m.getStartMark().get().getIndex();
          return new int[] {original.lastIndexOf('\n', start) + 1, m.getEndMark().get().getIndex()};
        }
      }
      List<Node> items = seq.getValue();
      Node last = items.get(items.size() - 1);
      return new int[] {last.getStartMark().get().getIndex(), seq.getEndMark().get().getIndex()};
    }
    NodeTuple lastEntry = root.getValue().get(root.getValue().size() - 1);
    return new int[] {lastEntry.getValueNode().getStartMark().get().getIndex(), original.length()};
  }

  /** The differing bytes can be placed inside {@code allowed}. */
  private static void assertConfined(String original, String edited, int[] allowed) {
    int limit = Math.min(original.length(), edited.length());
    int prefix = 0;
    while (prefix < limit && original.charAt(prefix) == edited.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < limit
        && original.charAt(original.length() - 1 - suffix)
            == edited.charAt(edited.length() - 1 - suffix)) {
      suffix++;
    }
    if (prefix == original.length() && prefix == edited.length()) {
      return; // unchanged
    }
    int from = prefix;
    int to = original.length() - suffix;
    String where =
        "changed ["
            + Math.min(from, to)
            + ", "
            + Math.max(from, to)
            + ") allowed ["
            + allowed[0]
            + ", "
            + allowed[1]
            + "]";
    if (from <= to) {
      assertThat(from).as(where).isGreaterThanOrEqualTo(allowed[0]);
      assertThat(to).as(where).isLessThanOrEqualTo(allowed[1]);
    } else {
      // a pure insertion or deletion that could sit anywhere in [to, from]: some place is allowed
      assertThat(to).as(where).isLessThanOrEqualTo(allowed[1]);
      assertThat(from).as(where).isGreaterThanOrEqualTo(allowed[0]);
    }
  }

  private static void assertCommentsKept(
      KustomizeCase c,
      String original,
      String edited,
      Optional<OverlayGenerators.EntrySpec> existing,
      KustomizeImage target) {
    for (String line : original.split("\r?\n")) {
      if (line.strip().startsWith("#")) {
        assertThat(edited).contains(line);
      }
    }
    assertThat(count(edited, "# the base")).isEqualTo(count(original, "# the base"));
    assertThat(count(edited, "# stays in the block")).isEqualTo(1);
    for (String key : List.of("name", "newName", "newTag", "digest")) {
      int before = count(original, "  # " + key);
      int after = count(edited, "  # " + key);
      boolean removed =
          existing.isPresent()
              && existing.get().comment()
              && c.spec().comments()
              && !c.spec().flowImages()
              && existing.get().model().containsKey(key)
              && !has(target, key);
      assertThat(after).as(key + " comments").isEqualTo(removed ? before - 1 : before);
    }
  }

  private static boolean has(KustomizeImage image, String key) {
    return switch (key) {
      case "name" -> true;
      case "newName" -> image.newName().isPresent();
      case "newTag" -> image.newTag().isPresent();
      default -> image.digest().isPresent();
    };
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
