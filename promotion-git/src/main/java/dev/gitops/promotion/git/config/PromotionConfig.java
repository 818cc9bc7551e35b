package dev.gitops.promotion.git.config;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionModel;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.git.config.internal.ConfigLoader;
import dev.gitops.promotion.git.config.internal.PipelineFileParser;
import dev.gitops.promotion.overlay.BlastRadius;
import dev.gitops.promotion.overlay.OverlayFormats;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.ImageRegistry;
import dev.gitops.promotion.spi.Revision;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A config repository's promotion setup: the pipeline of environments, the applications and where
 * each sets its image, the gates of each environment (as named in the file) and the access rules.
 * It comes from the repository's {@code promotion.yaml} when there is one, and from the seed's
 * layout otherwise.
 *
 * <p>It turns into a ready {@link Promoter} in one call; every gate the file declares is built by a
 * {@link GateFactory}, and a gate the factory cannot build is refused, never dropped:
 *
 * <pre>{@code
 * try (JGitConfigRepository repo = JGitConfigRepository.open(Path.of("gitops-config"))) {
 *   Promoter promoter = PromotionConfig.load(repo)
 *       .promoterBuilder(repo, GateFactory.builtIn())   // model, repository, formats, advisors
 *       .changeRequestHost(host)                        // optional: change-request environments
 *       .clock(Clock.systemUTC())
 *       .build();
 * }
 * }</pre>
 */
@Value.Immutable
public abstract class PromotionConfig {

  /** The pipeline file's name, at the repository root. */
  public static final String FILE_NAME = "promotion.yaml";

  /**
   * Where this configuration came from: {@code promotion.yaml@<branch>}, or a sentence saying the
   * layout was discovered and where.
   */
  public abstract String source();

  /** Whether environments are folders on one branch or branches of their own. */
  @Value.Default
  public EnvironmentLayout layout() {
    return EnvironmentLayout.FOLDERS;
  }

  /**
   * The environments and their order as declared, WITHOUT the gates the file names: only for
   * assembling a configuration; promote with {@link #pipeline(GateFactory)} or {@link
   * #model(GateFactory)}, which refuse gates they cannot build instead of dropping them.
   */
  abstract Pipeline pipelineWithoutGates();

  /** The environments' names, in pipeline order. */
  public List<String> environmentNames() {
    return pipelineWithoutGates().environments().stream().map(Environment::name).toList();
  }

  /**
   * The environment with this name, WITHOUT its gates (its delivery, branch, production flag).
   *
   * @throws InvalidInputException listing the known names when there is none
   */
  public Environment environmentWithoutGates(String name) {
    return pipelineWithoutGates().environment(name);
  }

  /** The applications, in the order declared (or discovered, alphabetical). */
  public abstract List<Application> applications();

  /**
   * The applications left out, one sentence each naming the folder or file and why (a folder name
   * that is no application name, a symbolic link where an overlay is expected, an image discovery
   * cannot tell, a declared location that goes through a link): one broken application does not
   * hide the others.
   */
  public abstract List<String> skipped();

  /** Per environment name, the gates declared for it, in order. */
  public abstract Map<String, List<GateSpec>> gates();

  /**
   * The change-request host the file declares ({@code host: {kind: github, ...}}), built by the
   * provider of that kind on the class path; empty when none is declared.
   */
  public abstract Optional<AdapterSpec> host();

  /** The GitOps agent the file declares per environment ({@code agents: {dev: {kind: ...}}}). */
  public abstract Map<String, AdapterSpec> agents();

  /**
   * The image registry client the file declares ({@code registry: {kind: oci, ...}}), used for
   * automatic promotion, tag resolution and drift checks; empty when none is declared.
   */
  public abstract Optional<AdapterSpec> registry();

  /**
   * The declared image registry built by {@code adapters}, or, when none is declared, the one of
   * kind {@code oci} with its defaults if a provider of that kind is on the class path.
   *
   * @throws InvalidInputException when the declared registry cannot be built, naming where it was
   *     declared
   */
  public Optional<ImageRegistry> imageRegistry(Adapters adapters, AdapterContext context) {
    if (registry().isPresent()) {
      return Optional.of(adapters.registry(registry().get(), context));
    }
    try {
      return Optional.of(
          adapters.registry(new AdapterSpec("oci", Map.of(), source() + ":1:1"), context));
    } catch (InvalidInputException e) {
      if (e.getMessage().contains("no image registry of kind 'oci'")) {
        return Optional.empty(); // promotion-registry is not on the class path
      }
      throw e;
    }
  }

  /** The access rules; none beyond the seed's policy unless the file has an access section. */
  @Value.Default
  public AccessRules access() {
    return AccessRules.NONE;
  }

  /** The access policy: {@link AccessPolicy#seedDefault()} plus {@link #access()}. */
  public AccessPolicy accessPolicy() {
    return access().policy();
  }

  /** The application with this name. */
  public Optional<Application> application(String name) {
    return applications().stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The gates declared for {@code environment}, empty when none. */
  public List<GateSpec> gates(String environment) {
    return gates().getOrDefault(environment, List.of());
  }

  /**
   * The pipeline with every environment's gates built by {@code factory}, same order and edges.
   *
   * @throws InvalidInputException when the factory cannot build a gate
   */
  public Pipeline pipeline(GateFactory factory) {
    return pipelineWithoutGates()
        .map(
            e ->
                Environment.builder()
                    .from(e)
                    .gates(gates(e.name()).stream().map(s -> factory.create(e.name(), s)).toList())
                    .build());
  }

  /**
   * The model a promoter runs on: {@link #pipeline(GateFactory)}, the applications, every overlay
   * format of promotion-overlays, and {@link #accessPolicy()}.
   *
   * @throws InvalidInputException when the factory cannot build a declared gate, naming it and
   *     where it was declared
   */
  public PromotionModel model(GateFactory factory) {
    return PromotionModel.builder()
        .pipeline(pipeline(factory))
        .addApplications(applications())
        .addOverlayFormats(OverlayFormats.all())
        .accessPolicy(accessPolicy())
        .build();
  }

  /**
   * A promoter builder wired from this configuration for files that declare no adapters: {@link
   * #model(GateFactory)}, {@code repository} for every environment and the blast-radius advisor.
   * Add a change-request host, GitOps agents and the clock, then build.
   *
   * @throws InvalidInputException when the factory cannot build a declared gate, or when the file
   *     declares a {@code host}, {@code agents} or a {@code registry}: those need {@link
   *     #promoterBuilder(ConfigRepository, GateFactory, Adapters, AdapterContext)}, which builds
   *     them (never skipped silently)
   */
  public Promoter.Builder promoterBuilder(ConfigRepository repository, GateFactory factory) {
    Optional<AdapterSpec> declared =
        host().or(() -> agents().values().stream().findFirst()).or(this::registry);
    if (declared.isPresent()) {
      throw new InvalidInputException(
          "the file declares a "
              + (host().isPresent()
                  ? "change-request host"
                  : agents().isEmpty() ? "image registry" : "GitOps agent")
              + " ("
              + declared.get().kind()
              + "); build the promoter with promoterBuilder(repository, gateFactory,"
              + " Adapters.onClassPath(), AdapterContext.system(clock)) so that it is wired",
          declared.get().location(),
          null);
    }
    return Promoter.builder()
        .model(model(factory))
        .configRepository(repository)
        .addPlanAdvisors(BlastRadius.advisor());
  }

  /**
   * A promoter builder wired from this configuration: {@link #model(GateFactory)}, {@code
   * repository} for every environment, the blast-radius advisor, the declared {@link #host()} and
   * {@link #agents()} built by {@code adapters} with {@code context}, the declared {@link
   * #registry()} (which checks tag drift before production, see {@link
   * Promoter.Builder#imageRegistry}), and the context's clock and sleeper. Add or replace a
   * change-request host or agent, then build.
   *
   * @throws InvalidInputException when the factory cannot build a declared gate, or a declared host
   *     or agent cannot be built (unknown kind, bad setting, missing credential), naming where it
   *     was declared
   */
  public Promoter.Builder promoterBuilder(
      ConfigRepository repository, GateFactory factory, Adapters adapters, AdapterContext context) {
    Promoter.Builder builder =
        Promoter.builder()
            .model(model(factory))
            .configRepository(repository)
            .clock(context.clock())
            .sleeper(context.sleeper())
            .addPlanAdvisors(BlastRadius.advisor())
            .delegates(access().delegates());
    host().ifPresent(spec -> builder.changeRequestHost(adapters.host(spec, context)));
    agents().forEach((env, spec) -> builder.gitOpsAgent(env, adapters.agent(env, spec, context)));
    registry().ifPresent(spec -> builder.imageRegistry(adapters.registry(spec, context)));
    return builder;
  }

  @Value.Check
  void check() {
    Set<String> names = new HashSet<>();
    for (Application app : applications()) {
      if (!names.add(app.name())) {
        throw new InvalidInputException(
            source() + ": application '" + app.name() + "' is declared twice");
      }
      for (String env : app.locations().keySet()) {
        pipelineWithoutGates().environment(env);
      }
    }
    for (Application app : applications()) {
      for (String dep : app.dependsOn()) {
        if (!names.contains(dep)) {
          throw new InvalidInputException(
              source()
                  + ": application '"
                  + app.name()
                  + "' depends on unknown application '"
                  + dep
                  + "'");
        }
      }
    }
    gates().keySet().forEach(env -> pipelineWithoutGates().environment(env));
  }

  /**
   * Loads the configuration of the Git repository at {@code repository} (a work tree, its {@code
   * .git} folder, or a bare repository), from its default branch: the branch HEAD names (unless it
   * is an environment branch {@code env/...}), else {@code main}, else {@code master}. Reads {@code
   * promotion.yaml} there, or discovers the seed's layout when there is none: environments as
   * folders ({@code apps/<app>/overlays/<env>/kustomization.yaml} on that branch), else
   * environments as branches ({@code env/<env>}). Reads committed state only, never the work tree,
   * and writes nothing.
   *
   * @throws InvalidInputException naming {@code file:line:col} for errors in the file, or saying
   *     what was found and what is missing when the layout cannot be discovered
   */
  public static PromotionConfig load(Path repository) {
    return ConfigLoader.load(repository, Optional.empty());
  }

  /**
   * Like {@link #load(Path)}, reading {@code promotion.yaml} (or discovering the layout) on {@code
   * branch}.
   */
  public static PromotionConfig load(Path repository, String branch) {
    return ConfigLoader.load(repository, Optional.of(branch));
  }

  /**
   * Like {@link #load(Path)}, reading the branches {@code repository} reads: its own branches in
   * local mode, the remote's (as of the last fetch) in remote mode.
   */
  public static PromotionConfig load(JGitConfigRepository repository) {
    return ConfigLoader.load(repository, Optional.empty());
  }

  /** Like {@link #load(JGitConfigRepository)}, on {@code branch}. */
  public static PromotionConfig load(JGitConfigRepository repository, String branch) {
    return ConfigLoader.load(repository, Optional.of(branch));
  }

  /**
   * Reads {@code promotion.yaml} at the head of {@code branch} through any {@link ConfigRepository}
   * (the testkit's in-memory one, for example). A port cannot list files, so nothing is discovered:
   * the file must exist and declare its applications.
   *
   * @throws InvalidInputException when the branch or the file is missing, the file declares no
   *     applications, or it has errors ({@code file:line:col})
   */
  public static PromotionConfig load(ConfigRepository repository, String branch) {
    Revision head =
        repository
            .head(branch)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "branch '" + branch + "' does not exist in the config repository"));
    String content =
        repository
            .readFile(head, FILE_NAME)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "there is no "
                            + FILE_NAME
                            + " on branch '"
                            + branch
                            + "' at "
                            + head.abbreviated()
                            + "; write one (see docs/pipeline-file.md)"));
    PipelineFileParser.ParsedFile parsed = PipelineFileParser.parse(FILE_NAME, content, branch);
    if (parsed.applications().isEmpty()) {
      throw new InvalidInputException(
          "the file declares no applications, and they cannot be discovered through a"
              + " ConfigRepository, which cannot list files; add an 'applications' section",
          FILE_NAME,
          null);
    }
    return parsed.toConfig(FILE_NAME + "@" + branch);
  }

  /** A new builder, for configurations assembled in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PromotionConfig}. */
  public static final class Builder extends ImmutablePromotionConfig.Builder {
    Builder() {}
  }
}
