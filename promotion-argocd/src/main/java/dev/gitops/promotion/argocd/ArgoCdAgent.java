package dev.gitops.promotion.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Sleeper;
import dev.gitops.promotion.argocd.internal.ApplicationReader;
import dev.gitops.promotion.http.HttpRequest;
import dev.gitops.promotion.http.HttpResponse;
import dev.gitops.promotion.http.RestClient;
import dev.gitops.promotion.schedule.CronWindow;
import dev.gitops.promotion.spi.GitOpsAgent;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link GitOpsAgent} backed by an Argo CD server's REST API ({@code /api/v1/applications}).
 *
 * <p>{@link #status} reads {@code GET /api/v1/applications/{name}}: the sync status and the
 * resolved commit it compared ({@code status.sync.revision}, or {@code revisions[source]} for a
 * multi-source application), the health, the running operation and the images of the child
 * resources ({@code status.summary.images}). The first read of an application, and the first after
 * {@link #requestSync}, asks for {@code refresh=normal} (Argo CD then compares with Git now rather
 * than at its next poll; the call blocks until it has, so the client's read timeout should be
 * generous); later reads are plain. An application Argo CD does not know is {@link Health#MISSING}.
 * An app-of-apps (a parent whose resources are {@code Application}s) is judged by its children: the
 * worst health, synced only when every child is.
 *
 * <p>{@link #requestSync} posts {@code /api/v1/applications/{name}/sync}. "Another operation is
 * already in progress" is retried with backoff through the injected {@link Sleeper}; a sync window
 * that blocks syncing is a retryable {@link RemoteUnavailableException} whose {@link
 * RemoteUnavailableException#retryAt()} is the window's end when the server tells the window.
 *
 * <pre>{@code
 * ArgoCdAgent agent = ArgoCdAgent.builder()
 *     .client(RestClient.builder()
 *         .baseUrl("https://argocd.example")
 *         .credentials(Credentials.bearer(System.getenv("ARGOCD_AUTH_TOKEN")))
 *         .readTimeout(Duration.ofMinutes(2))
 *         .clock(clock)
 *         .build())
 *     .applicationName("{app}-{env}")
 *     .clock(clock)
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ArgoCdAgent implements GitOpsAgent {
  /** The default application name: the application's name, a dash, the environment's. */
  public static final String DEFAULT_APPLICATION_NAME = "{app}-{env}";

  private static final String ANOTHER_OPERATION = "another operation is already in progress";
  private static final String SYNC_WINDOW = "blocked by sync window";

  private final RestClient client;
  private final String nameTemplate;
  private final Optional<String> project;
  private final Optional<String> appNamespace;
  private final int source;
  private final boolean appOfApps;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int syncAttempts;
  private final Duration syncBackoff;
  private final Set<String> refreshed = ConcurrentHashMap.newKeySet();

  private ArgoCdAgent(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client is required");
    this.clock = Objects.requireNonNull(b.clock, "clock is required");
    this.nameTemplate = b.nameTemplate;
    this.project = b.project;
    this.appNamespace = b.appNamespace;
    this.source = b.source;
    this.appOfApps = b.appOfApps;
    this.sleeper = b.sleeper;
    this.syncAttempts = b.syncAttempts;
    this.syncBackoff = b.syncBackoff;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Argo CD application name of {@code application} in {@code environment}. */
  public String applicationName(Environment environment, Application application) {
    return nameTemplate.replace("{app}", application.name()).replace("{env}", environment.name());
  }

  @Override
  public SyncStatus status(Environment environment, Application application) {
    String name = applicationName(environment, application);
    Optional<JsonNode> app = read(name, refreshed.add(name));
    if (app.isEmpty()) {
      return missing(name);
    }
    SyncStatus parent = ApplicationReader.read(app.get(), source, clock.instant());
    List<String> children = appOfApps ? ApplicationReader.childApplications(app.get()) : List.of();
    if (children.isEmpty()) {
      return parent;
    }
    return combine(parent, children);
  }

  /**
   * Asks Argo CD to sync the application to its target revision now.
   *
   * @throws RemoteUnavailableException retryable when another operation still runs after the
   *     retries, or a sync window blocks syncing (with the window's end as {@link
   *     RemoteUnavailableException#retryAt()} when known); not retryable for a missing application
   *     or missing permission
   */
  @Override
  public void requestSync(Environment environment, Application application) {
    String name = applicationName(environment, application);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prune", false);
    appNamespace.ifPresent(ns -> body.put("appNamespace", ns));
    project.ifPresent(p -> body.put("project", p));
    Duration wait = syncBackoff;
    for (int attempt = 1; ; attempt++) {
      HttpResponse r =
          client.execute(
              HttpRequest.post()
                  .segments("api", "v1", "applications", name, "sync")
                  .jsonBody(body)
                  .acceptStatus(400, 403)
                  .build());
      if (r.isSuccessful()) {
        refreshed.remove(name);
        return;
      }
      String message = r.errorMessage().orElse("");
      if (r.status() == 400 && message.contains(ANOTHER_OPERATION)) {
        if (attempt >= syncAttempts) {
          throw new RemoteUnavailableException(
              r.host(),
              400,
              true,
              "Argo CD application '"
                  + name
                  + "' still runs another operation after "
                  + attempt
                  + " attempts to sync; try again later or terminate it",
              null);
        }
        sleeper.sleep(wait);
        if (Thread.currentThread().isInterrupted()) {
          throw new RemoteUnavailableException(
              r.host(), 400, true, "interrupted while waiting to sync '" + name + "'", null);
        }
        wait = wait.multipliedBy(2);
        continue;
      }
      if (r.status() == 403 && message.contains(SYNC_WINDOW)) {
        Optional<Instant> end = windowEnd(name);
        throw new RemoteUnavailableException(
            r.host(),
            403,
            true,
            end.orElse(null),
            "a sync window blocks syncing Argo CD application '"
                + name
                + "'"
                + end.map(e -> " until " + e).orElse("")
                + "; the agent syncs when it opens",
            null);
      }
      throw new RemoteUnavailableException(
          r.host(),
          r.status(),
          false,
          r.host()
              + " answered "
              + r.status()
              + " to the sync of Argo CD application '"
              + name
              + "'"
              + (message.isEmpty() ? "" : ": " + message),
          null);
    }
  }

  /**
   * The sync wave annotated on the application resource ({@code argocd.argoproj.io/sync-wave}), as
   * an app-of-apps orders its children; empty when it has none or does not exist.
   */
  public OptionalInt syncWave(Environment environment, Application application) {
    return read(applicationName(environment, application), false)
        .map(ApplicationReader::syncWave)
        .orElse(OptionalInt.empty());
  }

  /**
   * Of {@code others}, those {@code application} must follow because their sync wave is lower (Argo
   * CD syncs lower waves first); applications without the annotation are in wave 0.
   */
  @Override
  public Set<String> dependsOn(
      Environment environment, Application application, Collection<Application> others) {
    int mine = syncWave(environment, application).orElse(0);
    Set<String> before = new LinkedHashSet<>();
    for (Application o : others) {
      if (!o.name().equals(application.name()) && syncWave(environment, o).orElse(0) < mine) {
        before.add(o.name());
      }
    }
    return before;
  }

  @Override
  public String toString() {
    return "ArgoCdAgent[" + client.baseUrl() + ", " + nameTemplate + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private Optional<JsonNode> read(String name, boolean refresh) {
    HttpRequest.Builder get = HttpRequest.get().segments("api", "v1", "applications", name);
    if (refresh) {
      get.query("refresh", "normal");
    }
    project.ifPresent(p -> get.query("project", p));
    appNamespace.ifPresent(ns -> get.query("appNamespace", ns));
    Optional<HttpResponse> r = Optional.of(client.execute(get.acceptStatus(404).build()));
    if (r.get().status() == 404) {
      refreshed.remove(name);
      return Optional.empty();
    }
    return r.map(resp -> resp.json(JsonNode.class));
  }

  private SyncStatus missing(String name) {
    return SyncStatus.builder()
        .sync(SyncStatus.Sync.UNKNOWN)
        .health(Health.MISSING)
        .observedAt(clock.instant())
        .message("Argo CD has no application '" + name + "'")
        .build();
  }

  private SyncStatus combine(SyncStatus parent, List<String> children) {
    Health health = parent.health();
    SyncStatus.Sync sync = parent.sync();
    List<String> notes = new ArrayList<>();
    Set<dev.gitops.promotion.ImageReference> images = new LinkedHashSet<>(parent.images());
    for (String child : children) {
      Optional<JsonNode> c = read(child, refreshed.add(child));
      SyncStatus s =
          c.map(n -> ApplicationReader.read(n, source, clock.instant())).orElse(missing(child));
      health = ApplicationReader.worse(health, s.health());
      if (s.sync() != SyncStatus.Sync.SYNCED && sync == SyncStatus.Sync.SYNCED) {
        sync = s.sync();
      }
      images.addAll(s.images());
      if (!s.isSyncedAndHealthy()) {
        notes.add(
            child
                + " is "
                + s.sync()
                + "/"
                + s.health()
                + s.message().map(m -> " (" + m + ")").orElse(""));
      }
    }
    SyncStatus.Builder b =
        SyncStatus.builder()
            .from(parent)
            .sync(sync)
            .health(health)
            .images(images)
            .observedAt(clock.instant());
    if (!notes.isEmpty()) {
      b.message(String.join("; ", notes));
    }
    return b.build();
  }

  private Optional<Instant> windowEnd(String name) {
    try {
      JsonNode w =
          client.fetch(
              HttpRequest.get().segments("api", "v1", "applications", name, "syncwindows").build(),
              JsonNode.class);
      Instant now = clock.instant();
      Instant end = null;
      for (JsonNode window : w.path("activeWindows")) {
        if (!window.path("kind").asText("").equals("deny")) {
          continue;
        }
        CronWindow cron =
            CronWindow.parse(
                window.path("schedule").asText("") + " for " + window.path("duration").asText(""));
        Optional<Instant> e = cron.nextEnd(now);
        if (e.isPresent() && (end == null || e.get().isAfter(end))) {
          end = e.get();
        }
      }
      return Optional.ofNullable(end);
    } catch (RemoteUnavailableException | InvalidInputException e) {
      return Optional.empty(); // the end is a courtesy; the refusal stands without it
    }
  }

  /** Builds an {@link ArgoCdAgent}. The client and the clock are required. */
  public static final class Builder {
    private RestClient client;
    private Clock clock;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private String nameTemplate = DEFAULT_APPLICATION_NAME;
    private Optional<String> project = Optional.empty();
    private Optional<String> appNamespace = Optional.empty();
    private int source;
    private boolean appOfApps = true;
    private int syncAttempts = 5;
    private Duration syncBackoff = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * The client for the Argo CD server: its base URL ({@code https://argocd.example}) and the
     * bearer token (an account or project token, or a session token from {@code POST
     * /api/v1/session}); give it a read timeout of a minute or more, since a refreshing read waits
     * for Argo CD to compare with Git.
     */
    public Builder client(RestClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock statuses are stamped with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How the agent waits between sync attempts; {@link Sleeper#SYSTEM} unless set. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * The Argo CD application name, with {@code {app}} and {@code {env}} replaced; {@value
     * #DEFAULT_APPLICATION_NAME} unless set.
     *
     * @throws InvalidInputException when the template is blank
     */
    public Builder applicationName(String template) {
      if (template == null || template.isBlank()) {
        throw new InvalidInputException("the Argo CD application name template must not be empty");
      }
      this.nameTemplate = template;
      return this;
    }

    /** The Argo CD project the applications must be in ({@code ?project=}); any unless set. */
    public Builder project(String project) {
      this.project = Optional.of(project);
      return this;
    }

    /** The namespace of the Application resources (apps in any namespace); the server's own. */
    public Builder appNamespace(String namespace) {
      this.appNamespace = Optional.of(namespace);
      return this;
    }

    /** For multi-source applications, which source's revision is the config repository's (0). */
    public Builder source(int index) {
      if (index < 0) {
        throw new InvalidInputException("the source index must not be negative, got " + index);
      }
      this.source = index;
      return this;
    }

    /** Whether an app-of-apps is judged by its child applications (true unless set). */
    public Builder appOfApps(boolean judgeChildren) {
      this.appOfApps = judgeChildren;
      return this;
    }

    /**
     * How often a sync is tried while another operation runs, and the first wait (doubling); 5
     * attempts from 2 s unless set.
     */
    public Builder syncRetries(int attempts, Duration firstWait) {
      if (attempts < 1 || firstWait.isNegative()) {
        throw new InvalidInputException("sync retries need at least one attempt and a wait >= 0");
      }
      this.syncAttempts = attempts;
      this.syncBackoff = firstWait;
      return this;
    }

    /** The agent. */
    public ArgoCdAgent build() {
      return new ArgoCdAgent(this);
    }
  }
}
