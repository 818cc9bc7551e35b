package dev.gitops.promotion.overlay;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.internal.ManifestEditor;
import dev.gitops.promotion.overlay.internal.YamlFile;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Container images in plain Kubernetes manifests, byte-preserving: the {@code image:} of {@code
 * containers}, {@code initContainers} and {@code ephemeralContainers} in Pods, Deployments,
 * StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs, in files of one or more documents.
 *
 * <p>{@link #apply(OverlayFile, KustomizeImageEdit...)} takes {@code kustomize edit set image}
 * arguments and leaves each matching {@code image:} as {@code kubectl kustomize} would render it
 * with that {@code images:} entry: {@code nginx=registry.example.com/nginx} keeps tag and digest,
 * {@code nginx@sha256:...} drops the tag, {@code nginx=*:*@sha256:...} keeps the tag and adds the
 * digest. Images are matched by repository as kustomize matches them: the exact name, then an
 * optional tag and digest ({@code nginx} does not match {@code docker.io/library/nginx}).
 */
public final class ManifestImages {
  private ManifestImages() {}

  /**
   * Every container image in the file, in file order.
   *
   * @throws OverlayEditException when the file is malformed or a document is not a mapping
   */
  public static List<ManifestImage> list(OverlayFile file) {
    return ManifestEditor.images(parse(file.path(), file.content())).stream()
        .map(ManifestEditor.Found::image)
        .toList();
  }

  /**
   * Applies the edits in order (a later edit sees the names written by an earlier one, as
   * kustomize's transformers do).
   *
   * @throws OverlayEditException when an image to change cannot be edited safely; nothing changes
   */
  public static EditResult apply(OverlayFile file, KustomizeImageEdit... edits) {
    if (edits.length == 0) {
      throw new InvalidInputException("no image specified");
    }
    String content = file.content();
    List<EditResult.Change> changes = new ArrayList<>();
    for (KustomizeImageEdit edit : edits) {
      EditResult step =
          ManifestEditor.rewrite(
              parse(file.path(), content),
              edit.name(),
              null,
              image -> ManifestEditor.transform(edit, image));
      content = step.content();
      changes.addAll(step.changes());
    }
    return new EditResult(file.path(), file.content(), content, changes);
  }

  /**
   * The image {@code kubectl kustomize} renders for {@code image} after {@code kustomize edit set
   * image} with {@code edit}; {@code image} itself when the edit's name does not match it.
   */
  public static String transform(KustomizeImageEdit edit, String image) {
    return ManifestEditor.transform(edit, image);
  }

  private static YamlFile parse(String path, String content) {
    return YamlFile.parse(path, content, YamlFile.DEFAULT_MAX_CHARS);
  }
}
