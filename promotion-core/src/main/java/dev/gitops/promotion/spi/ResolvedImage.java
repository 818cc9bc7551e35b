package dev.gitops.promotion.spi;

import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import java.util.Objects;

/**
 * A reference resolved at its registry: the reference as asked and the digest it points at.
 *
 * @param reference the reference as asked, with its tag (and digest, if it had one)
 * @param digest the manifest digest the registry answered (an index's own digest for a
 *     multi-platform image)
 * @param mediaType the manifest's media type, like {@code application/vnd.oci.image.index.v1+json}
 */
public record ResolvedImage(ImageReference reference, ImageDigest digest, String mediaType) {

  /** Checks every part is present. */
  public ResolvedImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
  }

  /**
   * The reference pinned to the digest, keeping the tag for readers: {@code repo:tag@sha256:...}.
   */
  public ImageReference pinned() {
    return reference.withDigest(digest);
  }

  /** Whether the manifest is an index (several platforms) rather than one image. */
  public boolean isIndex() {
    return mediaType.contains("index") || mediaType.contains("manifest.list");
  }
}
