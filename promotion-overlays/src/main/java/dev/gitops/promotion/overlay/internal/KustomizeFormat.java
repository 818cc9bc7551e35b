package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.KustomizeImage;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.KustomizeImageEdit.Field;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kustomize} format: the {@code images:} entry whose {@code name} is the selector's
 * image name. Writing an image is {@code kustomize edit set image} with the image: {@code newTag}
 * and {@code digest} become the image's (absent ones are removed), and {@code newName} is kept when
 * it already names the image's repository.
 */
public final class KustomizeFormat implements OverlayFormat {
  private final int maxChars;

  /** A format refusing files over {@code maxChars}. */
  public KustomizeFormat(int maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public String id() {
    return "kustomize";
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    KustomizeEditor.Images images = KustomizeEditor.images(yaml);
    return KustomizeEditor.find(yaml, images, selector.imageName()).map(e -> reference(yaml, e));
  }

  /** The image an entry pins, as a reference; a tag suffix leaves the tag unknown. */
  static ImageReference reference(YamlFile yaml, KustomizeEditor.Entry e) {
    KustomizeImage image = e.image();
    if (image.tagSuffix().isPresent()) {
      image =
          new KustomizeImage(
              image.name(), image.newName(), Optional.empty(), image.digest(), Optional.empty());
    }
    try {
      return ImageReference.parse(image.image());
    } catch (InvalidInputException ex) {
      for (String key : List.of("name", "newName", "newTag", "digest")) {
        YamlNode v = Nodes.get(yaml, e.node(), key);
        if (v instanceof YamlNode.Scalar sc
            && (sc.style == org.snakeyaml.engine.v2.common.ScalarStyle.LITERAL
                || sc.style == org.snakeyaml.engine.v2.common.ScalarStyle.FOLDED)) {
          throw new dev.gitops.promotion.overlay.OverlayEditException(
              Reason.UNSUPPORTED_VALUE,
              yaml.path(),
              v.line + 1,
              v.column + 1,
              "images entry '"
                  + e.image().name()
                  + "': '"
                  + key
                  + "' is a block scalar ('|' or '>'), which keeps a line break in the value;"
                  + " write it as a plain value on one line, like "
                  + key
                  + ": <value>",
              ex);
        }
      }
      throw new dev.gitops.promotion.overlay.OverlayEditException(
          Reason.UNSUPPORTED_VALUE,
          yaml.path(),
          e.node().line + 1,
          e.node().column + 1,
          "images entry '" + e.image().name() + "' does not give a valid image: " + ex.getMessage(),
          ex);
    }
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    KustomizeEditor.Images images = KustomizeEditor.images(yaml);
    Optional<KustomizeEditor.Entry> existing =
        KustomizeEditor.find(yaml, images, selector.imageName());
    Repositories.checkSame(
        yaml,
        selector.imageName(),
        existing.map(e -> e.image().newName().orElse(e.image().name())).orElse(null),
        image);
    KustomizeImageEdit edit =
        edit(selector.imageName(), existing.map(KustomizeEditor.Entry::image), image);
    return KustomizeEditor.apply(yaml, List.of(edit)).content();
  }

  /** The {@code set image} argument that makes an entry named {@code name} pin {@code image}. */
  public static KustomizeImageEdit edit(
      String name, Optional<KustomizeImage> existing, ImageReference image) {
    Field newName;
    String current = existing.map(e -> e.newName().orElse(e.name())).orElse(name);
    if (existing.isPresent() && sameRepository(current, image)) {
      newName = Field.keep();
    } else if (sameRepository(name, image)) {
      newName = Field.remove();
    } else {
      newName = Field.set(image.name());
    }
    return KustomizeImageEdit.of(
        name,
        newName,
        image.tag().map(Field::set).orElse(Field.remove()),
        image.digest().map(d -> Field.set(d.toString())).orElse(Field.remove()));
  }

  static boolean sameRepository(String name, ImageReference image) {
    if (name.equals(image.name())) {
      return true;
    }
    return ImageReference.tryParse(name)
        .filter(r -> r.tag().isEmpty() && r.digest().isEmpty())
        .map(r -> r.sameRepository(image))
        .orElse(false);
  }
}
