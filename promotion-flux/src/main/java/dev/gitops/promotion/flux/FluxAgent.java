package dev.gitops.promotion.flux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.flux.internal.FluxRevisions;
import dev.gitops.promotion.flux.internal.FluxStatus;
import dev.gitops.promotion.http.HttpRequest;
import dev.gitops.promotion.http.HttpResponse;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link GitOpsAgent} backed by Flux, read through the Kubernetes API (no Kubernetes client
 * library: the shared {@link RestClient} with the kubeconfig's credentials, see {@link
 * Kubeconfig}).
 *
 * <p>An application is a Kustomization ({@code kustomize.toolkit.fluxcd.io/v1}), named by a
 * template ({@code {app}} unless set; {@code {env}} is replaced too) in one namespace ({@code
 * flux-system} unless set). {@link #status} reads it and its source GitRepository: the revision is
 * the commit of {@code lastAppliedRevision} ({@code main@sha1:<hex>}, parsed as Flux does), the
 * health comes from the Ready, Reconciling and Stalled conditions for the current generation
 * (suspended is {@link Health#SUSPENDED}; waiting on a dependency is {@link Health#PROGRESSING}),
 * and it is synced when Ready for the current generation at the source's artifact revision. Flux
 * does not report running images; {@link #imagePolicy} reads what an ImagePolicy selected.
 *
 * <p>{@link #requestSync} is Flux's reconcile handshake: a merge-patch of {@code
 * reconcile.fluxcd.io/requestedAt} with a fresh token on the source and the Kustomization; {@link
 * #reconcile} also waits, polling with backoff through the injected {@link Sleeper}, until the
 * controller has handled the token ({@code status.lastHandledReconcileAt}) and Ready is current.
 *
 * <p>Thread-safe.
 */
public final class FluxAgent implements GitOpsAgent {
  /** The annotation whose new value asks a Flux controller to reconcile now. */
  public static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

  /** The default Kustomization name: the application's name. */
  public static final String DEFAULT_KUSTOMIZATION = "{app}";

  private static final String KUSTOMIZATIONS = "kustomize.toolkit.fluxcd.io/v1/kustomizations";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final Supplier<RestClient> client;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String namespace;
  private final String template;

  private FluxAgent(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client is required");
    this.clock = Objects.requireNonNull(b.clock, "clock is required");
    this.sleeper = b.sleeper;
    this.namespace = b.namespace;
    this.template = b.template;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Kustomization name of {@code application} in {@code environment}. */
  public String kustomizationName(Environment environment, Application application) {
    return template.replace("{app}", application.name()).replace("{env}", environment.name());
  }

  @Override
  public SyncStatus status(Environment environment, Application application) {
    String name = kustomizationName(environment, application);
    Optional<JsonNode> ks = get(KUSTOMIZATIONS, namespace, name);
    if (ks.isEmpty()) {
      return SyncStatus.builder()
          .sync(SyncStatus.Sync.UNKNOWN)
          .health(Health.MISSING)
          .observedAt(clock.instant())
          .message("Flux has no Kustomization " + namespace + "/" + name)
          .build();
    }
    return FluxStatus.kustomization(ks.get(), sourceRevision(ks.get()), clock.instant());
  }

  /**
   * Asks Flux to reconcile the application's source and Kustomization now (a merge-patch of {@value
   * #REQUESTED_AT}); returns at once. {@link #reconcile} also waits.
   *
   * @throws RemoteUnavailableException when the API server refuses the patch (a 403 names the
   *     missing {@code patch} permission) or the Kustomization does not exist
   */
  @Override
  public void requestSync(Environment environment, Application application) {
    requestReconcile(kustomizationName(environment, application));
  }

  /**
   * Flux's reconcile handshake: requests a reconcile with a fresh token, then polls (every {@code
   * poll}, doubling up to a minute) until the Kustomization's {@code lastHandledReconcileAt} is the
   * token, its Ready condition is current and it is no longer reconciling, at most {@code timeout}.
   *
   * @return the status after the handshake
   * @throws RemoteUnavailableException retryable when the controller did not handle the request in
   *     time
   */
  public SyncStatus reconcile(
      Environment environment, Application application, Duration timeout, Duration poll) {
    String name = kustomizationName(environment, application);
    String token = requestReconcile(name);
    Instant deadline = clock.instant().plus(timeout);
    Duration wait = poll;
    while (true) {
      JsonNode ks =
          get(KUSTOMIZATIONS, namespace, name)
              .orElseThrow(() -> notFound("Kustomization", namespace, name));
      boolean handled = token.equals(ks.path("status").path("lastHandledReconcileAt").asText(""));
      boolean reconciling =
          "True".equals(FluxStatus.condition(ks, "Reconciling").path("status").asText());
      if (handled && FluxStatus.current(ks) && !reconciling) {
        return FluxStatus.kustomization(ks, sourceRevision(ks), clock.instant());
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new RemoteUnavailableException(
            client.get().baseUrl(),
            -1,
            true,
            "Flux has not "
                + (handled ? "finished reconciling" : "handled the reconcile request for")
                + " Kustomization "
                + namespace
                + "/"
                + name
                + " within "
                + timeout
                + "; is kustomize-controller running?",
            null);
      }
      Duration left = Duration.between(now, deadline);
      Duration step = wait.compareTo(left) > 0 ? left : wait;
      sleeper.sleep(step);
      if (Thread.currentThread().isInterrupted()) {
        throw new RemoteUnavailableException(
            client.get().baseUrl(), -1, true, "interrupted while waiting for Flux", null);
      }
      wait =
          wait.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
              ? Duration.ofMinutes(1)
              : wait.multipliedBy(2);
    }
  }

  /**
   * The dependencies of the application's Kustomization ({@code spec.dependsOn}), each judged by
   * the controller's own rule: the dependency's generation is observed, it is Ready, and when it
   * shares the dependent's source, it applied the source's current artifact revision.
   */
  public List<FluxDependency> dependencies(Environment environment, Application application) {
    String name = kustomizationName(environment, application);
    JsonNode ks =
        get(KUSTOMIZATIONS, namespace, name)
            .orElseThrow(() -> notFound("Kustomization", namespace, name));
    Optional<String> source = sourceRevision(ks);
    JsonNode sourceRef = ks.path("spec").path("sourceRef");
    List<FluxDependency> out = new ArrayList<>();
    for (JsonNode d : ks.path("spec").path("dependsOn")) {
      String depName = d.path("name").asText();
      String depNs = d.path("namespace").asText(namespace);
      Optional<JsonNode> dep = get(KUSTOMIZATIONS, depNs, depName);
      if (dep.isEmpty()) {
        out.add(new FluxDependency(depNs, depName, false, "it does not exist"));
        continue;
      }
      JsonNode dk = dep.get();
      if (!FluxStatus.current(dk)) {
        out.add(new FluxDependency(depNs, depName, false, "its generation is not observed yet"));
      } else if (!FluxStatus.ready(dk)) {
        out.add(new FluxDependency(depNs, depName, false, "it is not Ready"));
      } else if (sameSource(sourceRef, ks, dk)
          && source.isPresent()
          && !FluxRevisions.hash(source.get())
              .equals(FluxRevisions.hash(dk.path("status").path("lastAppliedRevision").asText()))) {
        out.add(
            new FluxDependency(
                depNs, depName, false, "it has not applied the source's revision yet"));
      } else {
        out.add(new FluxDependency(depNs, depName, true, "ready"));
      }
    }
    return out;
  }

  /**
   * Of {@code others}, those whose Kustomization the application's Kustomization depends on ({@code
   * spec.dependsOn}).
   */
  @Override
  public Set<String> dependsOn(
      Environment environment, Application application, Collection<Application> others) {
    String name = kustomizationName(environment, application);
    Optional<JsonNode> ks = get(KUSTOMIZATIONS, namespace, name);
    if (ks.isEmpty()) {
      return Set.of();
    }
    Set<String> deps = new LinkedHashSet<>();
    for (JsonNode d : ks.get().path("spec").path("dependsOn")) {
      String depName = d.path("name").asText();
      String depNs = d.path("namespace").asText(namespace);
      for (Application o : others) {
        if (!o.name().equals(application.name())
            && depNs.equals(namespace)
            && depName.equals(kustomizationName(environment, o))) {
          deps.add(o.name());
        }
      }
    }
    return deps;
  }

  /**
   * A HelmRelease's status ({@code helm.toolkit.fluxcd.io/v2}): health from its conditions, synced
   * when Ready and its newest release is deployed; it carries no commit (the message names the
   * chart version). A missing HelmRelease is {@link Health#MISSING}.
   */
  public SyncStatus helmRelease(String namespace, String name) {
    return get("helm.toolkit.fluxcd.io/v2/helmreleases", namespace, name)
        .map(hr -> FluxStatus.helmRelease(hr, clock.instant()))
        .orElseGet(
            () ->
                SyncStatus.builder()
                    .sync(SyncStatus.Sync.UNKNOWN)
                    .health(Health.MISSING)
                    .observedAt(clock.instant())
                    .message("Flux has no HelmRelease " + namespace + "/" + name)
                    .build());
  }

  /** The commit a GitRepository's artifact holds ({@code source.toolkit.fluxcd.io/v1}). */
  public Optional<Revision> gitRepositoryRevision(String namespace, String name) {
    return get("source.toolkit.fluxcd.io/v1/gitrepositories", namespace, name)
        .flatMap(FluxStatus::artifactRevision)
        .flatMap(FluxRevisions::hash)
        .map(Revision::of);
  }

  /**
   * The image an ImagePolicy selected: {@code image.toolkit.fluxcd.io/v1} ({@code latestRef}),
   * falling back on {@code v1beta2} ({@code latestRef} or the legacy {@code latestImage}) when the
   * cluster does not serve v1.
   */
  public Optional<ImageReference> imagePolicy(String namespace, String name) {
    Optional<JsonNode> p;
    try {
      p = get("image.toolkit.fluxcd.io/v1/imagepolicies", namespace, name);
    } catch (RemoteUnavailableException e) {
      p = Optional.empty();
    }
    if (p.isEmpty()) {
      p = get("image.toolkit.fluxcd.io/v1beta2/imagepolicies", namespace, name);
    }
    return p.flatMap(FluxStatus::latestImage);
  }

  @Override
  public String toString() {
    return "FluxAgent[" + namespace + ", " + template + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private String requestReconcile(String name) {
    String token = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    Optional<JsonNode> ks = get(KUSTOMIZATIONS, namespace, name);
    if (ks.isEmpty()) {
      throw notFound("Kustomization", namespace, name);
    }
    JsonNode ref = ks.get().path("spec").path("sourceRef");
    if ("GitRepository".equals(ref.path("kind").asText())) {
      patch(
          "source.toolkit.fluxcd.io/v1/gitrepositories",
          ref.path("namespace").asText(namespace),
          ref.path("name").asText(),
          token);
    }
    patch(KUSTOMIZATIONS, namespace, name, token);
    return token;
  }

  private void patch(String resource, String ns, String name, String token) {
    client
        .get()
        .execute(
            HttpRequest.patch()
                .path("apis/" + resource.replace("/" + plural(resource), ""))
                .segments("namespaces", ns, plural(resource), name)
                .jsonBody(Map.of("metadata", Map.of("annotations", Map.of(REQUESTED_AT, token))))
                .contentType(MERGE_PATCH)
                .idempotent(true)
                .build());
  }

  private Optional<JsonNode> get(String resource, String ns, String name) {
    HttpResponse r =
        client
            .get()
            .execute(
                HttpRequest.get()
                    .path("apis/" + resource.replace("/" + plural(resource), ""))
                    .segments("namespaces", ns, plural(resource), name)
                    .acceptStatus(404)
                    .build());
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(r.json(JsonNode.class));
  }

  private Optional<String> sourceRevision(JsonNode ks) {
    JsonNode ref = ks.path("spec").path("sourceRef");
    if (!"GitRepository".equals(ref.path("kind").asText())) {
      return Optional.empty();
    }
    String ns =
        ref.path("namespace").asText(ks.path("metadata").path("namespace").asText(namespace));
    try {
      return get("source.toolkit.fluxcd.io/v1/gitrepositories", ns, ref.path("name").asText())
          .flatMap(FluxStatus::artifactRevision);
    } catch (RemoteUnavailableException e) {
      if (e.isRetryable()) {
        throw e;
      }
      return Optional.empty(); // no permission to read sources: judge by the attempted revision
    }
  }

  private static boolean sameSource(JsonNode ref, JsonNode ks, JsonNode dep) {
    JsonNode other = dep.path("spec").path("sourceRef");
    String ns = ks.path("metadata").path("namespace").asText("");
    String depNs = dep.path("metadata").path("namespace").asText("");
    return ref.path("kind").asText().equals(other.path("kind").asText())
        && ref.path("name").asText().equals(other.path("name").asText())
        && ref.path("namespace").asText(ns).equals(other.path("namespace").asText(depNs));
  }

  private static String plural(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  private RemoteUnavailableException notFound(String kind, String ns, String name) {
    return new RemoteUnavailableException(
        client.get().baseUrl(),
        404,
        false,
        "Flux has no " + kind + " " + ns + "/" + name + "; check the name template and namespace",
        null);
  }

  /** Builds a {@link FluxAgent}. The client and the clock are required. */
  public static final class Builder {
    private Supplier<RestClient> client;
    private Clock clock;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private String namespace = "flux-system";
    private String template = DEFAULT_KUSTOMIZATION;

    private Builder() {}

    /**
     * The client for the Kubernetes API server, with its credentials and CA ({@link
     * Kubeconfig#clientBuilder()}).
     */
    public Builder client(RestClient client) {
      Objects.requireNonNull(client, "client");
      this.client = () -> client;
      return this;
    }

    /** A client made when the API server is first asked (credentials are read then). */
    Builder lazyClient(Supplier<RestClient> client) {
      RestClient[] made = new RestClient[1];
      this.client =
          () -> {
            synchronized (made) {
              if (made[0] == null) {
                made[0] = client.get();
              }
              return made[0];
            }
          };
      return this;
    }

    /** The clock statuses and reconcile tokens come from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How {@link FluxAgent#reconcile} waits between polls; {@link Sleeper#SYSTEM} unless set. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The namespace of the Kustomizations ({@code flux-system} unless set). */
    public Builder namespace(String namespace) {
      if (namespace == null || namespace.isBlank()) {
        throw new InvalidInputException("the Flux namespace must not be empty");
      }
      this.namespace = namespace;
      return this;
    }

    /**
     * The Kustomization name, with {@code {app}} and {@code {env}} replaced; {@value
     * #DEFAULT_KUSTOMIZATION} unless set.
     */
    public Builder kustomization(String template) {
      if (template == null || template.isBlank()) {
        throw new InvalidInputException("the Kustomization name template must not be empty");
      }
      this.template = template;
      return this;
    }

    /** The agent. */
    public FluxAgent build() {
      return new FluxAgent(this);
    }
  }
}
