package dev.gitops.promotion.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.http.HttpRequest;
import dev.gitops.promotion.http.HttpResponse;
import dev.gitops.promotion.http.HttpRetryPolicy;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.registry.internal.RegistryCredentials;
import dev.gitops.promotion.registry.internal.RegistryHosts;
import dev.gitops.promotion.spi.ImageManifest;
import dev.gitops.promotion.spi.ImageRegistry;
import dev.gitops.promotion.spi.ResolvedImage;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the OCI distribution API ({@code /v2/}) for any registry: Docker Hub, GHCR, ECR,
 * GCR/Artifact Registry, Harbor, Quay, GitLab, a CNCF Distribution on this machine. Resolves a tag
 * to its digest, lists tags page by page ({@code Link}), reads manifests and their config (created
 * time, labels), and keeps a multi-platform index as the index's digest.
 *
 * <pre>{@code
 * OciRegistry registry = OciRegistry.builder()
 *     .clock(Clock.systemUTC())
 *     .dockerConfig(DockerConfig.load(Path.of(home, ".docker/config.json")))  // optional
 *     .build();
 * ResolvedImage r = registry.resolve(ImageReference.parse("ghcr.io/myorg/api:v1.4.2"));
 * r.digest();          // sha256:...
 * registry.tags(ImageReference.parse("ghcr.io/myorg/api"));
 * }</pre>
 *
 * <p>Authentication follows the distribution spec: anonymous first; on a 401 the registry's {@code
 * WWW-Authenticate} challenge says whether to send basic auth or to fetch a bearer token from its
 * token service (with the login, if there is one), which is then cached per scope until it expires.
 * Logins come from a Docker {@code config.json} or are given per registry. Host rules are Docker's:
 * {@code docker.io} is served by {@code registry-1.docker.io} and official images live under {@code
 * library/}; a registry on this machine speaks plain http, every other https.
 *
 * <p>All HTTP goes through promotion-http's {@link RestClient}: retries with backoff, rate-limit
 * waits, redirects to blob storage without the credentials, typed errors without secrets.
 */
public final class OciRegistry implements ImageRegistry {
  /** The manifest media types asked for, images and indexes, OCI and Docker. */
  public static final List<String> MANIFEST_TYPES =
      List.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  private static final String ACCEPT = String.join(", ", MANIFEST_TYPES);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final Sleeper sleeper;
  private final DockerConfig dockerConfig;
  private final Map<String, RegistryLogin> logins;
  private final Map<String, String> endpoints;
  private final boolean verifyDigests;
  private final boolean allowPlainHttp;
  private final int pageSize;
  private final int maxPages;
  private final HttpRetryPolicy retryPolicy;
  private final Map<String, RestClient> hostClients = new ConcurrentHashMap<>();
  private final Map<String, RestClient> repositoryClients = new ConcurrentHashMap<>();
  private final Map<String, RegistryCredentials.TokenCache> tokens = new ConcurrentHashMap<>();

  private OciRegistry(Builder b) {
    this.clock = Objects.requireNonNull(b.clock, "clock is required");
    this.sleeper = b.sleeper;
    this.dockerConfig = b.dockerConfig;
    this.logins = Map.copyOf(b.logins);
    this.endpoints = Map.copyOf(b.endpoints);
    this.verifyDigests = b.verifyDigests;
    this.allowPlainHttp = b.allowPlainHttp;
    this.pageSize = b.pageSize;
    this.maxPages = b.maxPages;
    this.retryPolicy = b.retryPolicy;
  }

  /** A new builder; only the clock is required. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ the port

  /**
   * {@inheritDoc}
   *
   * <p>Sends {@code HEAD /v2/<name>/manifests/<tag>} and reads {@code Docker-Content-Digest}; when
   * the registry sends no digest, or digests are verified ({@link Builder#verifyDigests}), the
   * manifest is fetched and hashed, and a digest that differs from what the registry said is
   * refused.
   */
  @Override
  public ResolvedImage resolve(ImageReference reference) {
    String ref = referenceOf(reference);
    RestClient client = client(reference);
    HttpResponse head =
        client.execute(
            HttpRequest.head()
                .segments("v2")
                .path(RegistryHosts.repositoryPath(reference))
                .segments("manifests", ref)
                .header("Accept", ACCEPT)
                .acceptStatus(404)
                .build());
    if (head.status() == 404) {
      throw notFound(reference);
    }
    Optional<ImageDigest> said =
        head.header("Docker-Content-Digest").flatMap(d -> ImageDigest.tryParse(d.strip()));
    String mediaType = head.header("Content-Type").map(OciRegistry::mediaType).orElse("");
    if (said.isEmpty() || verifyDigests || mediaType.isEmpty()) {
      Fetched m = fetchManifest(reference, ref);
      return new ResolvedImage(reference, m.digest(), m.mediaType());
    }
    reference.digest().ifPresent(asked -> requireSame(reference, asked, said.get()));
    return new ResolvedImage(reference, said.get(), mediaType);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads {@code GET /v2/<name>/tags/list?n=<page size>} and follows {@code Link: <...>;
   * rel="next"}.
   */
  @Override
  public List<String> tags(ImageReference repository) {
    RestClient client = client(repository);
    HttpRequest first =
        HttpRequest.get()
            .segments("v2")
            .path(RegistryHosts.repositoryPath(repository))
            .segments("tags", "list")
            .query("n", pageSize)
            .acceptStatus(404)
            .build();
    List<String> out = new ArrayList<>();
    // one page more than allowed is asked for, to tell "exactly maxPages" from "more"
    Iterator<HttpResponse> pages =
        client.pages(first, maxPages == Integer.MAX_VALUE ? maxPages : maxPages + 1).iterator();
    int count = 0;
    while (pages.hasNext()) {
      HttpResponse page = pages.next();
      count++;
      if (count > maxPages) {
        throw new InvalidInputException(
            "the tags of "
                + repository.canonicalName()
                + " take more than "
                + maxPages
                + " pages of "
                + pageSize
                + "; raise maxPages or pageSize");
      }
      if (page.status() == 404) {
        throw new InvalidInputException(
            "the registry "
                + RegistryHosts.apiHost(repository)
                + " has no repository "
                + SafeText.forDisplay(RegistryHosts.repositoryPath(repository)));
      }
      JsonNode tags = readJson(page).path("tags");
      if (tags.isArray()) {
        tags.forEach(t -> out.add(t.asText()));
      }
    }
    return out;
  }

  /**
   * {@inheritDoc}
   *
   * <p>For an image, its config blob is read for {@code created} and {@code config.Labels}.
   */
  @Override
  public ImageManifest manifest(ImageReference reference) {
    Fetched m = fetchManifest(reference, referenceOf(reference));
    JsonNode root = m.json();
    if (isIndexType(m.mediaType())) {
      List<String> platforms = new ArrayList<>();
      for (JsonNode entry : root.path("manifests")) {
        JsonNode p = entry.path("platform");
        if (p.isObject()) {
          String s = p.path("os").asText("?") + "/" + p.path("architecture").asText("?");
          if (p.hasNonNull("variant")) {
            s += "/" + p.get("variant").asText();
          }
          platforms.add(s);
        }
      }
      return new ImageManifest(m.digest(), m.mediaType(), Optional.empty(), Map.of(), platforms);
    }
    Optional<Instant> created = Optional.empty();
    Map<String, String> labels = new LinkedHashMap<>();
    Optional<ImageDigest> configDigest =
        ImageDigest.tryParse(root.path("config").path("digest").asText(null));
    if (configDigest.isPresent()) {
      JsonNode config = parse(blob(reference, configDigest.get()), reference);
      String c = config.path("created").asText("");
      if (!c.isEmpty()) {
        try {
          created = Optional.of(Instant.parse(c));
        } catch (DateTimeParseException e) {
          created = Optional.empty();
        }
      }
      config
          .path("config")
          .path("Labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    }
    return new ImageManifest(m.digest(), m.mediaType(), created, labels, List.of());
  }

  // ------------------------------------------------------------------ for the signature verifier

  /** A manifest as fetched: its bytes, digest (hashed), media type and parsed JSON. */
  record Fetched(byte[] bytes, ImageDigest digest, String mediaType, JsonNode json) {}

  /** The manifest {@code ref} (tag or digest) of {@code repository}; empty when it is not there. */
  Optional<Fetched> findManifest(ImageReference repository, String ref) {
    HttpResponse r =
        client(repository)
            .execute(
                HttpRequest.get()
                    .segments("v2")
                    .path(RegistryHosts.repositoryPath(repository))
                    .segments("manifests", ref)
                    .header("Accept", ACCEPT)
                    .acceptStatus(404)
                    .build());
    if (r.status() == 404) {
      return Optional.empty();
    }
    byte[] bytes = r.bytes();
    String algorithm =
        ImageDigest.tryParse(ref)
            .map(ImageDigest::algorithm)
            .or(
                () ->
                    r.header("Docker-Content-Digest")
                        .flatMap(ImageDigest::tryParse)
                        .map(ImageDigest::algorithm))
            .orElse("sha256");
    ImageDigest hashed = hash(algorithm, bytes);
    Optional<ImageDigest> said =
        r.header("Docker-Content-Digest").flatMap(d -> ImageDigest.tryParse(d.strip()));
    if (said.isPresent() && !said.get().equals(hashed)) {
      throw new RemoteUnavailableException(
          r.host(),
          r.status(),
          false,
          r.host()
              + " sent a manifest of "
              + SafeText.forDisplay(repository.name())
              + " whose content hashes to "
              + hashed
              + " while it said "
              + said.get()
              + "; refused",
          null);
    }
    ImageDigest.tryParse(ref).ifPresent(asked -> requireSame(repository, asked, hashed));
    JsonNode json = parse(bytes, repository);
    String mediaType =
        json.hasNonNull("mediaType")
            ? json.get("mediaType").asText()
            : r.header("Content-Type").map(OciRegistry::mediaType).orElse("");
    return Optional.of(new Fetched(bytes, hashed, mediaType, json));
  }

  /** The blob {@code digest} of {@code repository}, its content checked against the digest. */
  byte[] blob(ImageReference repository, ImageDigest digest) {
    HttpResponse r =
        client(repository)
            .execute(
                HttpRequest.get()
                    .segments("v2")
                    .path(RegistryHosts.repositoryPath(repository))
                    .segments("blobs", digest.toString())
                    .header("Accept", "*/*")
                    .build());
    byte[] bytes = r.bytes();
    ImageDigest hashed = hash(digest.algorithm(), bytes);
    if (!hashed.equals(digest)) {
      throw new RemoteUnavailableException(
          r.host(),
          r.status(),
          false,
          "the blob "
              + digest.shortForm()
              + " of "
              + repository.name()
              + " hashes to "
              + hashed
              + "; refused",
          null);
    }
    return bytes;
  }

  // ------------------------------------------------------------------ internals

  private Fetched fetchManifest(ImageReference reference, String ref) {
    return findManifest(reference, ref).orElseThrow(() -> notFound(reference));
  }

  private static String referenceOf(ImageReference reference) {
    if (reference.digest().isPresent()) {
      return reference.digest().get().toString();
    }
    return reference.tag().orElse("latest");
  }

  private RestClient client(ImageReference reference) {
    String host = RegistryHosts.apiHost(reference);
    String path = RegistryHosts.repositoryPath(reference);
    return repositoryClients.computeIfAbsent(
        host + "/" + path,
        k -> {
          RestClient base = hostClient(reference, host);
          Optional<RegistryLogin> login =
              Optional.ofNullable(logins.get(reference.effectiveRegistry()))
                  .or(() -> Optional.ofNullable(logins.get(host)))
                  .or(() -> dockerConfig.login(reference));
          RegistryCredentials credentials =
              new RegistryCredentials(
                  tokens.computeIfAbsent(host, h -> new RegistryCredentials.TokenCache()),
                  login,
                  path,
                  clock);
          return base.newBuilder().credentials(credentials).build();
        });
  }

  private RestClient hostClient(ImageReference reference, String host) {
    return hostClients.computeIfAbsent(
        host,
        h -> {
          String url =
              Optional.ofNullable(endpoints.get(reference.effectiveRegistry()))
                  .or(() -> Optional.ofNullable(endpoints.get(h)))
                  .orElse(RegistryHosts.baseUrl(reference));
          return RestClient.builder()
              .baseUrl(url)
              .clock(clock)
              .sleeper(sleeper)
              .retryPolicy(retryPolicy)
              .allowPlainHttp(allowPlainHttp)
              .userAgent("promotion-sdk")
              .build();
        });
  }

  private static InvalidInputException notFound(ImageReference reference) {
    String what =
        reference.digest().isPresent()
            ? "manifest " + reference.digest().get().shortForm()
            : "tag '" + reference.tag().orElse("latest") + "'";
    return new InvalidInputException(
        "the registry "
            + RegistryHosts.apiHost(reference)
            + " has no "
            + SafeText.forDisplay(what)
            + " in repository "
            + SafeText.forDisplay(RegistryHosts.repositoryPath(reference))
            + " (or the repository does not exist)");
  }

  private static void requireSame(ImageReference reference, ImageDigest asked, ImageDigest got) {
    if (!asked.equals(got)) {
      throw new RemoteUnavailableException(
          RegistryHosts.apiHost(reference),
          200,
          false,
          "asked for " + asked + " of " + reference.name() + " and the registry answered " + got,
          null);
    }
  }

  static ImageDigest hash(String algorithm, byte[] bytes) {
    String jdk = algorithm.equals("sha512") ? "SHA-512" : "SHA-256";
    try {
      return new ImageDigest(
          algorithm.equals("sha512") ? "sha512" : "sha256",
          HexFormat.of().formatHex(MessageDigest.getInstance(jdk).digest(bytes)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + jdk, e);
    }
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
  }

  static boolean isIndexType(String mediaType) {
    return mediaType.contains("index") || mediaType.contains("manifest.list");
  }

  private static JsonNode readJson(HttpResponse r) {
    try {
      return JSON.readTree(r.bytes());
    } catch (IOException e) {
      throw new RemoteUnavailableException(
          r.host(),
          r.status(),
          false,
          r.host() + " sent a body that is not JSON for " + r.path(),
          e);
    }
  }

  private static JsonNode parse(byte[] bytes, ImageReference reference) {
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new RemoteUnavailableException(
          RegistryHosts.apiHost(reference),
          200,
          false,
          "the registry sent a manifest or config of " + reference.name() + " that is not JSON",
          e);
    }
  }

  /** Names the settings; never a secret. */
  @Override
  public String toString() {
    return "OciRegistry[" + dockerConfig + ", logins for " + logins.keySet() + "]";
  }

  /** Builds an {@link OciRegistry}. */
  public static final class Builder {
    private Clock clock;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DockerConfig dockerConfig = DockerConfig.empty();
    private final Map<String, RegistryLogin> logins = new LinkedHashMap<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private boolean verifyDigests;
    private boolean allowPlainHttp;
    private int pageSize = 100;
    private int maxPages = 100;
    private HttpRetryPolicy retryPolicy = HttpRetryPolicy.defaults();

    private Builder() {}

    /** The clock token expiry and retry waits are measured on. Required. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How retries wait; {@link Sleeper#SYSTEM} unless set. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** How HTTP calls are retried; {@link HttpRetryPolicy#defaults()} unless set. */
    public Builder retryPolicy(HttpRetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** The logins of a Docker {@code config.json}; none unless set. */
    public Builder dockerConfig(DockerConfig config) {
      this.dockerConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The login for {@code registry} (as written in references, like {@code ghcr.io}). */
    public Builder login(String registry, RegistryLogin login) {
      logins.put(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(login));
      return this;
    }

    /**
     * Where the API of {@code registry} is served, like {@code https://mirror.example.com} (a
     * mirror) or {@code http://127.0.0.1:5000}; the Docker rules decide unless set.
     *
     * @throws InvalidInputException when {@code baseUrl} is not an absolute http or https URL, or
     *     carries a login (user-info): logins go through {@link #login} or the Docker config
     */
    public Builder endpoint(String registry, String baseUrl) {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(baseUrl, "baseUrl");
      java.net.URI uri;
      try {
        uri = new java.net.URI(baseUrl);
      } catch (java.net.URISyntaxException e) {
        uri = null;
      }
      if (uri == null
          || uri.getHost() == null
          || !("https".equalsIgnoreCase(uri.getScheme())
              || "http".equalsIgnoreCase(uri.getScheme()))) {
        throw new InvalidInputException(
            "the endpoint of registry '"
                + SafeText.forDisplay(registry)
                + "', '"
                + SafeText.forDisplay(baseUrl)
                + "', is not an absolute http or https URL");
      }
      if (uri.getRawUserInfo() != null) {
        throw new InvalidInputException(
            "the endpoint of registry '"
                + SafeText.forDisplay(registry)
                + "', '"
                + SafeText.forDisplay(baseUrl)
                + "', carries a login (user-info); give logins through the Docker config.json"
                + " or usernameEnv and passwordEnv instead");
      }
      endpoints.put(registry, baseUrl);
      return this;
    }

    /**
     * Whether every resolve fetches the manifest and hashes it rather than trust the registry's
     * {@code Docker-Content-Digest} header; false unless set (the body is hashed anyway when the
     * header is missing).
     */
    public Builder verifyDigests(boolean verify) {
      this.verifyDigests = verify;
      return this;
    }

    /** Allows plain http to endpoints other than this machine; off unless set. */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /** How many tags one page asks for (100 unless set). */
    public Builder pageSize(int tags) {
      if (tags < 1) {
        throw new InvalidInputException("pageSize must be at least 1, got " + tags);
      }
      this.pageSize = tags;
      return this;
    }

    /** How many pages of tags are read at most (100 unless set). */
    public Builder maxPages(int pages) {
      if (pages < 1) {
        throw new InvalidInputException("maxPages must be at least 1, got " + pages);
      }
      this.maxPages = pages;
      return this;
    }

    /**
     * The client.
     *
     * @throws InvalidInputException when the clock is missing
     */
    public OciRegistry build() {
      if (clock == null) {
        throw new InvalidInputException("an OciRegistry needs a clock: builder().clock(...)");
      }
      return new OciRegistry(this);
    }
  }
}
