package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.KustomizeImage;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.ManifestImage;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Container images in plain Kubernetes manifests (several documents per file): the {@code image:}
 * of every {@code containers}, {@code initContainers} and {@code ephemeralContainers} item of a
 * Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob. An image is selected by
 * repository the way kustomize's images transformer selects it: the exact name, then an optional
 * tag and digest.
 */
public final class ManifestEditor {
  private ManifestEditor() {}

  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "Pod", List.of("spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

  private static final List<String> LISTS =
      List.of("containers", "initContainers", "ephemeralContainers");

  /** An image value with its node. */
  public record Found(YamlNode.Scalar node, ManifestImage image) {}

  /** Every container image of the file, in file order. */
  public static List<Found> images(YamlFile file) {
    List<Found> found = new ArrayList<>();
    for (YamlFile.Document doc : Nodes.nonEmpty(file)) {
      if (!(doc.root instanceof YamlNode.Mapping root)) {
        throw file.error(
            Reason.NOT_A_MAPPING,
            doc.root,
            "the document is " + Nodes.kind(doc.root) + ", not a Kubernetes object (a mapping)");
      }
      String kind = scalarText(root.get("kind"));
      List<String> path = kind == null ? null : POD_SPEC.get(kind);
      if (path == null) {
        continue;
      }
      String workload = "";
      if (root.get("metadata") instanceof YamlNode.Mapping meta) {
        String name = scalarText(meta.get("name"));
        workload = name == null ? "" : name;
      }
      YamlNode spec = root;
      for (String key : path) {
        spec = spec instanceof YamlNode.Mapping m ? Nodes.get(file, m, key) : null;
      }
      if (!(spec instanceof YamlNode.Mapping podSpec)) {
        continue;
      }
      for (String list : LISTS) {
        if (!(Nodes.get(file, podSpec, list) instanceof YamlNode.Sequence seq)) {
          continue;
        }
        for (YamlNode item : seq.items) {
          if (!(item instanceof YamlNode.Mapping container)) {
            continue;
          }
          YamlNode image = Nodes.get(file, container, "image");
          if (!(image instanceof YamlNode.Scalar s) || s.isNull()) {
            continue;
          }
          String containerName = scalarText(container.get("name"));
          found.add(
              new Found(
                  s,
                  new ManifestImage(
                      file.location(s),
                      kind,
                      workload,
                      list,
                      containerName == null ? "" : containerName,
                      s.value)));
        }
      }
    }
    found.sort((a, b) -> Integer.compare(a.node().start, b.node().start));
    return found;
  }

  private static String scalarText(YamlNode node) {
    return node instanceof YamlNode.Scalar s ? Nodes.text(s) : null;
  }

  /** The images of repository {@code name} (kustomize matching). */
  public static List<Found> matching(YamlFile file, String name) {
    KustomizeImage matcher = KustomizeImage.of(name);
    List<Found> found = new ArrayList<>();
    for (Found f : images(file)) {
      if (matcher.matches(f.image().image())) {
        found.add(f);
      }
    }
    return found;
  }

  /**
   * Sets every image of repository {@code name} to {@code rewrite(image)}.
   *
   * @param container only containers of this name, or null for all
   */
  public static EditResult rewrite(
      YamlFile file, String name, String container, UnaryOperator<String> rewrite) {
    TextEdits text = new TextEdits();
    List<EditResult.Change> changes = new ArrayList<>();
    for (Found f : matching(file, name)) {
      if (container != null && !container.equals(f.image().container())) {
        continue;
      }
      String before = f.image().image();
      String after = rewrite.apply(before);
      if (after.equals(before)) {
        continue;
      }
      Nodes.checkNotShared(file, f.node());
      text.replace(
          file.valueStart(f.node()),
          f.node().end,
          Scalars.replacement(file, f.node(), after, Scalars.Quote.DOUBLE));
      changes.add(
          new EditResult.Change(
              f.image().location(),
              f.image().kind()
                  + "/"
                  + f.image().workload()
                  + " "
                  + f.image().list()
                  + "["
                  + f.image().container()
                  + "].image",
              Optional.of(before),
              Optional.of(after)));
    }
    return new EditResult(file.path(), file.text(), text.apply(file.text()), changes);
  }

  /**
   * What {@code kubectl kustomize} renders for {@code image} after {@code kustomize edit set image
   * <edit>}: the edit's entry, with {@code *} taking the image's own parts, run through the images
   * transformer.
   */
  public static String transform(KustomizeImageEdit edit, String image) {
    String[] parts = ImageNames.split(image);
    KustomizeImage current =
        new KustomizeImage(
            edit.name(),
            Optional.of(parts[0]).filter(n -> !n.equals(edit.name())),
            Optional.of(parts[1]),
            Optional.of(parts[2]),
            Optional.empty());
    return edit.applyTo(Optional.of(current)).transform(image);
  }
}
