package dev.gitops.promotion.flux.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import dev.gitops.promotion.spi.SyncStatus.Sync;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads Flux objects (Kustomization v1, HelmRelease v2, GitRepository v1, ImagePolicy v1 and
 * v1beta2) as the Kubernetes API returns them.
 */
public final class FluxStatus {
  private FluxStatus() {}

  /** The condition of {@code type}, or a missing node. */
  public static JsonNode condition(JsonNode object, String type) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /**
   * Whether the controller has seen the object's current spec: {@code status.observedGeneration}
   * and the Ready condition's {@code observedGeneration} equal {@code metadata.generation}.
   */
  public static boolean current(JsonNode object) {
    long generation = object.path("metadata").path("generation").asLong(-1);
    JsonNode ready = condition(object, "Ready");
    long observed = object.path("status").path("observedGeneration").asLong(-2);
    long readyObserved = ready.path("observedGeneration").asLong(observed);
    return generation == observed && generation == readyObserved;
  }

  /** Whether the Ready condition is True for the current generation. */
  public static boolean ready(JsonNode object) {
    return current(object) && "True".equals(condition(object, "Ready").path("status").asText());
  }

  /** The health of a Kustomization or HelmRelease, from its conditions and spec. */
  public static Health health(JsonNode object) {
    if (object.path("spec").path("suspend").asBoolean(false)) {
      return Health.SUSPENDED;
    }
    JsonNode ready = condition(object, "Ready");
    String status = ready.path("status").asText("");
    String reason = ready.path("reason").asText("");
    if ("True".equals(condition(object, "Stalled").path("status").asText())) {
      return Health.DEGRADED;
    }
    boolean waiting = reason.equals("DependencyNotReady") || reason.equals("Progressing");
    if ("False".equals(status) && current(object) && !waiting) {
      return Health.DEGRADED; // failed for the current spec, even while retrying
    }
    if ("True".equals(condition(object, "Reconciling").path("status").asText())
        || !current(object)) {
      return Health.PROGRESSING;
    }
    return switch (status) {
      case "True" -> Health.HEALTHY;
      case "False", "Unknown" -> Health.PROGRESSING;
      default -> Health.UNKNOWN;
    };
  }

  /**
   * A Kustomization's status: the health from its conditions, the revision from {@code
   * lastAppliedRevision}, synced when Ready for the current generation at the source's artifact
   * revision ({@code sourceRevision}, when it could be read; else at the last attempted revision).
   */
  public static SyncStatus kustomization(
      JsonNode ks, Optional<String> sourceRevision, Instant now) {
    JsonNode st = ks.path("status");
    Optional<String> applied = FluxRevisions.hash(st.path("lastAppliedRevision").asText(""));
    Optional<String> attempted = FluxRevisions.hash(st.path("lastAttemptedRevision").asText(""));
    Optional<String> wanted = sourceRevision.flatMap(FluxRevisions::hash).or(() -> attempted);
    Health health = health(ks);
    Sync sync;
    if (applied.isEmpty()) {
      sync = Sync.UNKNOWN;
    } else if (!ready(ks)
        || "True".equals(condition(ks, "Reconciling").path("status").asText())
        || (wanted.isPresent() && !wanted.equals(applied))) {
      sync = Sync.OUT_OF_SYNC;
    } else {
      sync = Sync.SYNCED;
    }
    SyncStatus.Builder b = SyncStatus.builder().sync(sync).health(health).observedAt(now);
    applied.ifPresent(r -> b.revision(Revision.of(r)));
    since(ks).ifPresent(b::since);
    String message = condition(ks, "Ready").path("message").asText("");
    if (sync == Sync.OUT_OF_SYNC && wanted.isPresent() && !wanted.equals(applied)) {
      message =
          (message.isEmpty() ? "" : message + "; ")
              + "the source is at "
              + wanted.get()
              + ", applied "
              + applied.orElse("nothing");
    }
    if (!message.isEmpty()) {
      b.message(message);
    }
    return b.build();
  }

  /**
   * A HelmRelease's status: the health from its conditions, synced when Ready for the current
   * generation and its newest release ({@code history[0]}) is deployed. A HelmRelease reports a
   * chart version, not a commit: the revision is empty and the message names the chart.
   */
  public static SyncStatus helmRelease(JsonNode hr, Instant now) {
    Health health = health(hr);
    JsonNode latest = hr.path("status").path("history").path(0);
    boolean deployed = "deployed".equals(latest.path("status").asText(""));
    Sync sync =
        ready(hr) && deployed
            ? Sync.SYNCED
            : latest.isMissingNode() ? Sync.UNKNOWN : Sync.OUT_OF_SYNC;
    SyncStatus.Builder b = SyncStatus.builder().sync(sync).health(health).observedAt(now);
    since(hr).ifPresent(b::since);
    String chart =
        latest.isMissingNode()
            ? "no release yet"
            : latest.path("chartName").asText("?")
                + "@"
                + latest.path("chartVersion").asText("?")
                + " ("
                + latest.path("status").asText("?")
                + ")";
    String ready = condition(hr, "Ready").path("message").asText("");
    b.message(ready.isEmpty() ? chart : chart + "; " + ready);
    return b.build();
  }

  /** When the Ready condition last changed ({@code lastTransitionTime}), when readable. */
  public static Optional<Instant> since(JsonNode object) {
    String text = condition(object, "Ready").path("lastTransitionTime").asText("");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The commit of a GitRepository's artifact ({@code status.artifact.revision}). */
  public static Optional<String> artifactRevision(JsonNode source) {
    String r = source.path("status").path("artifact").path("revision").asText("");
    return r.isEmpty() ? Optional.empty() : Optional.of(r);
  }

  /**
   * The image an ImagePolicy selected: {@code status.latestRef} (v1, and v1beta2 from v0.35), else
   * the legacy {@code status.latestImage} split on the last {@code :} after the last {@code /}.
   *
   * @throws InvalidInputException when the controller's answer is not an image reference
   */
  public static Optional<ImageReference> latestImage(JsonNode policy) {
    JsonNode st = policy.path("status");
    JsonNode ref = st.path("latestRef");
    if (ref.isObject() && !ref.path("name").asText("").isEmpty()) {
      StringBuilder sb = new StringBuilder(ref.path("name").asText());
      String tag = ref.path("tag").asText("");
      String digest = ref.path("digest").asText("");
      if (!tag.isEmpty()) {
        sb.append(':').append(tag);
      }
      if (!digest.isEmpty()) {
        sb.append('@').append(digest);
      }
      return Optional.of(ImageReference.parse(sb.toString()));
    }
    String legacy = st.path("latestImage").asText("");
    if (legacy.isEmpty()) {
      return Optional.empty();
    }
    int slash = legacy.lastIndexOf('/');
    int colon = legacy.lastIndexOf(':');
    if (colon <= slash) {
      return Optional.of(ImageReference.parse(legacy));
    }
    return Optional.of(
        ImageReference.parse(legacy.substring(0, colon) + ":" + legacy.substring(colon + 1)));
  }
}
