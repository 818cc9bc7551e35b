package dev.gitops.promotion.spi;

import dev.gitops.promotion.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds the adapter providers on the class path ({@link ServiceLoader}) and builds the adapter a
 * declaration names. An unknown kind is bad input that names where it was declared, the kinds that
 * are available, and the module that provides the usual ones.
 */
public final class Adapters {
  private final List<ChangeRequestHostProvider> hosts;
  private final List<GitOpsAgentProvider> agents;
  private final List<ImageRegistryProvider> registries;

  private Adapters(
      List<ChangeRequestHostProvider> hosts,
      List<GitOpsAgentProvider> agents,
      List<ImageRegistryProvider> registries) {
    this.hosts = List.copyOf(hosts);
    this.agents = List.copyOf(agents);
    this.registries = List.copyOf(registries);
  }

  /** The providers that the class loader of this class can see. */
  public static Adapters onClassPath() {
    return onClassPath(Adapters.class.getClassLoader());
  }

  /** The providers that {@code loader} can see. */
  public static Adapters onClassPath(ClassLoader loader) {
    List<ChangeRequestHostProvider> hosts = new ArrayList<>();
    ServiceLoader.load(ChangeRequestHostProvider.class, loader).forEach(hosts::add);
    List<GitOpsAgentProvider> agents = new ArrayList<>();
    ServiceLoader.load(GitOpsAgentProvider.class, loader).forEach(agents::add);
    List<ImageRegistryProvider> registries = new ArrayList<>();
    ServiceLoader.load(ImageRegistryProvider.class, loader).forEach(registries::add);
    return new Adapters(hosts, agents, registries);
  }

  /** Exactly these providers (for tests and embedders that wire their own). */
  public static Adapters of(
      List<ChangeRequestHostProvider> hosts, List<GitOpsAgentProvider> agents) {
    return new Adapters(hosts, agents, List.of());
  }

  /** This lookup plus exactly these registry providers (for tests and embedders). */
  public Adapters withRegistries(List<ImageRegistryProvider> registryProviders) {
    return new Adapters(hosts, agents, registryProviders);
  }

  /**
   * The image registry {@code spec} declares.
   *
   * @throws InvalidInputException for a kind no provider builds, or bad settings
   */
  public ImageRegistry registry(AdapterSpec spec, AdapterContext context) {
    ImageRegistryProvider p = find(registries, ImageRegistryProvider::kind, spec, "image registry");
    return spec.located(() -> p.create(spec, context));
  }

  /**
   * The host {@code spec} declares.
   *
   * @throws InvalidInputException for a kind no provider builds, or bad settings
   */
  public ChangeRequestHost host(AdapterSpec spec, AdapterContext context) {
    ChangeRequestHostProvider p =
        find(hosts, ChangeRequestHostProvider::kind, spec, "change-request host");
    return spec.located(() -> p.create(spec, context));
  }

  /**
   * The agent {@code spec} declares for {@code environment}.
   *
   * @throws InvalidInputException for a kind no provider builds, or bad settings
   */
  public GitOpsAgent agent(String environment, AdapterSpec spec, AdapterContext context) {
    GitOpsAgentProvider p = find(agents, GitOpsAgentProvider::kind, spec, "GitOps agent");
    return spec.located(() -> p.create(environment, spec, context));
  }

  private static <P> P find(
      List<P> providers, Function<P, String> kind, AdapterSpec spec, String what) {
    for (P p : providers) {
      if (kind.apply(p).equals(spec.kind())) {
        return p;
      }
    }
    TreeSet<String> known = new TreeSet<>();
    providers.forEach(p -> known.add(kind.apply(p)));
    throw new InvalidInputException(
        "no "
            + what
            + " of kind '"
            + spec.kind()
            + "' is available"
            + (known.isEmpty() ? "" : "; available: " + String.join(", ", known))
            + "; add the module that provides it (promotion-"
            + ("oci".equals(spec.kind()) ? "registry" : spec.kind())
            + ") to the class path",
        spec.location(),
        null);
  }

  @Override
  public String toString() {
    return "Adapters[hosts "
        + hosts.stream().map(ChangeRequestHostProvider::kind).toList()
        + ", agents "
        + agents.stream().map(GitOpsAgentProvider::kind).toList()
        + ", registries "
        + registries.stream().map(ImageRegistryProvider::kind).toList()
        + "]";
  }
}
