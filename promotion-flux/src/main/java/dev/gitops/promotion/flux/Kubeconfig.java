package dev.gitops.promotion.flux;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.http.Credentials;
import dev.gitops.promotion.http.RestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * One context of a kubeconfig file, resolved: the API server, the namespace, and the credentials (a
 * bearer token, inline or from a file, or a client certificate with its key) and the CA bundle to
 * trust, inline ({@code *-data}, base64) or from files relative to the kubeconfig's folder.
 *
 * <p>Exec credential plugins and auth providers are not run: a context that needs one is refused
 * with a message saying so (give a token instead, from {@code kubectl create token}). {@link
 * #toString()} names the server and the context, never a secret.
 */
public final class Kubeconfig {
  /** The variable that lists kubeconfig files, as kubectl reads it. */
  public static final String KUBECONFIG = "KUBECONFIG";

  private final String source;
  private final String context;
  private final String server;
  private final Optional<String> namespace;
  private final Optional<String> token;
  private final Optional<String> caPem;
  private final Optional<String> clientCertPem;
  private final Optional<String> clientKeyPem;

  private Kubeconfig(
      String source,
      String context,
      String server,
      Optional<String> namespace,
      Optional<String> token,
      Optional<String> caPem,
      Optional<String> clientCertPem,
      Optional<String> clientKeyPem) {
    this.source = source;
    this.context = context;
    this.server = server;
    this.namespace = namespace;
    this.token = token;
    this.caPem = caPem;
    this.clientCertPem = clientCertPem;
    this.clientKeyPem = clientKeyPem;
  }

  /**
   * Reads {@code file} and resolves {@code context}, or the file's {@code current-context} when
   * empty.
   *
   * @throws InvalidInputException when the file cannot be read or parsed, the context is missing,
   *     or its credentials cannot be used
   */
  public static Kubeconfig load(Path file, Optional<String> context) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the kubeconfig " + file + " (" + e.getClass().getSimpleName() + ")",
          file.toString(),
          e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), base == null ? Path.of(".") : base, context);
  }

  /**
   * The kubeconfig file kubectl would use: the first existing file that {@code kubeconfigVariable}
   * (the value of {@value #KUBECONFIG}, paths separated by the platform's path separator) lists,
   * else {@code ~/.kube/config}.
   */
  public static Path defaultFile(Optional<String> kubeconfigVariable) {
    if (kubeconfigVariable.isPresent()) {
      for (String p : kubeconfigVariable.get().split(java.io.File.pathSeparator)) {
        if (!p.isBlank() && Files.isRegularFile(Path.of(p))) {
          return Path.of(p);
        }
      }
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  /**
   * Parses kubeconfig {@code yaml} (named {@code source} in messages), resolving relative file
   * names against {@code base}.
   *
   * @throws InvalidInputException when it cannot be parsed, the context is missing, or its
   *     credentials cannot be used
   */
  public static Kubeconfig parse(String yaml, String source, Path base, Optional<String> context) {
    Map<?, ?> root;
    try {
      Object doc = new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(yaml);
      if (!(doc instanceof Map<?, ?> m)) {
        throw bad(source, "it is not a YAML mapping");
      }
      root = m;
    } catch (YamlEngineException e) {
      throw new InvalidInputException(
          "the kubeconfig is not valid YAML: " + firstLine(e.getMessage()), source, null);
    }
    String name =
        context
            .filter(c -> !c.isBlank())
            .or(() -> Optional.ofNullable(text(root.get("current-context"))))
            .filter(c -> !c.isBlank())
            .orElseThrow(() -> bad(source, "it has no current-context and none was given"));
    Map<?, ?> ctx = named(root, "contexts", "context", name, source);
    String clusterName = required(ctx, "cluster", "context '" + name + "'", source);
    Map<?, ?> cluster = named(root, "clusters", "cluster", clusterName, source);
    String server = required(cluster, "server", "cluster '" + clusterName + "'", source);
    Optional<String> caPem =
        inlineOrFile(cluster, "certificate-authority", base, source, "cluster " + clusterName);
    if (Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"))) {
      throw bad(
          source,
          "cluster '"
              + clusterName
              + "' sets insecure-skip-tls-verify; the SDK always verifies the server (give its CA"
              + " in certificate-authority-data)");
    }
    Optional<String> token = Optional.empty();
    Optional<String> cert = Optional.empty();
    Optional<String> key = Optional.empty();
    String userName = text(ctx.get("user"));
    if (userName != null && !userName.isBlank()) {
      Map<?, ?> user = named(root, "users", "user", userName, source);
      String where = "user '" + userName + "'";
      if (user.get("exec") != null || user.get("auth-provider") != null) {
        throw bad(
            source,
            where
                + " uses an exec credential plugin or an auth provider, which the SDK does not"
                + " run; give it a token (kubectl create token <service-account>) instead");
      }
      token = Optional.ofNullable(text(user.get("token"))).filter(t -> !t.isBlank());
      if (token.isEmpty() && user.get("tokenFile") != null) {
        token = Optional.of(readFile(base, text(user.get("tokenFile")), source, where).strip());
      }
      cert = inlineOrFile(user, "client-certificate", base, source, where);
      key = inlineOrFile(user, "client-key", base, source, where);
      if (cert.isPresent() != key.isPresent()) {
        throw bad(source, where + " has a client certificate without its key, or a key alone");
      }
    }
    Optional<String> namespace =
        Optional.ofNullable(text(ctx.get("namespace"))).filter(n -> !n.isBlank());
    return new Kubeconfig(source, name, server, namespace, token, caPem, cert, key);
  }

  /** The context's name. */
  public String context() {
    return context;
  }

  /** The API server's URL. */
  public String server() {
    return server;
  }

  /** The context's namespace, when it names one. */
  public Optional<String> namespace() {
    return namespace;
  }

  /** Whether the context authenticates with a bearer token. */
  public boolean hasToken() {
    return token.isPresent();
  }

  /** Whether the context authenticates with a client certificate. */
  public boolean hasClientCertificate() {
    return clientCertPem.isPresent();
  }

  /** Whether the context names a CA bundle to trust instead of the JDK's. */
  public boolean hasCertificateAuthority() {
    return caPem.isPresent();
  }

  /**
   * A client builder for the API server with this context's credentials and trust; add the clock
   * (and a sleeper) and build.
   */
  public RestClient.Builder clientBuilder() {
    RestClient.Builder b = RestClient.builder().baseUrl(server);
    token.ifPresent(t -> b.credentials(Credentials.bearer(t)));
    caPem.ifPresent(b::trustedCertificatesPem);
    if (clientCertPem.isPresent()) {
      b.clientCertificatePem(clientCertPem.get(), clientKeyPem.orElseThrow());
    }
    return b;
  }

  /** The source, the context and the server; never a credential. */
  @Override
  public String toString() {
    return "Kubeconfig[" + source + ", context " + context + ", " + server + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private static Map<?, ?> named(
      Map<?, ?> root, String list, String field, String name, String source) {
    Object items = root.get(list);
    if (items instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && Objects.equals(text(m.get("name")), name)) {
          Object inner = m.get(field);
          if (inner instanceof Map<?, ?> im) {
            return im;
          }
          if (inner == null) {
            return Map.of();
          }
          throw bad(source, "the " + field + " '" + name + "' is not a mapping");
        }
      }
    }
    throw bad(source, "it has no " + field + " named '" + name + "' in '" + list + "'");
  }

  private static String required(Map<?, ?> m, String key, String where, String source) {
    String v = text(m.get(key));
    if (v == null || v.isBlank()) {
      throw bad(source, where + " has no '" + key + "'");
    }
    return v;
  }

  private static Optional<String> inlineOrFile(
      Map<?, ?> m, String key, Path base, String source, String where) {
    String data = text(m.get(key + "-data"));
    if (data != null && !data.isBlank()) {
      try {
        return Optional.of(
            new String(Base64.getMimeDecoder().decode(data.strip()), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw bad(source, "'" + key + "-data' of " + where + " is not base64");
      }
    }
    String file = text(m.get(key));
    if (file != null && !file.isBlank()) {
      return Optional.of(readFile(base, file, source, where));
    }
    return Optional.empty();
  }

  private static String readFile(Path base, String name, String source, String where) {
    Path p =
        name.startsWith("~/")
            ? Path.of(System.getProperty("user.home")).resolve(name.substring(2))
            : base.resolve(name);
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw bad(source, "cannot read " + p + " named by " + where);
    }
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }

  private static InvalidInputException bad(String source, String what) {
    return new InvalidInputException("unusable kubeconfig: " + what, source, null);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
