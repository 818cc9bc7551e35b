package dev.gitops.promotion;

import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.Optional;

/** A test overlay format: one {@code <image name> <reference>} line per image. */
final class LineFormat implements OverlayFormat {
  @Override
  public String id() {
    return "lines";
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    for (String line : file.content().split("\n")) {
      if (line.startsWith(selector.imageName() + " ")) {
        return Optional.of(ImageReference.parse(line.substring(selector.imageName().length() + 1)));
      }
    }
    return Optional.empty();
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    StringBuilder sb = new StringBuilder();
    boolean found = false;
    for (String line : file.content().split("\n")) {
      if (line.startsWith(selector.imageName() + " ")) {
        line = selector.imageName() + " " + image;
        found = true;
      }
      sb.append(line).append('\n');
    }
    if (!found) {
      sb.append(selector.imageName()).append(' ').append(image).append('\n');
    }
    return sb.toString();
  }
}
