package dev.gitops.promotion.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.GitOpsAgent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ports a promoter works through, per environment: a default for every environment and
 * overrides for some (an environment kept in its own repository, a production cluster with its own
 * agent).
 */
public final class Ports {
  private final ConfigRepository repository;
  private final Map<String, ConfigRepository> repositories;
  private final ChangeRequestHost host;
  private final Map<String, ChangeRequestHost> hosts;
  private final GitOpsAgent agent;
  private final Map<String, GitOpsAgent> agents;

  /** The ports; the defaults may be null except the repository when no override covers all. */
  public Ports(
      ConfigRepository repository,
      Map<String, ConfigRepository> repositories,
      ChangeRequestHost host,
      Map<String, ChangeRequestHost> hosts,
      GitOpsAgent agent,
      Map<String, GitOpsAgent> agents) {
    this.repository = repository;
    this.repositories = Map.copyOf(repositories);
    this.host = host;
    this.hosts = Map.copyOf(hosts);
    this.agent = agent;
    this.agents = Map.copyOf(agents);
  }

  /**
   * The config repository of {@code environment}.
   *
   * @throws InvalidInputException when none is wired for it
   */
  public ConfigRepository repository(String environment) {
    ConfigRepository r = repositories.getOrDefault(environment, repository);
    if (r == null) {
      throw new InvalidInputException(
          "no config repository is wired for environment '"
              + environment
              + "'; wire one with Promoter.builder().configRepository(...)");
    }
    return r;
  }

  /** The change-request host of {@code environment}, if one is wired. */
  public Optional<ChangeRequestHost> host(String environment) {
    return Optional.ofNullable(hosts.getOrDefault(environment, host));
  }

  /** The GitOps agent of {@code environment}, if one is wired. */
  public Optional<GitOpsAgent> agent(String environment) {
    return Optional.ofNullable(agents.getOrDefault(environment, agent));
  }

  /** Every distinct change-request host, the default first. */
  public List<ChangeRequestHost> hosts() {
    return distinct(host, hosts.values());
  }

  /** Every distinct config repository, the default first. */
  public List<ConfigRepository> repositories() {
    return distinct(repository, repositories.values());
  }

  /** Whether every environment without an override has a repository. */
  public boolean hasDefaultRepository() {
    return repository != null;
  }

  private static <T> List<T> distinct(T first, java.util.Collection<T> more) {
    Set<T> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<T> out = new ArrayList<>();
    if (first != null && seen.add(first)) {
      out.add(first);
    }
    more.stream().filter(Objects::nonNull).filter(seen::add).forEach(out::add);
    return out;
  }
}
