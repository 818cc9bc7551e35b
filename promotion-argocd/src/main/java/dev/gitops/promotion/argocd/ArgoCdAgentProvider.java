package dev.gitops.promotion.argocd;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.argocd.internal.Sessions;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.GitOpsAgentProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds an {@link ArgoCdAgent} from {@code agents: {<env>: {kind: argocd, ...}}} in {@code
 * promotion.yaml}. Settings: {@code url} (required), {@code application} (the name template,
 * {@value ArgoCdAgent#DEFAULT_APPLICATION_NAME} unless set), {@code project}, {@code appNamespace},
 * {@code source} (the source index of a multi-source application), {@code appOfApps} (judge an
 * app-of-apps by its children; true), {@code tokenVariable} (the environment variable holding the
 * token, {@value #TOKEN_VARIABLE} as the argocd CLI reads it), {@code caFile} (PEM CA bundle to
 * trust instead of the JDK's), {@code readTimeout} (2m). The token is read when the server is first
 * asked, so commands that never ask need none.
 */
public final class ArgoCdAgentProvider implements GitOpsAgentProvider {
  /** The environment variable the token is read from unless {@code tokenVariable} says. */
  public static final String TOKEN_VARIABLE = "ARGOCD_AUTH_TOKEN";

  /** The environment variable a session login reads the password from unless set otherwise. */
  public static final String PASSWORD_VARIABLE = "ARGOCD_PASSWORD";

  private static final List<String> SETTINGS =
      List.of(
          "url",
          "application",
          "project",
          "appNamespace",
          "source",
          "appOfApps",
          "tokenVariable",
          "caFile",
          "readTimeout",
          "username",
          "passwordVariable");

  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public ArgoCdAgentProvider() {}

  @Override
  public String kind() {
    return "argocd";
  }

  @Override
  public GitOpsAgent create(String environment, AdapterSpec spec, AdapterContext context) {
    spec.requireOnly(SETTINGS);
    String url = spec.required("url");
    String variable = spec.string("tokenVariable").orElse(TOKEN_VARIABLE);
    RestClient.Builder client =
        RestClient.builder()
            .baseUrl(url)
            .clock(context.clock())
            .sleeper(context.sleeper())
            .readTimeout(spec.duration("readTimeout").orElse(Duration.ofMinutes(2)))
            .credentials(credentials(environment, spec, context, url));
    spec.string("caFile").ifPresent(f -> client.trustedCertificatesPem(readFile(f, spec)));
    ArgoCdAgent.Builder b =
        ArgoCdAgent.builder()
            .client(client.build())
            .clock(context.clock())
            .sleeper(context.sleeper())
            .applicationName(
                spec.string("application").orElse(ArgoCdAgent.DEFAULT_APPLICATION_NAME));
    spec.string("project").ifPresent(b::project);
    spec.string("appNamespace").ifPresent(b::appNamespace);
    spec.integer("source").ifPresent(i -> b.source(Math.toIntExact(i)));
    spec.bool("appOfApps").ifPresent(b::appOfApps);
    return b.build();
  }

  private static Credentials credentials(
      String environment, AdapterSpec spec, AdapterContext context, String url) {
    Optional<String> username = spec.string("username");
    if (username.isEmpty()) {
      String variable = spec.string("tokenVariable").orElse(TOKEN_VARIABLE);
      return Credentials.bearer(
          () ->
              require(
                  context,
                  variable,
                  environment,
                  spec,
                  "a token",
                  "argocd account generate-token"));
    }
    String passwordVariable = spec.string("passwordVariable").orElse(PASSWORD_VARIABLE);
    RestClient.Builder login =
        RestClient.builder().baseUrl(url).clock(context.clock()).sleeper(context.sleeper());
    spec.string("caFile").ifPresent(f -> login.trustedCertificatesPem(readFile(f, spec)));
    RestClient loginClient = login.build();
    return Credentials.refreshing(
        () ->
            Sessions.login(
                loginClient,
                username.get(),
                require(
                    context, passwordVariable, environment, spec, "the password", "the account's"),
                context.clock()),
        context.clock());
  }

  private static String require(
      AdapterContext context,
      String variable,
      String environment,
      AdapterSpec spec,
      String what,
      String hint) {
    return context
        .environmentVariable(variable)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "the Argo CD agent of '"
                        + environment
                        + "' needs "
                        + what
                        + " in the environment variable "
                        + variable
                        + " ("
                        + hint
                        + ")",
                    spec.location(),
                    null));
  }

  private static String readFile(String name, AdapterSpec spec) {
    Path path =
        name.startsWith("~/")
            ? Path.of(System.getProperty("user.home")).resolve(name.substring(2))
            : Path.of(name);
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the CA file '"
              + name
              + "' of the Argo CD agent: "
              + e.getClass().getSimpleName(),
          spec.location(),
          e);
    }
  }
}
