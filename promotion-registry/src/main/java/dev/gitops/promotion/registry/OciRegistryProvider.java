package dev.gitops.promotion.registry;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.ImageRegistry;
import dev.gitops.promotion.spi.ImageRegistryProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an {@link OciRegistry} from {@code registry: {kind: oci, ...}} in {@code promotion.yaml}
 * (found by {@link java.util.ServiceLoader}). Settings, all optional:
 *
 * <pre>
 * registry:
 *   kind: oci
 *   dockerConfig: /home/ci/.docker/config.json   # default: $DOCKER_CONFIG/config.json, ~/.docker/config.json
 *   usernameEnv: REGISTRY_USER                   # a login from environment variables ...
 *   passwordEnv: REGISTRY_PASSWORD               # ... for the registry named by 'for'
 *   for: ghcr.io
 *   endpoints: {docker.io: "https://mirror.example.com"}
 *   verifyDigests: true                          # hash every manifest, not only when the header is missing
 * </pre>
 */
public final class OciRegistryProvider implements ImageRegistryProvider {
  private static final List<String> SETTINGS =
      List.of("dockerConfig", "usernameEnv", "passwordEnv", "for", "endpoints", "verifyDigests");

  /** The provider ServiceLoader instantiates. */
  public OciRegistryProvider() {}

  @Override
  public String kind() {
    return "oci";
  }

  @Override
  public ImageRegistry create(AdapterSpec spec, AdapterContext context) {
    return registry(spec, context);
  }

  /**
   * The registry client {@code spec} declares, as its own type (for the signature verifier).
   *
   * @throws InvalidInputException for unknown or malformed settings, or a login variable unset
   */
  public static OciRegistry registry(AdapterSpec spec, AdapterContext context) {
    return spec.located(() -> build(spec, context));
  }

  private static OciRegistry build(AdapterSpec spec, AdapterContext context) {
    spec.requireOnly(SETTINGS);
    OciRegistry.Builder b = OciRegistry.builder().clock(context.clock()).sleeper(context.sleeper());
    Optional<Path> config =
        spec.string("dockerConfig").map(Path::of).or(() -> DockerConfig.defaultLocation(context));
    config.ifPresent(p -> b.dockerConfig(DockerConfig.load(p)));
    Optional<String> userEnv = spec.string("usernameEnv");
    Optional<String> passwordEnv = spec.string("passwordEnv");
    if (userEnv.isPresent() != passwordEnv.isPresent()) {
      throw new InvalidInputException(
          "oci needs both 'usernameEnv' and 'passwordEnv', or neither", spec.location(), null);
    }
    if (userEnv.isPresent()) {
      String registry = spec.required("for");
      String user =
          context.environmentVariable(userEnv.get()).orElseThrow(() -> unset(userEnv.get(), spec));
      String password =
          context
              .environmentVariable(passwordEnv.get())
              .orElseThrow(() -> unset(passwordEnv.get(), spec));
      b.login(registry, new RegistryLogin(user, password));
    }
    for (Map.Entry<String, Object> e : spec.mapping("endpoints").entrySet()) {
      if (!(e.getValue() instanceof String url)) {
        throw new InvalidInputException(
            "oci 'endpoints." + e.getKey() + "' must be a URL", spec.location(), null);
      }
      b.endpoint(e.getKey(), url);
    }
    spec.bool("verifyDigests").ifPresent(b::verifyDigests);
    return b.build();
  }

  private static InvalidInputException unset(String variable, AdapterSpec spec) {
    return new InvalidInputException(
        "the registry login variable " + variable + " is not set", spec.location(), null);
  }
}
