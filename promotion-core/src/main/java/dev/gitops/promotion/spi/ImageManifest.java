package dev.gitops.promotion.spi;

import dev.gitops.promotion.ImageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a manifest says, as far as a promotion cares.
 *
 * @param digest the manifest's digest
 * @param mediaType its media type
 * @param created when the image was built (its config's {@code created}), if it says
 * @param labels its config's labels ({@code org.opencontainers.image.revision} and the like)
 * @param platforms for an index, its platforms as {@code os/architecture[/variant]}; empty for an
 *     image
 */
public record ImageManifest(
    ImageDigest digest,
    String mediaType,
    Optional<Instant> created,
    Map<String, String> labels,
    List<String> platforms) {

  /** Checks the parts and copies the collections. */
  public ImageManifest {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(created, "created");
    labels = Map.copyOf(labels);
    platforms = List.copyOf(platforms);
  }

  /** Whether this is an index (several platforms) rather than one image. */
  public boolean isIndex() {
    return mediaType.contains("index") || mediaType.contains("manifest.list");
  }
}
