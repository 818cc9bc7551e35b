package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.HelmImageKeys;
import dev.gitops.promotion.overlay.HelmImageKeys.Shape;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An image in Helm values: found by a dotted key path, in one of the {@link Shape}s charts use,
 * edited in place (keys that are missing are added next to their siblings, a missing image mapping
 * is added under its deepest existing parent).
 */
public final class HelmEditor {
  private HelmEditor() {}

  /** Where the image is and what it holds now. */
  public record Located(
      Shape shape,
      YamlNode node,
      YamlNode.Mapping parent,
      List<String> missing,
      Map<String, YamlNode.Scalar> fields) {

    /** The current value of a field, or null. */
    String value(String key) {
      YamlNode.Scalar s = fields.get(key);
      return s == null ? null : Nodes.text(s);
    }
  }

  /** The current image, split as the chart would put it together. */
  public record Current(String repository, String tag, String digest) {
    /** {@code repository[:tag][@digest]}, or empty without a repository. */
    public Optional<String> image() {
      if (repository == null || repository.isEmpty()) {
        return Optional.empty();
      }
      StringBuilder sb = new StringBuilder(repository);
      if (tag != null && !tag.isEmpty()) {
        sb.append(':').append(tag);
      }
      if (digest != null && !digest.isEmpty()) {
        sb.append('@').append(digest);
      }
      return Optional.of(sb.toString());
    }
  }

  /**
   * What to write: the full repository (with registry), the tag (empty: keep the current one) and
   * the digest (empty: clear it).
   */
  public record Desired(String repository, Optional<String> tag, Optional<String> digest) {}

  /** Finds the image's node (or where it would go). */
  public static Located locate(YamlFile file, HelmImageKeys keys) {
    List<YamlFile.Document> docs = Nodes.nonEmpty(file);
    if (docs.isEmpty()) {
      return new Located(creationShape(keys), null, null, segments(keys.path()), Map.of());
    }
    YamlNode.Mapping root = Nodes.singleMapping(file, "a Helm values file (a mapping)");
    List<String> segments = segments(keys.path());
    YamlNode node = root;
    int i = 0;
    while (i < segments.size()) {
      if (!(node instanceof YamlNode.Mapping m)) {
        throw file.error(
            Reason.NOT_A_MAPPING,
            node,
            "'"
                + String.join(".", segments.subList(0, i))
                + "' is "
                + Nodes.kind(node)
                + ", so it cannot hold '"
                + keys.path()
                + "'");
      }
      int next = -1;
      for (int j = segments.size(); j > i; j--) {
        if (m.indexOf(String.join(".", segments.subList(i, j))) >= 0) {
          next = j;
          break;
        }
      }
      if (next < 0) {
        if (Nodes.get(file, m, segments.get(i)) != null) {
          throw new IllegalStateException("unreachable");
        }
        return new Located(
            creationShape(keys),
            null,
            m,
            List.copyOf(segments.subList(i, segments.size())),
            Map.of());
      }
      node = Nodes.get(file, m, String.join(".", segments.subList(i, next)));
      i = next;
    }
    if (node instanceof YamlNode.Scalar s) {
      if (s.isNull()) {
        throw file.error(
            Reason.NOT_FOUND,
            s,
            "'" + keys.path() + "' is empty; give it a repository and tag (or an image string)");
      }
      String last = segments.get(segments.size() - 1);
      if (keys.shape() == Shape.AUTO
          && List.of(keys.registryKey(), keys.repositoryKey(), keys.tagKey(), keys.digestKey())
              .contains(last)) {
        throw file.error(
            Reason.NOT_A_MAPPING,
            s,
            "'"
                + keys.path()
                + "' is one field of an image, not a mapping; give the key of the image's"
                + " mapping ('"
                + String.join(".", segments.subList(0, segments.size() - 1))
                + "'), or the shape string for a whole image in one value");
      }
      if (keys.shape() != Shape.AUTO && keys.shape() != Shape.STRING) {
        throw file.error(
            Reason.NOT_A_MAPPING,
            s,
            "'"
                + keys.path()
                + "' is a string, but the shape "
                + keys.shape().option()
                + " needs a mapping");
      }
      return new Located(Shape.STRING, s, null, List.of(), Map.of());
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      throw file.error(
          Reason.NOT_A_MAPPING,
          node,
          "'" + keys.path() + "' is " + Nodes.kind(node) + ", not a mapping");
    }
    if (keys.shape() == Shape.STRING) {
      throw file.error(
          Reason.NOT_A_MAPPING,
          m,
          "'" + keys.path() + "' is a mapping, but the shape string needs a string");
    }
    Map<String, YamlNode.Scalar> fields = new LinkedHashMap<>();
    for (String key :
        List.of(keys.registryKey(), keys.repositoryKey(), keys.tagKey(), keys.digestKey())) {
      YamlNode v = Nodes.get(file, m, key);
      if (v == null) {
        continue;
      }
      if (!(v instanceof YamlNode.Scalar s)) {
        throw file.error(
            Reason.UNSUPPORTED_VALUE,
            v,
            "'" + keys.path() + "." + key + "' is " + Nodes.kind(v) + ", not a string");
      }
      fields.put(key, s);
    }
    Shape shape = keys.shape();
    if (shape == Shape.AUTO) {
      if (fields.containsKey(keys.registryKey())) {
        shape = Shape.BITNAMI;
      } else if (fields.containsKey(keys.digestKey())) {
        shape = Shape.STANDARD;
      } else {
        shape = Shape.TAG_DIGEST;
      }
    }
    return new Located(shape, m, null, List.of(), fields);
  }

  private static Shape creationShape(HelmImageKeys keys) {
    return keys.shape() == Shape.AUTO ? Shape.TAG_DIGEST : keys.shape();
  }

  private static List<String> segments(String path) {
    return Arrays.asList(path.split("\\."));
  }

  /** The image the values set now. */
  public static Current current(Located l, HelmImageKeys keys) {
    if (l.node() == null) {
      return new Current(null, null, null);
    }
    if (l.shape() == Shape.STRING) {
      String[] parts = ImageNames.split(((YamlNode.Scalar) l.node()).value);
      return new Current(parts[0], parts[1], parts[2]);
    }
    String repository = l.value(keys.repositoryKey());
    String registry = l.value(keys.registryKey());
    if (l.shape() == Shape.BITNAMI
        && registry != null
        && !registry.isEmpty()
        && repository != null) {
      repository = registry + "/" + repository;
    }
    String tag = l.value(keys.tagKey());
    String digest = l.value(keys.digestKey());
    if (tag != null && tag.indexOf('@') >= 0 && (digest == null || digest.isEmpty())) {
      digest = tag.substring(tag.indexOf('@') + 1);
      tag = tag.substring(0, tag.indexOf('@'));
    }
    return new Current(repository, tag, digest);
  }

  /** Edits the image to what {@code want} asks for, given the current one. */
  public static EditResult apply(
      YamlFile file, HelmImageKeys keys, Function<Current, Desired> want) {
    Located l = locate(file, keys);
    Current current = current(l, keys);
    Desired d = want.apply(current);
    TextEdits text = new TextEdits();
    List<EditResult.Change> changes = new ArrayList<>();
    Layout layout = new Layout(file);
    if (l.node() == null) {
      create(file, layout, text, changes, l, keys, d);
    } else if (l.shape() == Shape.STRING) {
      YamlNode.Scalar s = (YamlNode.Scalar) l.node();
      String tag = d.tag().orElse(current.tag());
      String image =
          d.repository()
              + (tag == null || tag.isEmpty() ? "" : ":" + tag)
              + d.digest().map(x -> "@" + x).orElse("");
      set(file, text, changes, s, keys.path(), image, Scalars.Quote.DOUBLE);
    } else {
      editMapping(file, layout, text, changes, l, keys, current, d);
    }
    return new EditResult(file.path(), file.text(), text.apply(file.text()), changes);
  }

  private static void editMapping(
      YamlFile file,
      Layout layout,
      TextEdits text,
      List<EditResult.Change> changes,
      Located l,
      HelmImageKeys keys,
      Current current,
      Desired d) {
    YamlNode.Mapping m = (YamlNode.Mapping) l.node();
    YamlNode.Scalar tagNode = l.fields().get(keys.tagKey());
    Scalars.Quote quote = tagNode != null ? Scalars.Quote.of(tagNode.style) : Scalars.Quote.PLAIN;
    Scalars.Quote whenQuoting = quote == Scalars.Quote.SINGLE ? quote : Scalars.Quote.DOUBLE;
    List<String[]> wanted = new ArrayList<>(); // {key, value, insert-after key}
    if (!d.repository().equals(current.repository())) {
      if (l.shape() == Shape.BITNAMI && l.fields().containsKey(keys.registryKey())) {
        String[] split = splitRegistry(d.repository());
        wanted.add(new String[] {keys.registryKey(), split[0], null});
        wanted.add(new String[] {keys.repositoryKey(), split[1], keys.registryKey()});
      } else {
        wanted.add(new String[] {keys.repositoryKey(), d.repository(), null});
      }
    }
    if (l.shape() == Shape.TAG_DIGEST) {
      String tag = d.tag().orElse(current.tag() == null ? "" : current.tag());
      if (d.digest().isPresent() && tag.isEmpty()) {
        tag = "latest";
      }
      String value = tag + d.digest().map(x -> "@" + x).orElse("");
      String now = l.value(keys.tagKey());
      if (!value.equals(now == null ? "" : now) && !(now == null && value.isEmpty())) {
        wanted.add(new String[] {keys.tagKey(), value, keys.repositoryKey()});
      }
    } else {
      d.tag().ifPresent(t -> wanted.add(new String[] {keys.tagKey(), t, keys.repositoryKey()}));
      if (d.digest().isPresent()) {
        wanted.add(
            new String[] {
              keys.digestKey(),
              d.digest().get(),
              l.fields().containsKey(keys.tagKey()) || d.tag().isPresent()
                  ? keys.tagKey()
                  : keys.repositoryKey()
            });
      } else if (l.fields().containsKey(keys.digestKey())) {
        String now = l.value(keys.digestKey());
        if (now != null && !now.isEmpty()) {
          wanted.add(new String[] {keys.digestKey(), "", null});
        }
      }
    }
    for (String[] w : wanted) {
      YamlNode.Scalar node = l.fields().get(w[0]);
      String field = keys.path() + "." + w[0];
      if (node != null) {
        set(file, text, changes, node, field, w[1], whenQuoting);
        continue;
      }
      Nodes.checkNotShared(file, m);
      int after = w[2] == null ? -1 : m.indexOf(w[2]);
      if (after < 0) {
        after = m.size() - 1;
      }
      String rendered = Scalars.render(w[1], quote, m.flow || Scalars.inFlow(m));
      layout.insertEntry(text, m, after, w[0], rendered, List.of());
      changes.add(
          new EditResult.Change(file.location(m), field, Optional.empty(), Optional.of(w[1])));
    }
  }

  private static void set(
      YamlFile file,
      TextEdits text,
      List<EditResult.Change> changes,
      YamlNode.Scalar node,
      String field,
      String value,
      Scalars.Quote whenQuoting) {
    String now = Nodes.text(node);
    if (value.equals(now)) {
      return;
    }
    Nodes.checkNotShared(file, node);
    if (node.isNull() && node.start == node.end) {
      Scalars.Quote quote =
          whenQuoting == Scalars.Quote.SINGLE ? Scalars.Quote.SINGLE : Scalars.Quote.PLAIN;
      text.insert(node.start, " " + Scalars.render(value, quote, Scalars.inFlow(node)));
    } else {
      text.replace(
          file.valueStart(node), node.end, Scalars.replacement(file, node, value, whenQuoting));
    }
    changes.add(
        new EditResult.Change(
            file.location(node), field, Optional.ofNullable(now), Optional.of(value)));
  }

  private static void create(
      YamlFile file,
      Layout layout,
      TextEdits text,
      List<EditResult.Change> changes,
      Located l,
      HelmImageKeys keys,
      Desired d) {
    int step = layout.mappingIndent();
    YamlNode.Mapping parent = l.parent();
    if (parent != null && parent.flow) {
      throw file.error(
          Reason.UNSUPPORTED_VALUE,
          parent,
          "cannot add '" + keys.path() + "' to a flow mapping; add the keys by hand");
    }
    if (parent != null) {
      Nodes.checkNotShared(file, parent);
    }
    int column = parent == null ? 0 : parent.keys.get(0).column;
    List<String> missing = l.missing();
    List<String> lines = new ArrayList<>();
    Map<String, String> fields = new LinkedHashMap<>();
    if (l.shape() == Shape.STRING) {
      String image =
          d.repository()
              + d.tag().map(t -> ":" + t).orElse("")
              + d.digest().map(x -> "@" + x).orElse("");
      for (int i = 0; i < missing.size() - 1; i++) {
        lines.add(Layout.spaces(column + i * step) + missing.get(i) + ":");
      }
      lines.add(
          Layout.spaces(column + (missing.size() - 1) * step)
              + missing.get(missing.size() - 1)
              + ": "
              + Scalars.render(image, Scalars.Quote.PLAIN, false));
      fields.put(keys.path(), image);
    } else {
      for (int i = 0; i < missing.size(); i++) {
        lines.add(Layout.spaces(column + i * step) + missing.get(i) + ":");
      }
      String indent = Layout.spaces(column + missing.size() * step);
      if (l.shape() == Shape.BITNAMI) {
        String[] split = splitRegistry(d.repository());
        fields.put(keys.registryKey(), split[0]);
        fields.put(keys.repositoryKey(), split[1]);
      } else {
        fields.put(keys.repositoryKey(), d.repository());
      }
      if (l.shape() == Shape.TAG_DIGEST) {
        String tag = d.tag().orElse(d.digest().isPresent() ? "latest" : "");
        if (!tag.isEmpty() || d.digest().isPresent()) {
          fields.put(keys.tagKey(), tag + d.digest().map(x -> "@" + x).orElse(""));
        }
      } else {
        d.tag().ifPresent(t -> fields.put(keys.tagKey(), t));
        d.digest().ifPresent(x -> fields.put(keys.digestKey(), x));
      }
      for (Map.Entry<String, String> e : fields.entrySet()) {
        lines.add(
            indent + e.getKey() + ": " + Scalars.render(e.getValue(), Scalars.Quote.PLAIN, false));
      }
    }
    if (parent != null) {
      layout.insertLinesAfter(text, parent.values.get(parent.size() - 1).contentEnd, lines);
    } else {
      String source = file.text();
      String nl = layout.newline();
      StringBuilder sb = new StringBuilder();
      boolean needsBreak = !source.isEmpty() && !source.endsWith("\n");
      if (needsBreak) {
        sb.append(nl);
      }
      sb.append(String.join(nl, lines)).append(nl);
      text.insert(source.length(), sb.toString());
    }
    String location = parent == null ? file.path() : file.location(parent);
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String field = e.getKey().equals(keys.path()) ? keys.path() : keys.path() + "." + e.getKey();
      changes.add(
          new EditResult.Change(location, field, Optional.empty(), Optional.of(e.getValue())));
    }
  }

  /** {registry, repository} of a full repository name; Docker Hub when it names no registry. */
  static String[] splitRegistry(String repository) {
    int slash = repository.indexOf('/');
    if (slash > 0) {
      String first = repository.substring(0, slash);
      if (first.indexOf('.') >= 0 || first.indexOf(':') >= 0 || first.equals("localhost")) {
        return new String[] {first, repository.substring(slash + 1)};
      }
    }
    return new String[] {"docker.io", repository};
  }
}
