package dev.gitops.promotion.overlay;

import dev.gitops.promotion.overlay.internal.KustomizeEditor;
import dev.gitops.promotion.overlay.internal.YamlFile;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code kustomize edit set image}, byte-preserving: reads a kustomization's {@code images:} list
 * and applies {@link KustomizeImageEdit}s to it, changing only the bytes of the values that change.
 *
 * <p>Where kustomize rewrites the whole file (sorting {@code images}, dropping comments, changing
 * quotes), this keeps every other byte: entries stay in their order, a new entry is appended in the
 * style of the entry before it, a missing {@code images:} list is added at the end in the file's
 * sequence indentation, and new keys go next to their siblings. What {@code kubectl kustomize}
 * renders from the result is what it renders after {@code kustomize edit set image} with the same
 * arguments.
 *
 * <pre>{@code
 * OverlayFile file = new OverlayFile("apps/api/overlays/dev/kustomization.yaml", content);
 * EditResult result = KustomizeImages.apply(file,
 *     KustomizeImageEdit.parse("ghcr.io/myorg/api@sha256:9f86d081..."));
 * if (result.changed()) {
 *   write(result.content());
 * }
 * }</pre>
 *
 * <p>Refused with {@link OverlayEditException} (and nothing to write): malformed YAML, duplicate
 * keys, a document that is not one mapping, two entries with the edited name, values that are
 * aliases or inside an anchor that an alias reuses, files over 8 MiB.
 */
public final class KustomizeImages {
  private KustomizeImages() {}

  /**
   * The entries of the kustomization's {@code images:} list, in file order.
   *
   * @throws OverlayEditException when the file is not a readable kustomization
   */
  public static List<KustomizeImage> read(OverlayFile file) {
    YamlFile yaml = parse(file);
    return KustomizeEditor.images(yaml).entries().stream()
        .map(KustomizeEditor.Entry::image)
        .toList();
  }

  /**
   * The entry named {@code name}, or empty when there is none.
   *
   * @throws OverlayEditException when two entries have that name, or the file is not readable
   */
  public static Optional<KustomizeImage> find(OverlayFile file, String name) {
    YamlFile yaml = parse(file);
    return KustomizeEditor.find(yaml, KustomizeEditor.images(yaml), name)
        .map(KustomizeEditor.Entry::image);
  }

  /**
   * Applies {@code edits} as one {@code kustomize edit set image} call would.
   *
   * @throws OverlayEditException when the edit cannot be done safely; nothing changes then
   */
  public static EditResult apply(OverlayFile file, KustomizeImageEdit... edits) {
    return apply(file, List.of(edits));
  }

  /**
   * Applies {@code edits} as one {@code kustomize edit set image} call would: the last edit for a
   * name wins.
   *
   * @throws OverlayEditException when the edit cannot be done safely; nothing changes then
   */
  public static EditResult apply(OverlayFile file, List<KustomizeImageEdit> edits) {
    Objects.requireNonNull(edits, "edits");
    if (edits.isEmpty()) {
      throw new dev.gitops.promotion.InvalidInputException("no image specified");
    }
    return KustomizeEditor.apply(parse(file), edits);
  }

  private static YamlFile parse(OverlayFile file) {
    return YamlFile.parse(file.path(), file.content(), YamlFile.DEFAULT_MAX_CHARS);
  }
}
