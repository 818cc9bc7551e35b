package dev.gitops.promotion.flux;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.GitOpsAgentProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link FluxAgent} from {@code agents: {<env>: {kind: flux, ...}}} in {@code
 * promotion.yaml}. Settings: {@code kubeconfig} (a file; else the first file {@code KUBECONFIG}
 * lists, else {@code ~/.kube/config}), {@code context} (else the file's current context), or
 * instead {@code server} with a token from the variable {@code tokenVariable} and an optional
 * {@code caFile}; {@code namespace} ({@code flux-system}), {@code kustomization} (the name
 * template, {@value FluxAgent#DEFAULT_KUSTOMIZATION}), {@code readTimeout} (30s). Credentials are
 * read when the API server is first asked, so commands that never ask need none.
 */
public final class FluxAgentProvider implements GitOpsAgentProvider {
  private static final List<String> SETTINGS =
      List.of(
          "kubeconfig",
          "context",
          "server",
          "tokenVariable",
          "caFile",
          "namespace",
          "kustomization",
          "readTimeout");

  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public FluxAgentProvider() {}

  @Override
  public String kind() {
    return "flux";
  }

  @Override
  public GitOpsAgent create(String environment, AdapterSpec spec, AdapterContext context) {
    spec.requireOnly(SETTINGS);
    Duration readTimeout = spec.duration("readTimeout").orElse(Duration.ofSeconds(30));
    Optional<String> server = spec.string("server");
    if (server.isPresent() && spec.string("kubeconfig").isPresent()) {
      throw new InvalidInputException(
          "flux takes either 'server' or 'kubeconfig', not both", spec.location(), null);
    }
    FluxAgent.Builder b =
        FluxAgent.builder()
            .clock(context.clock())
            .sleeper(context.sleeper())
            .lazyClient(
                () ->
                    clientBuilder(environment, spec, context, server)
                        .clock(context.clock())
                        .sleeper(context.sleeper())
                        .readTimeout(readTimeout)
                        .build());
    spec.string("namespace").ifPresent(b::namespace);
    spec.string("kustomization").ifPresent(b::kustomization);
    return b.build();
  }

  private static RestClient.Builder clientBuilder(
      String environment, AdapterSpec spec, AdapterContext context, Optional<String> server) {
    if (server.isPresent()) {
      String variable = spec.required("tokenVariable");
      String token =
          context
              .environmentVariable(variable)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "the Flux agent of '"
                              + environment
                              + "' needs a token in the environment variable "
                              + variable,
                          spec.location(),
                          null));
      RestClient.Builder b =
          RestClient.builder().baseUrl(server.get()).credentials(Credentials.bearer(token));
      spec.string("caFile").ifPresent(f -> b.trustedCertificatesPem(readCa(f, spec)));
      return b;
    }
    Path file =
        spec.string("kubeconfig")
            .map(FluxAgentProvider::expand)
            .orElseGet(
                () -> Kubeconfig.defaultFile(context.environmentVariable(Kubeconfig.KUBECONFIG)));
    return Kubeconfig.load(file, spec.string("context")).clientBuilder();
  }

  private static String readCa(String file, AdapterSpec spec) {
    try {
      return java.nio.file.Files.readString(expand(file));
    } catch (java.io.IOException e) {
      throw new InvalidInputException(
          "cannot read the CA file '" + file + "' of the Flux agent", spec.location(), e);
    }
  }

  private static Path expand(String name) {
    return name.startsWith("~/")
        ? Path.of(System.getProperty("user.home")).resolve(name.substring(2))
        : Path.of(name);
  }
}
