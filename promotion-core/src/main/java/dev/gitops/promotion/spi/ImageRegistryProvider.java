package dev.gitops.promotion.spi;

/**
 * Builds an {@link ImageRegistry} of one kind from its declaration ({@code registry: {kind: oci,
 * ...}} in {@code promotion.yaml}). Adapter modules register theirs with {@link
 * java.util.ServiceLoader} ({@code
 * META-INF/services/dev.gitops.promotion.spi.ImageRegistryProvider}); {@link Adapters} finds them.
 */
public interface ImageRegistryProvider {

  /** The kind this provider builds, like {@code oci}; lowercase. */
  String kind();

  /**
   * A registry client for {@code spec}.
   *
   * @throws dev.gitops.promotion.InvalidInputException when a setting is missing or wrong, naming
   *     it and {@link AdapterSpec#location()}
   */
  ImageRegistry create(AdapterSpec spec, AdapterContext context);
}
