package dev.gitops.promotion.argocd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import dev.gitops.promotion.spi.SyncStatus.Health;
import dev.gitops.promotion.spi.SyncStatus.Sync;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads an Argo CD {@code v1alpha1Application} (as the server API returns it) into a {@link
 * SyncStatus}: {@code status.sync.status} and {@code revision} (or {@code revisions[i]} for a
 * multi-source application), {@code status.health.status}, {@code status.operationState} and {@code
 * status.summary.images}.
 *
 * <p>An operation that is still running, or that failed for the compared revision, makes the
 * application not synced-and-healthy whatever the other fields say: Argo CD may report {@code
 * Synced} while PostSync hooks still run, and {@code Healthy} for the old pods of a failed sync.
 */
public final class ApplicationReader {
  /** The annotation that orders resources (and child applications) within one sync. */
  public static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";

  private ApplicationReader() {}

  /** The status {@code app} reports, observed at {@code now}; {@code source} picks a revision. */
  public static SyncStatus read(JsonNode app, int source, Instant now) {
    JsonNode status = app.path("status");
    Sync sync = sync(status.path("sync").path("status").asText(""));
    Health health = health(status.path("health").path("status").asText(""));
    Optional<String> revision = revision(status.path("sync"), source);
    List<String> notes = new ArrayList<>();
    JsonNode op = status.path("operationState");
    String phase = op.path("phase").asText("");
    String opRevision =
        op.path("syncResult")
            .path("revision")
            .asText(op.path("operation").path("sync").path("revision").asText(""));
    switch (phase) {
      case "Running", "Terminating" -> {
        if (sync == Sync.SYNCED) {
          sync = Sync.OUT_OF_SYNC; // hooks or waves still running
        }
        if (health == Health.HEALTHY) {
          health = Health.PROGRESSING;
        }
        notes.add("sync operation " + phase.toLowerCase(Locale.ROOT) + message(op));
      }
      case "Failed", "Error" -> {
        if (revision.isEmpty() || opRevision.isEmpty() || revision.get().equals(opRevision)) {
          health = worse(health, Health.DEGRADED);
          notes.add("the last sync " + phase.toLowerCase(Locale.ROOT) + message(op));
        }
      }
      default -> {}
    }
    String healthMessage = status.path("health").path("message").asText("");
    if (!healthMessage.isEmpty()) {
      notes.add(healthMessage);
    }
    for (JsonNode c : status.path("conditions")) {
      String type = c.path("type").asText("");
      if (type.endsWith("Error")) {
        notes.add(type + ": " + c.path("message").asText(""));
      }
    }
    SyncStatus.Builder b = SyncStatus.builder().sync(sync).health(health).observedAt(now);
    revision.ifPresent(r -> b.revision(Revision.of(r)));
    instant(status.path("health").path("lastTransitionTime")).ifPresent(b::since);
    b.addAllImages(images(status.path("summary").path("images")));
    if (!notes.isEmpty()) {
      b.message(String.join("; ", notes));
    }
    return b.build();
  }

  /** The child applications an app-of-apps manages, by name, from {@code status.resources}. */
  public static List<String> childApplications(JsonNode app) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode r : app.path("status").path("resources")) {
      if (r.path("kind").asText("").equals("Application")
          && r.path("group").asText("argoproj.io").equals("argoproj.io")) {
        String name = r.path("name").asText("");
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return List.copyOf(names);
  }

  /**
   * The sync wave written on the application itself ({@code metadata.annotations}), as an
   * app-of-apps orders its children.
   *
   * @throws InvalidInputException when the annotation is not a whole number
   */
  public static OptionalInt syncWave(JsonNode app) {
    JsonNode v = app.path("metadata").path("annotations").path(SYNC_WAVE);
    if (v.isMissingNode() || v.isNull()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(v.asText().strip()));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "annotation "
              + SYNC_WAVE
              + " of application '"
              + app.path("metadata").path("name").asText("?")
              + "' is not a whole number: '"
              + v.asText()
              + "'");
    }
  }

  /** The worse of two healths, in Argo CD's order (Unknown, Degraded, Missing, Progressing...). */
  public static Health worse(Health a, Health b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Health h) {
    return switch (h) {
      case UNKNOWN -> 5;
      case DEGRADED -> 4;
      case MISSING -> 3;
      case PROGRESSING -> 2;
      case SUSPENDED -> 1;
      case HEALTHY -> 0;
    };
  }

  static Sync sync(String text) {
    return switch (text) {
      case "Synced" -> Sync.SYNCED;
      case "OutOfSync" -> Sync.OUT_OF_SYNC;
      default -> Sync.UNKNOWN;
    };
  }

  static Health health(String text) {
    return switch (text) {
      case "Healthy" -> Health.HEALTHY;
      case "Progressing" -> Health.PROGRESSING;
      case "Degraded" -> Health.DEGRADED;
      case "Suspended" -> Health.SUSPENDED;
      case "Missing" -> Health.MISSING;
      default -> Health.UNKNOWN;
    };
  }

  private static Optional<String> revision(JsonNode sync, int source) {
    String single = sync.path("revision").asText("");
    if (!single.isEmpty()) {
      return Optional.of(single);
    }
    JsonNode all = sync.path("revisions");
    if (all.isArray() && source < all.size()) {
      String r = all.get(source).asText("");
      return r.isEmpty() ? Optional.empty() : Optional.of(r);
    }
    return Optional.empty();
  }

  private static List<ImageReference> images(JsonNode images) {
    List<ImageReference> out = new ArrayList<>();
    for (JsonNode i : images) {
      try {
        out.add(ImageReference.parse(i.asText("")));
      } catch (InvalidInputException e) {
        // an image the SDK cannot parse is left out rather than failing the whole status
      }
    }
    return out;
  }

  /** An RFC 3339 time, empty when absent or unreadable. */
  public static Optional<Instant> instant(JsonNode node) {
    String text = node.asText("");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String message(JsonNode op) {
    String m = op.path("message").asText("");
    return m.isEmpty() ? "" : ": " + m;
  }
}
