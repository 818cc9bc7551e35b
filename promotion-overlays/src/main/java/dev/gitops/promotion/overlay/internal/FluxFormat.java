package dev.gitops.promotion.overlay.internal;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.overlay.OverlayEditException.Reason;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code flux} format: values carrying Flux setter markers. The option {@code policy} ({@code
 * namespace:name}) selects the markers; without it, the markers whose value names the selector's
 * repository (and the other markers of their policies) are used.
 */
public final class FluxFormat implements OverlayFormat {
  /** The option naming the image policy. */
  public static final String POLICY = "policy";

  private final int maxChars;

  /** A format refusing files over {@code maxChars}. */
  public FluxFormat(int maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public String id() {
    return "flux";
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    List<FluxEditor.Found> markers =
        FluxEditor.select(yaml, selector.options().get(POLICY), selector.imageName());
    return FluxEditor.read(yaml, markers, selector.imageName());
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    YamlFile yaml = YamlFile.parse(file.path(), file.content(), maxChars);
    String policy = selector.options().get(POLICY);
    List<FluxEditor.Found> markers = FluxEditor.select(yaml, policy, selector.imageName());
    if (markers.isEmpty()) {
      throw yaml.error(
          Reason.NOT_FOUND,
          policy == null
              ? "no $imagepolicy marker holds image '" + selector.imageName() + "'"
              : "no $imagepolicy marker of policy " + policy);
    }
    String current =
        FluxEditor.read(yaml, markers, selector.imageName()).map(ImageReference::name).orElse(null);
    Repositories.checkSame(yaml, selector.imageName(), current, image);
    return FluxEditor.apply(yaml, markers, image).content();
  }
}
