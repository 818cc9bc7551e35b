package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.OverlayEditException;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code manifest} format: the {@code image:} of containers in plain manifests, selected by
 * repository (option {@code container} narrows it to containers of one name). Writing sets every
 * selected image to the new one, keeping the repository as written when it is the same.
 */
public final class ManifestFormat implements OverlayFormat {
  /** The option naming one container. */
  public static final String CONTAINER = "container";

  private final int maxChars;

  /** A format refusing files over {@code maxChars}. */
  public ManifestFormat(int maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public String id() {
    return "manifest";
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    String container = selector.options().get(CONTAINER);
    Map<String, ManifestEditor.Found> distinct = new LinkedHashMap<>();
    for (ManifestEditor.Found f : ManifestEditor.matching(yaml, selector.imageName())) {
      if (container == null || container.equals(f.image().container())) {
        distinct.putIfAbsent(f.image().image(), f);
      }
    }
    if (distinct.isEmpty()) {
      return Optional.empty();
    }
    List<ManifestEditor.Found> found = List.copyOf(distinct.values());
    if (found.size() > 1) {
      throw yaml.error(
          Reason.DUPLICATE_IMAGE,
          found.get(1).node(),
          "image '"
              + selector.imageName()
              + "' is set to different versions: '"
              + found.get(0).image().image()
              + "' at "
              + found.get(0).image().location()
              + " and '"
              + found.get(1).image().image()
              + "' here; select one container with the option 'container'");
    }
    ManifestEditor.Found f = found.get(0);
    try {
      return Optional.of(ImageReference.parse(f.image().image()));
    } catch (InvalidInputException e) {
      throw new OverlayEditException(
          Reason.UNSUPPORTED_VALUE,
          yaml.path(),
          f.node().line + 1,
          f.node().column + 1,
          e.getMessage(),
          e);
    }
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    Repositories.checkSame(yaml, selector.imageName(), null, image);
    return ManifestEditor.rewrite(
            yaml,
            selector.imageName(),
            selector.options().get(CONTAINER),
            current -> {
              String name = ImageNames.split(current)[0];
              return KustomizeFormat.sameRepository(name, image)
                  ? name + version(image)
                  : image.toString();
            })
        .content();
  }

  static String version(ImageReference image) {
    StringBuilder sb = new StringBuilder();
    image.tag().ifPresent(t -> sb.append(':').append(t));
    image.digest().ifPresent(d -> sb.append('@').append(d));
    return sb.toString();
  }
}
