package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Verification;
import dev.gitops.promotion.schedule.Durations;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;

/** How the CLI shows what GitOps agents report, and the options that wait for them. */
final class Live {
  private Live() {}

  /** Reads {@code 10m}, {@code 1h30m}, {@code 30s}, {@code PT5M}; {@code 0} for no wait. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (value.strip().equals("0")) {
        return Duration.ZERO;
      }
      return Durations.parse(value);
    }
  }

  /** The exit code of a verification: 0 live and healthy, 4 still pending, 1 failed. */
  static int exitCode(Verification v) {
    return switch (v.outcome()) {
      case VERIFIED -> CliErrors.OK;
      case PENDING -> CliErrors.WAITING;
      case FAILED -> CliErrors.FAILED;
    };
  }

  /** The images, comma-separated, or {@code -}. */
  static String images(SyncStatus s) {
    return s.images().isEmpty()
        ? "-"
        : s.images().stream().map(ImageReference::toString).collect(Collectors.joining(", "));
  }

  /** The synced revision, abbreviated, or {@code -}. */
  static String revision(SyncStatus s) {
    return s.revision().map(Revision::abbreviated).orElse("-");
  }

  /** A verification as a JSON object. */
  static Map<String, Object> json(Verification v, Revision commit) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("app", v.application());
    m.put("environment", v.environment());
    m.put("commit", commit.id());
    m.put("outcome", v.outcome().name().toLowerCase(java.util.Locale.ROOT));
    m.put("reason", v.reason());
    m.putAll(json(v.status()));
    return m;
  }

  /** What an agent reported, as JSON fields. */
  static Map<String, Object> json(SyncStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sync", s.sync().name());
    m.put("health", s.health().name());
    m.put("syncedRevision", s.revision().map(Revision::id).orElse(null));
    m.put("images", s.images().stream().map(ImageReference::toString).toList());
    m.put("observedAt", s.observedAt().toString());
    m.put("message", s.message().orElse(null));
    return m;
  }

  /** Refuses a negative or absurd poll interval. */
  static void checkPoll(Duration poll) {
    if (poll.isZero() || poll.isNegative()) {
      throw new InvalidInputException("--poll must be above zero");
    }
  }
}
