package dev.gitops.promotion.overlay;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.internal.FluxEditor;
import dev.gitops.promotion.overlay.internal.YamlFile;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.List;
import java.util.Map;

/**
 * Flux image-automation setter markers, byte-preserving. A marker is the line comment {@code #
 * {"$imagepolicy": "<namespace>:<policy>"}} of a scalar value, optionally with {@code :tag}, {@code
 * :name} or {@code :digest}; the whole scalar becomes the policy's image ({@code
 * name:tag[@digest]}), its tag, its name or its digest, as Flux's automation would write it.
 *
 * <pre>{@code
 * EditResult r = FluxSetters.apply(file,
 *     Map.of("flux-system:api", ImageReference.parse("ghcr.io/myorg/api:1.4.2@sha256:9f86...")));
 * }</pre>
 */
public final class FluxSetters {
  private FluxSetters() {}

  /**
   * Every marker in the file, in file order.
   *
   * @throws OverlayEditException when the file is malformed
   */
  public static List<FluxMarker> markers(OverlayFile file) {
    return FluxEditor.markers(parse(file)).stream().map(FluxEditor.Found::marker).toList();
  }

  /**
   * Sets the markers of each policy ({@code namespace:name}) to its image; markers of policies not
   * in the map stay as they are.
   *
   * @throws OverlayEditException when a marked value cannot be edited safely, or a {@code :tag} or
   *     {@code :digest} marker gets an image without one; nothing changes then
   * @throws InvalidInputException for a policy name that is not {@code namespace:name}
   */
  public static EditResult apply(OverlayFile file, Map<String, ImageReference> images) {
    for (String policy : images.keySet()) {
      checkPolicy(policy);
    }
    return FluxEditor.apply(parse(file), images);
  }

  /**
   * Checks a policy reference is {@code namespace:name}.
   *
   * @throws InvalidInputException naming the problem
   */
  public static String checkPolicy(String policy) {
    String[] parts = policy.split(":", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new InvalidInputException(
          "invalid image policy '" + policy + "': use namespace:name, as in the marker");
    }
    return policy;
  }

  private static YamlFile parse(OverlayFile file) {
    return YamlFile.parse(file.path(), file.content(), YamlFile.DEFAULT_MAX_CHARS);
  }
}
