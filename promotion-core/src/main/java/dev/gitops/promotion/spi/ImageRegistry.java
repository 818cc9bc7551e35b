package dev.gitops.promotion.spi;

import dev.gitops.promotion.ImageReference;
import java.util.List;

/**
 * A container registry as the promotion sees it: tags resolved to the digest they point at now, the
 * tags of a repository, and what a manifest says (created time, labels, platforms).
 *
 * <p>Implementation: promotion-registry's OCI distribution client ({@code kind: oci}). Tests use
 * any in-memory implementation of these three methods.
 *
 * <pre>{@code
 * ResolvedImage r = registry.resolve(ImageReference.parse("ghcr.io/myorg/api:v1.4.2"));
 * r.pinned();   // ghcr.io/myorg/api:v1.4.2@sha256:...
 * }</pre>
 */
public interface ImageRegistry {

  /**
   * The digest {@code reference} points at now: the tag looked up at the registry, or, for a
   * reference with a digest, that digest checked to exist. A multi-platform index resolves to the
   * index's own digest.
   *
   * @throws dev.gitops.promotion.InvalidInputException when the repository or tag does not exist
   * @throws dev.gitops.promotion.RemoteUnavailableException when the registry cannot be reached or
   *     refuses the credentials
   */
  ResolvedImage resolve(ImageReference reference);

  /**
   * Every tag of the repository {@code repository} names (its tag and digest are ignored), in the
   * registry's order.
   *
   * @throws dev.gitops.promotion.InvalidInputException when the repository does not exist
   * @throws dev.gitops.promotion.RemoteUnavailableException when the registry cannot be reached
   */
  List<String> tags(ImageReference repository);

  /**
   * What the manifest {@code reference} names says: its digest and media type, and for an image its
   * config's created time and labels, for an index its platforms.
   *
   * @throws dev.gitops.promotion.InvalidInputException when it does not exist
   * @throws dev.gitops.promotion.RemoteUnavailableException when the registry cannot be reached
   */
  ImageManifest manifest(ImageReference reference);
}
