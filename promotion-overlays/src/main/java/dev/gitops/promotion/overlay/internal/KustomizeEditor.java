package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.KustomizeImage;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and edits the {@code images:} list of a kustomization, changing only the bytes of the
 * values that change. Semantics are those of {@code kustomize edit set image} (an argument replaces
 * the whole entry with its name; {@code *} keeps a field), except that entries keep their order and
 * layout and new entries are appended.
 */
public final class KustomizeEditor {
  /** The entry keys in the order people write them. */
  static final List<String> CONVENTIONAL =
      List.of("name", "newName", "newTag", "digest", "tagSuffix");

  /** The entry keys in the order kustomize writes them. */
  static final List<String> ALPHABETICAL =
      List.of("digest", "name", "newName", "newTag", "tagSuffix");

  private KustomizeEditor() {}

  /** One entry of {@code images:} with its node. */
  public record Entry(YamlNode.Mapping node, KustomizeImage image, int index) {}

  /** The parsed {@code images:} list: the root mapping, the list (or null) and its entries. */
  public record Images(YamlNode.Mapping root, int keyIndex, YamlNode list, List<Entry> entries) {

    /** The entries named {@code name}. */
    public List<Entry> named(String name) {
      List<Entry> found = new ArrayList<>();
      for (Entry e : entries) {
        if (e.image().name().equals(name)) {
          found.add(e);
        }
      }
      return found;
    }
  }

  /** Parses the kustomization's {@code images:} list. */
  public static Images images(YamlFile file) {
    YamlNode.Mapping root = Nodes.singleMapping(file, "a kustomization (a mapping)");
    checkImageTags(file, root);
    int keyIndex = root.indexOf("images");
    YamlNode list = keyIndex < 0 ? null : Nodes.get(file, root, "images");
    List<Entry> entries = new ArrayList<>();
    if (list instanceof YamlNode.Sequence seq) {
      for (int i = 0; i < seq.items.size(); i++) {
        entries.add(entry(file, seq.items.get(i), i));
      }
    } else if (list != null && !(list instanceof YamlNode.Scalar s && s.isNull())) {
      throw file.error(
          Reason.NOT_A_MAPPING, list, "'images' is " + Nodes.kind(list) + ", not a list");
    }
    return new Images(root, keyIndex, list, entries);
  }

  private static void checkImageTags(YamlFile file, YamlNode.Mapping root) {
    YamlNode legacy = root.get("imageTags");
    if (legacy instanceof YamlNode.Sequence s && !s.items.isEmpty()) {
      throw file.error(
          Reason.UNSUPPORTED_VALUE,
          legacy,
          "the deprecated 'imageTags' field is set; kustomize merges it into 'images'. Move its"
              + " entries to 'images' first");
    }
  }

  private static Entry entry(YamlFile file, YamlNode item, int index) {
    if (item instanceof YamlNode.Alias a) {
      throw file.error(
          Reason.ALIAS, item, "images entry is the alias *" + a.name + "; write the entry out");
    }
    if (!(item instanceof YamlNode.Mapping m)) {
      throw file.error(
          Reason.NOT_A_MAPPING, item, "images entry is " + Nodes.kind(item) + ", not a mapping");
    }
    if (m.indexOf("<<") >= 0) {
      throw file.error(
          Reason.ALIAS, m, "images entry uses a merge key '<<'; write the entry out in full");
    }
    String name = field(file, m, "name");
    if (name == null || name.isEmpty()) {
      throw file.error(Reason.UNSUPPORTED_VALUE, m, "images entry has no 'name'");
    }
    KustomizeImage image =
        new KustomizeImage(
            name,
            Optional.ofNullable(field(file, m, "newName")),
            Optional.ofNullable(field(file, m, "newTag")),
            Optional.ofNullable(field(file, m, "digest")),
            Optional.ofNullable(field(file, m, "tagSuffix")));
    return new Entry(m, image, index);
  }

  private static String field(YamlFile file, YamlNode.Mapping m, String key) {
    YamlNode v = Nodes.get(file, m, key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof YamlNode.Scalar s)) {
      throw file.error(
          Reason.UNSUPPORTED_VALUE, v, "'" + key + "' is " + Nodes.kind(v) + ", not a string");
    }
    return Nodes.text(s);
  }

  /** The single entry named {@code name}, refusing duplicates. */
  public static Optional<Entry> find(YamlFile file, Images images, String name) {
    List<Entry> found = images.named(name);
    if (found.size() > 1) {
      Entry second = found.get(1);
      throw file.error(
          Reason.DUPLICATE_IMAGE,
          second.node(),
          "two images entries are named '"
              + name
              + "' (the first at "
              + file.location(found.get(0).node())
              + "); kustomize would use only the first. Remove one");
    }
    return found.stream().findFirst();
  }

  /** Applies the edits (the last edit per name wins) and returns the new content. */
  public static EditResult apply(YamlFile file, List<KustomizeImageEdit> edits) {
    Map<String, KustomizeImageEdit> byName = new LinkedHashMap<>();
    for (KustomizeImageEdit e : edits) {
      byName.put(e.name(), e); // the last one wins, in the place of the first
    }
    Images images = images(file);
    TextEdits text = new TextEdits();
    List<EditResult.Change> changes = new ArrayList<>();
    Layout layout = new Layout(file);
    List<String> order = keyOrder(images);
    List<KustomizeImage> added = new ArrayList<>();
    Map<String, YamlNode> addedAt = new HashMap<>();
    for (KustomizeImageEdit edit : byName.values()) {
      Optional<Entry> existing = find(file, images, edit.name());
      KustomizeImage target = edit.applyTo(existing.map(Entry::image));
      if (existing.isPresent()) {
        editEntry(file, layout, text, changes, existing.get(), target, order);
      } else {
        added.add(target);
        addedAt.put(target.name(), images.list() == null ? images.root() : images.list());
      }
    }
    if (!added.isEmpty()) {
      addEntries(file, layout, text, images, added, order);
      for (KustomizeImage a : added) {
        YamlNode at = addedAt.get(a.name());
        for (String key : order) {
          Optional<String> v = get(a, key);
          if (v.isPresent()) {
            changes.add(
                new EditResult.Change(
                    file.location(at), "images[" + a.name() + "]." + key, Optional.empty(), v));
          }
        }
      }
    }
    String content = text.apply(file.text());
    return new EditResult(file.path(), file.text(), content, changes);
  }

  // kustomize itself writes keys alphabetically (digest before name); follow the file
  private static List<String> keyOrder(Images images) {
    for (Entry e : images.entries()) {
      int digest = e.node().indexOf("digest");
      if (digest >= 0 && digest < e.node().indexOf("name")) {
        return ALPHABETICAL;
      }
    }
    return CONVENTIONAL;
  }

  private static Optional<String> get(KustomizeImage image, String key) {
    return switch (key) {
      case "name" -> Optional.of(image.name());
      case "newName" -> image.newName();
      case "newTag" -> image.newTag();
      case "digest" -> image.digest();
      case "tagSuffix" -> image.tagSuffix();
      default -> throw new IllegalArgumentException(key);
    };
  }

  private static void editEntry(
      YamlFile file,
      Layout layout,
      TextEdits text,
      List<EditResult.Change> changes,
      Entry entry,
      KustomizeImage target,
      List<String> order) {
    YamlNode.Mapping m = entry.node();
    Scalars.Quote quote = entryQuote(m);
    List<String> fields = List.of("newName", "newTag", "digest", "tagSuffix");
    // keys that stay: insertion anchors must not be removed
    Map<String, Boolean> stays = new HashMap<>();
    for (String key : CONVENTIONAL) {
      stays.put(key, key.equals("name") || get(target, key).isPresent());
    }
    for (String key : order) {
      if (!fields.contains(key)) {
        continue;
      }
      Optional<String> before = get(entry.image(), key);
      Optional<String> after = get(target, key);
      int i = m.indexOf(key);
      String fieldName = "images[" + target.name() + "]." + key;
      if (after.isPresent()) {
        if (i >= 0) {
          YamlNode.Scalar s = (YamlNode.Scalar) m.values.get(i);
          if (!after.get().equals(Nodes.text(s))) {
            Nodes.checkNotShared(file, s);
            int start = file.valueStart(s);
            String rendered =
                s.isNull() && s.start == s.end
                    ? " " + Scalars.render(after.get(), quote, Scalars.inFlow(s))
                    : Scalars.replacement(file, s, after.get(), quoteWhenNeeded(quote));
            text.replace(start, s.end, rendered);
            changes.add(new EditResult.Change(file.location(s), fieldName, before, after));
          }
        } else {
          Nodes.checkNotShared(file, m);
          insertField(layout, text, m, key, after.get(), quote, order, stays);
          changes.add(new EditResult.Change(file.location(m), fieldName, Optional.empty(), after));
        }
      } else if (i >= 0) {
        Nodes.checkNotShared(file, m);
        layout.removeEntry(text, m, i);
        changes.add(
            new EditResult.Change(
                file.location(m.keys.get(i)), fieldName, before, Optional.empty()));
      }
    }
  }

  private static Scalars.Quote quoteWhenNeeded(Scalars.Quote quote) {
    return quote == Scalars.Quote.SINGLE ? Scalars.Quote.SINGLE : Scalars.Quote.DOUBLE;
  }

  /** The quoting of an entry's values: their shared quote style when all are quoted, else plain. */
  private static Scalars.Quote entryQuote(YamlNode.Mapping m) {
    Scalars.Quote found = null;
    for (YamlNode v : m.values) {
      if (!(v instanceof YamlNode.Scalar s) || s.isNull()) {
        continue;
      }
      Scalars.Quote q = Scalars.Quote.of(s.style);
      if (q == Scalars.Quote.PLAIN) {
        return Scalars.Quote.PLAIN;
      }
      if (found != null && found != q) {
        return Scalars.Quote.PLAIN;
      }
      found = q;
    }
    return found == null ? Scalars.Quote.PLAIN : found;
  }

  private static void insertField(
      Layout layout,
      TextEdits text,
      YamlNode.Mapping m,
      String key,
      String value,
      Scalars.Quote quote,
      List<String> order,
      Map<String, Boolean> stays) {
    String rendered = Scalars.render(value, quote, m.flow || Scalars.inFlow(m));
    int rank = order.indexOf(key);
    int anchor = -1;
    int anchorRank = -1;
    for (int i = 0; i < m.size(); i++) {
      YamlNode.Scalar k = m.keyScalar(i);
      if (k == null || !stays.getOrDefault(k.value, true)) {
        continue;
      }
      int r = order.indexOf(k.value);
      if (r >= 0 && r < rank && r > anchorRank) {
        anchor = i;
        anchorRank = r;
      }
    }
    if (anchor >= 0) {
      layout.insertEntry(text, m, anchor, key, rendered, List.of());
      return;
    }
    // the key goes first, before every key that stays
    int first = -1;
    for (int i = 0; i < m.size(); i++) {
      YamlNode.Scalar k = m.keyScalar(i);
      if (k != null && stays.getOrDefault(k.value, true)) {
        first = i;
        break;
      }
    }
    YamlNode firstKey = m.keys.get(first);
    if (m.flow) {
      text.insert(firstKey.start, key + ": " + rendered + ", ");
    } else if (layout.startsLine(firstKey.start)) {
      int at = firstKey.start - firstKey.column;
      text.insert(
          Math.max(at, 0),
          Layout.spaces(firstKey.column) + key + ": " + rendered + layout.newline());
    } else {
      text.insert(
          firstKey.start,
          key + ": " + rendered + layout.newline() + Layout.spaces(firstKey.column));
    }
  }

  private static void addEntries(
      YamlFile file,
      Layout layout,
      TextEdits text,
      Images images,
      List<KustomizeImage> added,
      List<String> order) {
    YamlNode list = images.list();
    if (list instanceof YamlNode.Sequence seq) {
      Nodes.checkNotShared(file, seq);
      Entry neighbour =
          images.entries().isEmpty() ? null : images.entries().get(images.entries().size() - 1);
      boolean flowItems = seq.flow || (neighbour != null && neighbour.node().flow);
      boolean innerSpace =
          neighbour != null && neighbour.node().flow && layout.hasInnerSpace(neighbour.node());
      for (KustomizeImage image : added) {
        Map<String, String> fields =
            rendered(image, order, neighbour == null ? null : neighbour.node(), flowItems);
        if (seq.items.isEmpty()) {
          // only a flow sequence can be empty: [] becomes [{...}]
          layout.appendItem(text, seq, List.of(), Layout.flowMapping(fields, innerSpace));
        } else if (flowItems && !seq.flow) {
          layout.appendItem(
              text,
              seq,
              List.of(Layout.flowMapping(fields, innerSpace)),
              Layout.flowMapping(fields, innerSpace));
        } else {
          layout.appendItem(
              text,
              seq,
              Layout.blockMappingLines(fields, "", ""),
              Layout.flowMapping(fields, innerSpace));
        }
      }
      return;
    }
    YamlNode.Mapping root = images.root();
    Nodes.checkNotShared(file, root);
    List<String> items = new ArrayList<>();
    if (root.flow) {
      List<String> flows = new ArrayList<>();
      for (KustomizeImage image : added) {
        flows.add(Layout.flowMapping(rendered(image, order, null, true), false));
      }
      String value = "[" + String.join(", ", flows) + "]";
      if (list != null) {
        YamlNode.Scalar nul = (YamlNode.Scalar) list;
        text.replace(nul.start, nul.end, (nul.start == nul.end ? " " : "") + value);
      } else {
        layout.insertEntry(text, root, root.size() - 1, "images", value, List.of());
      }
      return;
    }
    int keyColumn = root.keys.get(0).column;
    Layout.ItemStyle style = new Layout.ItemStyle(keyColumn + layout.sequenceIndent(), 2);
    for (KustomizeImage image : added) {
      List<String> lines =
          Layout.blockMappingLines(
              rendered(image, order, null, false), style.prefix(), style.continuation());
      items.addAll(lines);
    }
    if (list != null) {
      // 'images:' with a null value: drop the null's text, put the items on the following lines
      YamlNode.Scalar nul = (YamlNode.Scalar) list;
      YamlNode key = root.keys.get(images.keyIndex());
      int colon = file.text().indexOf(':', key.contentEnd);
      if (nul.end > nul.start) {
        text.replace(colon + 1, nul.end, "");
      }
      layout.insertLinesAfter(text, nul.end, items);
    } else {
      layout.insertEntry(text, root, root.size() - 1, "images", "", items);
    }
  }

  private static Map<String, String> rendered(
      KustomizeImage image, List<String> order, YamlNode.Mapping neighbour, boolean flow) {
    Scalars.Quote fallback = neighbour == null ? Scalars.Quote.PLAIN : entryQuote(neighbour);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String key : order) {
      Optional<String> v = get(image, key);
      if (v.isEmpty()) {
        continue;
      }
      Scalars.Quote quote = fallback;
      if (neighbour != null
          && neighbour.get(key) instanceof YamlNode.Scalar same
          && !same.isNull()) {
        quote = Scalars.Quote.of(same.style);
      }
      fields.put(key, Scalars.render(v.get(), quote, flow));
    }
    return fields;
  }
}
