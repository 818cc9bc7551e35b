package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.git.GitIdentity;
import dev.gitops.promotion.git.GitOptions;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.registry.OciRegistry;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.Adapters;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What every CLI command works on: the config repository at {@code --repo}, its configuration
 * ({@code promotion.yaml} or the discovered layout), and the promoter the library wires from both.
 * Argument handling only: the wiring is {@link PromotionConfig#promoterBuilder}.
 */
final class Workspace implements AutoCloseable {
  final JGitConfigRepository repository;
  final PromotionConfig config;
  final Promoter promoter;
  private final Registries registries;

  private Workspace(
      JGitConfigRepository repository,
      PromotionConfig config,
      Promoter promoter,
      Registries registries) {
    this.repository = repository;
    this.config = config;
    this.promoter = promoter;
    this.registries = registries;
  }

  /**
   * The image registry client: the one {@code promotion.yaml} declares ({@code registry:}), else
   * the OCI client with the Docker config of this machine.
   */
  OciRegistry registry() {
    return registries.registry();
  }

  /**
   * Opens the repository at {@code dir}: locally (commits move its own branches), or against {@code
   * remote} (fetch first, then every commit is pushed with compare-and-swap); commits signed by
   * {@code trustedKeys} show as verified; the adapters that {@code promotion.yaml} declares ({@code
   * host:}, {@code agents:}) are built with {@code context} (its clock, environment variables and
   * sleeper), and the URL of the remote ({@code origin} unless given) added. Commands open it
   * through {@link ReadOptions#open} or {@link WriteOptions#open}.
   */
  static Workspace open(
      Path dir, Optional<String> remote, List<Path> trustedKeys, AdapterContext context) {
    GitOptions.Builder options = GitOptions.builder().trustedKeys(trustedKeys);
    remote.ifPresent(options::remote);
    JGitConfigRepository repo = JGitConfigRepository.open(dir, options.build());
    try {
      if (remote.isPresent()) {
        repo.fetch();
      }
      PromotionConfig config = PromotionConfig.load(repo);
      String url =
          repo.repository().getConfig().getString("remote", remote.orElse("origin"), "url");
      AdapterContext withRemote = url == null ? context : context.withRemoteUrl(url);
      Registries registries = new Registries(config, dir, context);
      Promoter promoter =
          config
              .promoterBuilder(
                  repo, registries.gates(GateFactory.builtIn()), Adapters.onClassPath(), withRemote)
              .build();
      return new Workspace(repo, config, promoter, registries);
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  /**
   * Who acts: {@code as} ({@code "Name <email>"}, strictly parsed) when given, else the identity
   * git would commit with; a bot with {@code bot}, or when the pipeline file lists the email among
   * its bots.
   *
   * @throws dev.gitops.promotion.InvalidInputException when there is no usable identity
   */
  Actor actor(Optional<String> as, boolean bot) {
    Actor actor = as.isPresent() ? Actor.parse(as.get()) : GitIdentity.require(repository);
    return config.access().classify(bot ? actor.asBot() : actor);
  }

  /**
   * Refuses {@code application} with the reason when layout discovery left it out, instead of
   * calling it unknown.
   *
   * @throws dev.gitops.promotion.InvalidInputException naming why it was left out
   */
  void checkNotSkipped(String application) {
    String prefix = "application '" + application + "' left out";
    for (String s : config.skipped()) {
      if (s.startsWith(prefix)) {
        throw new dev.gitops.promotion.InvalidInputException(s);
      }
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
