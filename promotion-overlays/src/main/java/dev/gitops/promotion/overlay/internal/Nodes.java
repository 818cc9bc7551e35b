package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.ArrayList;
import java.util.List;

/** Lookups and safety checks on the node tree shared by the formats. */
public final class Nodes {
  private Nodes() {}

  /** The single document root of a file that must hold one mapping (kustomization, values). */
  public static YamlNode.Mapping singleMapping(YamlFile file, String what) {
    List<YamlFile.Document> docs = nonEmpty(file);
    if (docs.isEmpty()) {
      throw file.error(Reason.NOT_A_MAPPING, "the file is empty; expected " + what);
    }
    if (docs.size() > 1) {
      throw file.error(
          Reason.NOT_A_MAPPING,
          docs.get(1).root,
          "the file has " + docs.size() + " documents; " + what + " has exactly one");
    }
    YamlNode root = docs.get(0).root;
    if (root instanceof YamlNode.Mapping m) {
      return m;
    }
    throw file.error(Reason.NOT_A_MAPPING, root, "the document is " + kind(root) + ", not " + what);
  }

  /** The documents that have content. */
  public static List<YamlFile.Document> nonEmpty(YamlFile file) {
    List<YamlFile.Document> docs = new ArrayList<>();
    for (YamlFile.Document d : file.documents()) {
      if (d.root != null && !(d.root instanceof YamlNode.Scalar s && s.isNull())) {
        docs.add(d);
      }
    }
    return docs;
  }

  /** "a mapping", "a list", "a scalar" or "an alias", for messages. */
  public static String kind(YamlNode node) {
    if (node instanceof YamlNode.Mapping) {
      return "a mapping";
    }
    if (node instanceof YamlNode.Sequence) {
      return "a list";
    }
    if (node instanceof YamlNode.Alias) {
      return "an alias";
    }
    return "a scalar";
  }

  /**
   * The value of {@code key} in {@code m}, refusing values that live elsewhere: an alias, or a key
   * that only comes through a merge key ({@code <<}).
   *
   * @return the value, or null when the key is absent
   */
  public static YamlNode get(YamlFile file, YamlNode.Mapping m, String key) {
    int i = m.indexOf(key);
    if (i < 0) {
      int merge = m.indexOf("<<");
      if (merge >= 0 && mergeHas(m.values.get(merge), key)) {
        throw file.error(
            Reason.ALIAS,
            m.keys.get(merge),
            "'"
                + key
                + "' comes through the merge key '<<' from an anchored mapping; editing it would"
                + " change every mapping that merges it. Set '"
                + key
                + "' here explicitly first");
      }
      return null;
    }
    YamlNode value = m.values.get(i);
    if (value instanceof YamlNode.Alias a) {
      throw file.error(
          Reason.ALIAS,
          value,
          "'"
              + key
              + "' is the alias *"
              + a.name
              + (a.target == null ? "" : " of the value at " + file.location(a.target))
              + "; changing it would change every place that uses the anchor. Replace the alias"
              + " with a value first");
    }
    return value;
  }

  private static boolean mergeHas(YamlNode merge, String key) {
    if (merge instanceof YamlNode.Alias a) {
      return a.target instanceof YamlNode.Mapping m && m.indexOf(key) >= 0;
    }
    if (merge instanceof YamlNode.Mapping m) {
      return m.indexOf(key) >= 0;
    }
    if (merge instanceof YamlNode.Sequence s) {
      for (YamlNode item : s.items) {
        if (mergeHas(item, key)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Refuses to edit {@code node} when it, or a collection holding it, is anchored and reused by an
   * alias: the edit would change the other place too.
   */
  public static void checkNotShared(YamlFile file, YamlNode node) {
    YamlNode shared = YamlFile.aliasedAncestorOrSelf(node);
    if (shared != null) {
      throw file.error(
          Reason.ANCHOR,
          node,
          "the value is inside the anchor &"
              + shared.anchor
              + " (at "
              + file.location(shared)
              + "), which the alias *"
              + shared.anchor
              + " at "
              + file.location(shared.firstAlias)
              + " reuses; editing it would change both places");
    }
  }

  /** The scalar text of a scalar node, or null when it is a YAML null. */
  public static String text(YamlNode.Scalar s) {
    return s.isNull() ? null : s.value;
  }
}
