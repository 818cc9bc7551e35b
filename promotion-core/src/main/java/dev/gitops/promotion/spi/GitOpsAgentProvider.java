package dev.gitops.promotion.spi;

/**
 * Builds a {@link GitOpsAgent} of one kind from its declaration ({@code agents: {production: {kind:
 * flux, ...}}} in {@code promotion.yaml}). Adapter modules register theirs with {@link
 * java.util.ServiceLoader} ({@code
 * META-INF/services/dev.gitops.promotion.spi.GitOpsAgentProvider}); {@link Adapters} finds them.
 */
public interface GitOpsAgentProvider {

  /** The kind this provider builds, like {@code argocd}; lowercase. */
  String kind();

  /**
   * An agent for {@code spec}, which the configuration declared for {@code environment}.
   *
   * @throws dev.gitops.promotion.InvalidInputException when a setting is missing or wrong, naming
   *     it and {@link AdapterSpec#location()}, or a credential is missing, naming where it is read
   */
  GitOpsAgent create(String environment, AdapterSpec spec, AdapterContext context);
}
