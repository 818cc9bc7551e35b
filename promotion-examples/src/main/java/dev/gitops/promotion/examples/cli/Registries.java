package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.registry.CosignVerifier;
import dev.gitops.promotion.registry.OciRegistry;
import dev.gitops.promotion.registry.OciRegistryProvider;
import dev.gitops.promotion.registry.SignedByGate;
import dev.gitops.promotion.registry.TrustedKey;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CLI's image registry: the one {@code promotion.yaml} declares ({@code registry: {kind: oci,
 * ...}}) or the OCI client with the Docker config of this machine, built on first use; and the
 * {@code signed-by} gate registered with the gate factory ({@code gates: [{name: signed-by, keys:
 * [keys/ci.pub]}]}, key paths relative to the config repository).
 */
final class Registries {
  private final AdapterSpec spec;
  private final Path dir;
  private final AdapterContext context;
  private OciRegistry registry;

  Registries(PromotionConfig config, Path dir, AdapterContext context) {
    this(config.registry().orElse(new AdapterSpec("oci", Map.of(), config.source())), dir, context);
  }

  Registries(AdapterSpec spec, Path dir, AdapterContext context) {
    if (!spec.kind().equals("oci")) {
      throw new InvalidInputException(
          "the CLI knows registries of kind 'oci' only, not '" + spec.kind() + "'",
          spec.location(),
          null);
    }
    this.spec = spec;
    this.dir = dir;
    this.context = context;
  }

  /** The registry client of this machine, with no pipeline file: Docker config, system clock. */
  static OciRegistry standalone(Clock clock) {
    return OciRegistryProvider.registry(
        new AdapterSpec("oci", Map.of(), "(defaults)"), AdapterContext.system(clock));
  }

  synchronized OciRegistry registry() {
    if (registry == null) {
      registry = OciRegistryProvider.registry(spec, context);
    }
    return registry;
  }

  /** {@code factory} plus the signed-by gate. */
  GateFactory gates(GateFactory factory) {
    return factory.with(
        SignedByGate.NAME,
        (env, gate) -> {
          List<String> paths = gate.strings("keys");
          if (paths.isEmpty()) {
            throw new InvalidInputException(
                "gate signed-by of environment '"
                    + env
                    + "' needs 'keys', the public keys (PEM files, like cosign.pub) it trusts",
                gate.location(),
                null);
          }
          List<TrustedKey> keys = new ArrayList<>();
          for (String p : paths) {
            Path file = dir.resolve(p);
            String name = file.getFileName().toString().replaceFirst("\\.pub$", "");
            keys.add(TrustedKey.load(name, file));
          }
          return SignedByGate.of(new CosignVerifier(registry()), keys);
        });
  }
}
