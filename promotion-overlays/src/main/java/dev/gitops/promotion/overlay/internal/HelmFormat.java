package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.HelmImageKeys;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.OverlayEditException;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.Optional;

/**
 * The {@code helm} format: an image in a values file, located by {@link HelmImageKeys} taken from
 * the selector's options. Writing keeps the repository when it already names the image's
 * repository, sets the tag when the image has one (a digest-only image leaves the tag as it is),
 * and sets or clears the digest.
 */
public final class HelmFormat implements OverlayFormat {
  private final int maxChars;

  /** A format refusing files over {@code maxChars}. */
  public HelmFormat(int maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public String id() {
    return "helm";
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    return read(yaml, HelmImageKeys.fromOptions(selector.options()));
  }

  /** The image the values set, or empty when they set none. */
  public static Optional<ImageReference> read(YamlFile yaml, HelmImageKeys keys) {
    HelmEditor.Located located = HelmEditor.locate(yaml, keys);
    Optional<String> image = HelmEditor.current(located, keys).image();
    if (image.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ImageReference.parse(image.get()));
    } catch (InvalidInputException e) {
      YamlNode at = located.node();
      throw new OverlayEditException(
          Reason.UNSUPPORTED_VALUE,
          yaml.path(),
          at.line + 1,
          at.column + 1,
          "'" + keys.path() + "' does not give a valid image: " + e.getMessage(),
          e);
    }
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    HelmImageKeys keys = HelmImageKeys.fromOptions(selector.options());
    Repositories.checkSame(
        yaml,
        selector.imageName(),
        HelmEditor.current(HelmEditor.locate(yaml, keys), keys).repository(),
        image);
    return set(yaml, keys, image).content();
  }

  /** Sets the image (SPI semantics). */
  public static EditResult set(YamlFile yaml, HelmImageKeys keys, ImageReference image) {
    return HelmEditor.apply(
        yaml,
        keys,
        current ->
            new HelmEditor.Desired(
                current.repository() != null
                        && KustomizeFormat.sameRepository(current.repository(), image)
                    ? current.repository()
                    : image.name(),
                image.tag(),
                image.digest().map(Object::toString)));
  }

  /**
   * Applies a {@code set image} argument: the repository becomes the new name ({@code *} keeps it;
   * the {@code name=...} forms require the current repository to be {@code name}); a tag is set
   * when given; a digest is set when given, kept with {@code *}, cleared otherwise.
   */
  public static EditResult apply(YamlFile yaml, HelmImageKeys keys, KustomizeImageEdit edit) {
    return HelmEditor.apply(
        yaml,
        keys,
        current -> {
          KustomizeImageEdit.Field newName = edit.newName();
          if (newName.action() != KustomizeImageEdit.Field.Action.REMOVE
              && current.repository() != null
              && !sameRepository(edit.name(), current.repository())) {
            throw new InvalidInputException(
                "'"
                    + keys.path()
                    + "' in "
                    + yaml.path()
                    + " has the repository '"
                    + current.repository()
                    + "', not '"
                    + edit.name()
                    + "' as the argument '"
                    + edit
                    + "' says");
          }
          String repository =
              switch (newName.action()) {
                case SET -> newName.value().get();
                case REMOVE -> edit.name();
                case KEEP -> {
                  if (current.repository() == null) {
                    throw new InvalidInputException(
                        "'" + keys.path() + "' in " + yaml.path() + " has no repository to keep");
                  }
                  yield current.repository();
                }
              };
          Optional<String> tag = edit.newTag().value();
          Optional<String> digest =
              edit.digest()
                  .resolve(Optional.ofNullable(current.digest()).filter(d -> !d.isEmpty()));
          return new HelmEditor.Desired(repository, tag, digest);
        });
  }

  private static boolean sameRepository(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    return ImageReference.tryParse(b)
        .map(ref -> KustomizeFormat.sameRepository(a, ref))
        .orElse(false);
  }
}
