package dev.gitops.promotion.spi;

/**
 * Builds a {@link ChangeRequestHost} of one kind from its declaration ({@code host: {kind: github,
 * ...}} in {@code promotion.yaml}). Adapter modules register theirs with {@link
 * java.util.ServiceLoader} ({@code
 * META-INF/services/dev.gitops.promotion.spi.ChangeRequestHostProvider}); {@link Adapters} finds
 * them.
 */
public interface ChangeRequestHostProvider {

  /** The kind this provider builds, like {@code github}; lowercase. */
  String kind();

  /**
   * A host for {@code spec}.
   *
   * @throws dev.gitops.promotion.InvalidInputException when a setting is missing or wrong, naming
   *     it and {@link AdapterSpec#location()}, or a credential is missing, naming where it is read
   */
  ChangeRequestHost create(AdapterSpec spec, AdapterContext context);
}
