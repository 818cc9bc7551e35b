package dev.gitops.promotion.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.registry.internal.RegistryHosts;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry logins of a Docker {@code config.json}, as {@code docker login} writes them: {@code
 * auths} entries with a base64 {@code auth} ({@code user:password}) or {@code username} and {@code
 * password}. Credential helpers ({@code credHelpers}, {@code credsStore}) are out of scope: asking
 * for a registry that only a helper knows fails and names the helper, so that the user can put the
 * login into {@code auths} (or a {@code config.json} of its own for CI) instead.
 *
 * <pre>{@code
 * DockerConfig config = DockerConfig.load(Path.of(System.getProperty("user.home"), ".docker/config.json"));
 * Optional<RegistryLogin> login = config.login(ImageReference.parse("ghcr.io/myorg/api:v1"));
 * }</pre>
 */
public final class DockerConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final Map<String, RegistryLogin> auths;
  private final Map<String, String> helpers;
  private final Optional<String> store;

  private DockerConfig(
      String source,
      Map<String, RegistryLogin> auths,
      Map<String, String> helpers,
      Optional<String> store) {
    this.source = source;
    this.auths = Map.copyOf(auths);
    this.helpers = Map.copyOf(helpers);
    this.store = store;
  }

  /** A configuration with no logins: every registry is asked anonymously. */
  public static DockerConfig empty() {
    return new DockerConfig("(none)", Map.of(), Map.of(), Optional.empty());
  }

  /**
   * The file Docker reads: {@code $DOCKER_CONFIG/config.json}, else {@code
   * $HOME/.docker/config.json}; empty when neither variable is set.
   */
  public static Optional<Path> defaultLocation(AdapterContext context) {
    Optional<String> dir = context.environmentVariable("DOCKER_CONFIG");
    if (dir.isPresent()) {
      return Optional.of(Path.of(dir.get(), "config.json"));
    }
    return context.environmentVariable("HOME").map(h -> Path.of(h, ".docker", "config.json"));
  }

  /**
   * Reads {@code file}; a missing file is an empty configuration.
   *
   * @throws InvalidInputException when the file cannot be read or is not a Docker config
   */
  public static DockerConfig load(Path file) {
    if (!Files.exists(file)) {
      return empty();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the Docker config " + file + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Parses the text of a {@code config.json}; {@code source} names it in messages.
   *
   * @throws InvalidInputException when it is not JSON or an entry is malformed (never showing a
   *     secret)
   */
  public static DockerConfig parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidInputException(
          "the Docker config " + source + " is not valid JSON (line " + line(e) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("the Docker config " + source + " is not a JSON object");
    }
    Map<String, RegistryLogin> auths = new LinkedHashMap<>();
    JsonNode a = root.path("auths");
    for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      login(e.getValue(), e.getKey(), source).ifPresent(l -> auths.put(normalize(e.getKey()), l));
    }
    Map<String, String> helpers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("credHelpers").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      helpers.put(normalize(e.getKey()), e.getValue().asText());
    }
    Optional<String> store =
        root.hasNonNull("credsStore") && !root.get("credsStore").asText().isEmpty()
            ? Optional.of(root.get("credsStore").asText())
            : Optional.empty();
    return new DockerConfig(source, auths, helpers, store);
  }

  /**
   * The login for {@code reference}'s registry, empty for anonymous access.
   *
   * @throws InvalidInputException when only a credential helper knows the registry (out of scope),
   *     naming the helper
   */
  public Optional<RegistryLogin> login(ImageReference reference) {
    String key = normalize(RegistryHosts.configKey(reference));
    RegistryLogin found = auths.get(key);
    if (found == null && ImageReference.DOCKER_HUB.equals(reference.effectiveRegistry())) {
      for (String alias : List.of("docker.io", "index.docker.io", "registry-1.docker.io")) {
        found = found != null ? found : auths.get(alias);
      }
    }
    if (found != null) {
      return Optional.of(found);
    }
    String helper = helpers.get(key);
    if (helper == null && store.isPresent()) {
      helper = store.get();
    }
    if (helper != null) {
      throw new InvalidInputException(
          "the Docker config "
              + source
              + " leaves the login for "
              + SafeText.forDisplay(reference.effectiveRegistry())
              + " to the credential helper docker-credential-"
              + SafeText.forDisplay(helper)
              + ", and credential helpers are out of scope here; put a login into 'auths' (docker"
              + " login with a config of its own: DOCKER_CONFIG=<dir> docker login ...) or pass"
              + " username and password");
    }
    return Optional.empty();
  }

  /** The registries this configuration has logins for. */
  public List<String> registries() {
    return List.copyOf(auths.keySet());
  }

  /** Names the source and the registries; never a secret. */
  @Override
  public String toString() {
    return "DockerConfig[" + source + ", logins for " + auths.keySet() + "]";
  }

  private static Optional<RegistryLogin> login(JsonNode entry, String key, String source) {
    String where = "the Docker config " + source + " entry auths." + SafeText.forDisplay(key);
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(where + " has an 'auth' that is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new InvalidInputException(
            where + " has an 'auth' that does not decode to user:password");
      }
      return Optional.of(
          new RegistryLogin(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    String user = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (!user.isEmpty() && !password.isEmpty()) {
      return Optional.of(new RegistryLogin(user, password));
    }
    if (!entry.path("identitytoken").asText("").isEmpty()) {
      throw new InvalidInputException(
          where
              + " holds an identity token (an OAuth refresh token), which is out of scope here;"
              + " log in with a user name and password or token instead");
    }
    return Optional.empty();
  }

  // "https://ghcr.io/v1/" and "ghcr.io" name the same registry
  static String normalize(String key) {
    String k = key.strip().toLowerCase(Locale.ROOT);
    if (k.equals("https://index.docker.io/v1/")) {
      return k;
    }
    if (k.startsWith("https://")) {
      k = k.substring("https://".length());
    } else if (k.startsWith("http://")) {
      k = k.substring("http://".length());
    }
    int slash = k.indexOf('/');
    return slash < 0 ? k : k.substring(0, slash);
  }

  private static String line(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        && j.getLocation() != null) {
      return String.valueOf(j.getLocation().getLineNr());
    }
    return "?";
  }
}
