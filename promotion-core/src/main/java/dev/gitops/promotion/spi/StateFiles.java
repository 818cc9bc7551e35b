package dev.gitops.promotion.spi;

import dev.gitops.promotion.ImageReference;
import java.util.List;
import java.util.Map;

/**
 * Renders the files that list which image every application runs in every environment of a branch
 * (the seed's {@code versions.json} and {@code VERSIONS.md}). When a promoter is given one, every
 * commit it writes also rewrites these files from the state the commit creates, so the files never
 * disagree with the overlays. promotion-git has the JSON and Markdown implementation.
 */
@FunctionalInterface
public interface StateFiles {

  /**
   * The files for {@code state}: per environment (pipeline order), per application (by name), the
   * image it runs after the commit.
   */
  List<FileEdit> render(Map<String, Map<String, ImageReference>> state);
}
