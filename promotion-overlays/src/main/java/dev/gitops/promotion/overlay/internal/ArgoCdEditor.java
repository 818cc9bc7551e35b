package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.OverlayEditException;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Argo CD Image Updater's git write-back file {@code .argocd-source-<app>.yaml}: {@code
 * kustomize.images} (a list of {@code set image} strings) or {@code helm.parameters} (a list of
 * {@code {name, value, forcestring}}). Entries are replaced in place; new kustomize images are
 * appended, new Helm parameters go in name order, as Image Updater keeps them.
 */
public final class ArgoCdEditor {
  private ArgoCdEditor() {}

  /** Option: {@code kustomize} or {@code helm}; by default the section the file has. */
  public static final String MODE = "mode";

  /** Option: the Helm parameter holding the image name (default {@code image.name}). */
  public static final String HELM_IMAGE_NAME = "helmImageName";

  /** Option: the Helm parameter holding the tag (default {@code image.tag}). */
  public static final String HELM_IMAGE_TAG = "helmImageTag";

  /** Option: a Helm parameter holding the whole image; replaces name and tag when set. */
  public static final String HELM_IMAGE_SPEC = "helmImageSpec";

  /** Which section an edit works on. */
  static String mode(YamlFile file, Map<String, String> options) {
    String mode = options.get(MODE);
    if (mode != null) {
      if (!mode.equals("kustomize") && !mode.equals("helm")) {
        throw new InvalidInputException(
            "unknown Argo CD Image Updater mode '" + mode + "'; use kustomize or helm");
      }
      return mode;
    }
    if (Nodes.nonEmpty(file).isEmpty()) {
      return options.containsKey(HELM_IMAGE_SPEC) || options.containsKey(HELM_IMAGE_NAME)
          ? "helm"
          : "kustomize";
    }
    YamlNode.Mapping root = Nodes.singleMapping(file, "an Argo CD source override (a mapping)");
    if (root.indexOf("helm") >= 0 && root.indexOf("kustomize") < 0) {
      return "helm";
    }
    return "kustomize";
  }

  private static YamlNode.Mapping rootOrNull(YamlFile file) {
    return Nodes.nonEmpty(file).isEmpty()
        ? null
        : Nodes.singleMapping(file, "an Argo CD source override (a mapping)");
  }

  private static YamlNode child(YamlFile file, YamlNode parent, String key) {
    if (parent == null) {
      return null;
    }
    if (!(parent instanceof YamlNode.Mapping m)) {
      throw file.error(Reason.NOT_A_MAPPING, parent, "expected a mapping holding '" + key + "'");
    }
    return Nodes.get(file, m, key);
  }

  private static YamlNode.Sequence list(YamlFile file, YamlNode node, String what) {
    if (node == null || node instanceof YamlNode.Scalar s && s.isNull()) {
      return null;
    }
    if (node instanceof YamlNode.Sequence seq) {
      return seq;
    }
    throw file.error(
        Reason.NOT_A_MAPPING, node, "'" + what + "' is " + Nodes.kind(node) + ", not a list");
  }

  // ---- kustomize section

  private record KustomizeItem(YamlNode.Scalar node, KustomizeImageEdit edit, boolean aliased) {}

  private static List<KustomizeItem> kustomizeItems(YamlFile file, YamlNode.Sequence seq) {
    List<KustomizeItem> items = new ArrayList<>();
    if (seq == null) {
      return items;
    }
    for (YamlNode item : seq.items) {
      if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
        throw file.error(
            Reason.UNSUPPORTED_VALUE,
            item,
            "kustomize.images entry is " + Nodes.kind(item) + ", not a string");
      }
      try {
        items.add(
            new KustomizeItem(s, KustomizeImageEdit.parse(s.value), s.value.indexOf('=') >= 0));
      } catch (InvalidInputException e) {
        throw new OverlayEditException(
            Reason.UNSUPPORTED_VALUE, file.path(), s.line + 1, s.column + 1, e.getMessage(), e);
      }
    }
    return items;
  }

  private static KustomizeItem findKustomize(List<KustomizeItem> items, String name) {
    for (KustomizeItem item : items) {
      if (item.edit().name().equals(name)) {
        return item;
      }
    }
    for (KustomizeItem item : items) {
      ImageReference itemName = parseOrNull(item.edit().name());
      if (!item.aliased() && itemName != null && KustomizeFormat.sameRepository(name, itemName)) {
        return item;
      }
    }
    return null;
  }

  private static ImageReference parseOrNull(String name) {
    return ImageReference.tryParse(name).orElse(null);
  }

  /** The image the file sets for {@code name}. */
  public static Optional<String> read(YamlFile file, String name, Map<String, String> options) {
    YamlNode.Mapping root = rootOrNull(file);
    if (mode(file, options).equals("helm")) {
      return readHelm(file, root, options);
    }
    YamlNode.Sequence seq =
        list(file, child(file, child(file, root, "kustomize"), "images"), "kustomize.images");
    KustomizeItem item = findKustomize(kustomizeItems(file, seq), name);
    if (item == null) {
      return Optional.empty();
    }
    KustomizeImageEdit e = item.edit();
    StringBuilder sb = new StringBuilder(e.newName().value().orElse(e.name()));
    e.newTag().value().ifPresent(t -> sb.append(':').append(t));
    e.digest().value().ifPresent(d -> sb.append('@').append(d));
    return Optional.of(sb.toString());
  }

  /** Sets the image for {@code name}. */
  public static EditResult write(
      YamlFile file, String name, ImageReference image, Map<String, String> options) {
    YamlNode.Mapping root = rootOrNull(file);
    if (mode(file, options).equals("helm")) {
      return writeHelm(file, root, image, options);
    }
    TextEdits text = new TextEdits();
    List<EditResult.Change> changes = new ArrayList<>();
    Layout layout = new Layout(file);
    YamlNode kustomize = child(file, root, "kustomize");
    YamlNode imagesNode = child(file, kustomize, "images");
    YamlNode.Sequence seq = list(file, imagesNode, "kustomize.images");
    KustomizeItem item = findKustomize(kustomizeItems(file, seq), name);
    String value;
    if (item != null) {
      String itemName = item.edit().name();
      value =
          item.aliased()
              ? itemName + "=" + image
              : KustomizeFormat.sameRepository(itemName, image)
                  ? itemName + ManifestFormat.version(image)
                  : itemName + "=" + image;
      if (!value.equals(item.node().value)) {
        Nodes.checkNotShared(file, item.node());
        text.replace(
            file.valueStart(item.node()),
            item.node().end,
            Scalars.replacement(file, item.node(), value, Scalars.Quote.DOUBLE));
        changes.add(
            new EditResult.Change(
                file.location(item.node()),
                "kustomize.images[" + itemName + "]",
                Optional.of(item.node().value),
                Optional.of(value)));
      }
    } else {
      value =
          KustomizeFormat.sameRepository(name, image)
              ? name + ManifestFormat.version(image)
              : name + "=" + image;
      String rendered = Scalars.render(value, Scalars.Quote.PLAIN, seq != null && seq.flow);
      if (seq != null) {
        Nodes.checkNotShared(file, seq);
        layout.appendItem(text, seq, List.of(rendered), rendered);
      } else {
        addNested(
            file, layout, text, root, List.of("kustomize", "images"), List.of(List.of(rendered)));
      }
      changes.add(
          new EditResult.Change(
              seq != null ? file.location(seq) : file.path(),
              "kustomize.images[" + name + "]",
              Optional.empty(),
              Optional.of(value)));
    }
    return new EditResult(file.path(), file.text(), text.apply(file.text()), changes);
  }

  // ---- helm section

  private static Map<String, YamlNode.Mapping> helmParameters(
      YamlFile file, YamlNode.Sequence seq) {
    Map<String, YamlNode.Mapping> params = new LinkedHashMap<>();
    if (seq == null) {
      return params;
    }
    for (YamlNode item : seq.items) {
      if (!(item instanceof YamlNode.Mapping m)) {
        throw file.error(
            Reason.UNSUPPORTED_VALUE,
            item,
            "helm.parameters entry is " + Nodes.kind(item) + ", not a mapping");
      }
      YamlNode n = Nodes.get(file, m, "name");
      if (!(n instanceof YamlNode.Scalar s) || s.isNull()) {
        throw file.error(Reason.UNSUPPORTED_VALUE, item, "helm.parameters entry has no name");
      }
      if (params.putIfAbsent(s.value, m) != null) {
        throw file.error(
            Reason.DUPLICATE_IMAGE,
            item,
            "two helm.parameters entries are named '" + s.value + "'; remove one");
      }
    }
    return params;
  }

  private static String paramValue(YamlFile file, YamlNode.Mapping param) {
    if (param == null) {
      return null;
    }
    YamlNode v = Nodes.get(file, param, "value");
    if (v == null) {
      return null;
    }
    if (!(v instanceof YamlNode.Scalar s)) {
      throw file.error(
          Reason.UNSUPPORTED_VALUE, v, "parameter value is " + Nodes.kind(v) + ", not a string");
    }
    return Nodes.text(s);
  }

  private static Optional<String> readHelm(
      YamlFile file, YamlNode.Mapping root, Map<String, String> options) {
    YamlNode.Sequence seq =
        list(file, child(file, child(file, root, "helm"), "parameters"), "helm.parameters");
    Map<String, YamlNode.Mapping> params = helmParameters(file, seq);
    String spec = options.get(HELM_IMAGE_SPEC);
    if (spec != null) {
      return Optional.ofNullable(paramValue(file, params.get(spec))).filter(v -> !v.isEmpty());
    }
    String name = paramValue(file, params.get(options.getOrDefault(HELM_IMAGE_NAME, "image.name")));
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    String tag = paramValue(file, params.get(options.getOrDefault(HELM_IMAGE_TAG, "image.tag")));
    if (tag == null || tag.isEmpty()) {
      return Optional.of(name);
    }
    return Optional.of(name + (tag.startsWith("@") ? "" : ":") + tag);
  }

  private static EditResult writeHelm(
      YamlFile file, YamlNode.Mapping root, ImageReference image, Map<String, String> options) {
    TextEdits text = new TextEdits();
    List<EditResult.Change> changes = new ArrayList<>();
    Layout layout = new Layout(file);
    YamlNode helm = child(file, root, "helm");
    YamlNode.Sequence seq = list(file, child(file, helm, "parameters"), "helm.parameters");
    Map<String, YamlNode.Mapping> params = helmParameters(file, seq);
    Map<String, String> wanted = new LinkedHashMap<>();
    String spec = options.get(HELM_IMAGE_SPEC);
    if (spec != null) {
      wanted.put(spec, image.toString());
    } else {
      wanted.put(options.getOrDefault(HELM_IMAGE_NAME, "image.name"), image.name());
      String tag = image.tag().orElse("latest");
      wanted.put(
          options.getOrDefault(HELM_IMAGE_TAG, "image.tag"),
          tag + image.digest().map(d -> "@" + d).orElse(""));
    }
    List<List<String>> newItems = new ArrayList<>();
    for (Map.Entry<String, String> w : wanted.entrySet()) {
      YamlNode.Mapping param = params.get(w.getKey());
      String field = "helm.parameters[" + w.getKey() + "]";
      if (param != null) {
        YamlNode v = Nodes.get(file, param, "value");
        if (v instanceof YamlNode.Scalar s) {
          if (!w.getValue().equals(Nodes.text(s))) {
            Nodes.checkNotShared(file, s);
            if (s.isNull() && s.start == s.end) {
              text.insert(
                  s.start,
                  " " + Scalars.render(w.getValue(), Scalars.Quote.PLAIN, Scalars.inFlow(s)));
            } else {
              text.replace(
                  file.valueStart(s),
                  s.end,
                  Scalars.replacement(file, s, w.getValue(), Scalars.Quote.DOUBLE));
            }
            changes.add(
                new EditResult.Change(
                    file.location(s),
                    field,
                    Optional.ofNullable(Nodes.text(s)),
                    Optional.of(w.getValue())));
          }
        } else {
          Nodes.checkNotShared(file, param);
          layout.insertEntry(
              text,
              param,
              param.indexOf("name"),
              "value",
              Scalars.render(w.getValue(), Scalars.Quote.PLAIN, param.flow),
              List.of());
          changes.add(
              new EditResult.Change(
                  file.location(param), field, Optional.empty(), Optional.of(w.getValue())));
        }
        continue;
      }
      List<String> lines =
          List.of(
              "name: " + Scalars.render(w.getKey(), Scalars.Quote.PLAIN, false),
              "value: " + Scalars.render(w.getValue(), Scalars.Quote.PLAIN, false),
              "forcestring: true");
      String flow =
          "{name: "
              + Scalars.render(w.getKey(), Scalars.Quote.PLAIN, true)
              + ", value: "
              + Scalars.render(w.getValue(), Scalars.Quote.PLAIN, true)
              + ", forcestring: true}";
      if (seq != null && !seq.items.isEmpty()) {
        Nodes.checkNotShared(file, seq);
        int before = -1;
        int i = 0;
        for (String existing : params.keySet()) {
          if (existing.compareTo(w.getKey()) > 0) {
            before = i;
            break;
          }
          i++;
        }
        if (before >= 0) {
          layout.insertItemBefore(text, seq, before, lines, flow);
        } else {
          layout.appendItem(text, seq, lines, flow);
        }
      } else if (seq != null) {
        layout.appendItem(text, seq, lines, flow);
      } else {
        newItems.add(lines);
      }
      changes.add(
          new EditResult.Change(
              seq != null ? file.location(seq) : file.path(),
              field,
              Optional.empty(),
              Optional.of(w.getValue())));
    }
    if (!newItems.isEmpty()) {
      addNested(file, layout, text, root, List.of("helm", "parameters"), newItems);
    }
    return new EditResult(file.path(), file.text(), text.apply(file.text()), changes);
  }

  /**
   * Adds the mappings along {@code path} that are missing (the last one holding a new block list of
   * {@code items}) under the deepest existing one, or at the end of the file.
   */
  private static void addNested(
      YamlFile file,
      Layout layout,
      TextEdits text,
      YamlNode.Mapping root,
      List<String> path,
      List<List<String>> items) {
    YamlNode.Mapping parent = root;
    int depth = 0;
    while (parent != null && depth < path.size()) {
      YamlNode next = Nodes.get(file, parent, path.get(depth));
      if (next == null) {
        break;
      }
      if (next instanceof YamlNode.Scalar s && s.isNull()) {
        throw file.error(
            Reason.UNSUPPORTED_VALUE,
            s,
            "'" + path.get(depth) + "' is empty; remove it or fill it in");
      }
      if (!(next instanceof YamlNode.Mapping m)) {
        throw file.error(
            Reason.NOT_A_MAPPING,
            next,
            "'" + path.get(depth) + "' is " + Nodes.kind(next) + ", not a mapping");
      }
      parent = m;
      depth++;
    }
    if (parent != null && parent.flow) {
      throw file.error(
          Reason.UNSUPPORTED_VALUE, parent, "cannot add to a flow mapping; add the keys by hand");
    }
    if (parent != null) {
      Nodes.checkNotShared(file, parent);
    }
    int step = parent == null && Nodes.nonEmpty(file).isEmpty() ? 2 : layout.mappingIndent();
    int column = parent == null ? 0 : parent.keys.get(0).column;
    List<String> lines = new ArrayList<>();
    int col = column;
    for (int i = depth; i < path.size(); i++) {
      lines.add(Layout.spaces(col) + path.get(i) + ":");
      if (i < path.size() - 1) {
        col += step;
      }
    }
    Layout.ItemStyle style = new Layout.ItemStyle(col + layout.sequenceIndent(), 2);
    for (List<String> item : items) {
      for (int i = 0; i < item.size(); i++) {
        lines.add((i == 0 ? style.prefix() : style.continuation()) + item.get(i));
      }
    }
    if (parent != null) {
      layout.insertLinesAfter(text, parent.values.get(parent.size() - 1).contentEnd, lines);
    } else {
      String source = file.text();
      String nl = layout.newline();
      StringBuilder sb = new StringBuilder();
      if (!source.isEmpty() && !source.endsWith("\n")) {
        sb.append(nl);
      }
      sb.append(String.join(nl, lines)).append(nl);
      text.insert(source.length(), sb.toString());
    }
  }
}
