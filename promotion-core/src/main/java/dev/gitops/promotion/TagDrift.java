package dev.gitops.promotion;

import java.util.Objects;

/**
 * A tag that moved: an upstream environment recorded that {@code tag} pointed at {@code recorded}
 * when the image entered it, and the registry now says {@code now}. The promotion still goes by the
 * recorded digest; the drift is reported and written into a {@code Tag-Drift} trailer.
 *
 * @param application the application
 * @param upstreamEnvironment the environment that recorded the tag
 * @param tag the tag
 * @param recorded the digest recorded with it (what is promoted)
 * @param now the digest the tag points at now
 */
public record TagDrift(
    String application,
    String upstreamEnvironment,
    String tag,
    ImageDigest recorded,
    ImageDigest now) {

  /** Checks every part is present. */
  public TagDrift {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(upstreamEnvironment, "upstreamEnvironment");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(now, "now");
  }

  /** The {@code Tag-Drift} trailer: {@code <app>=<tag> <recorded> -> <now>}. */
  public CommitMessage.Trailer trailer() {
    return new CommitMessage.Trailer(
        CommitMessage.TAG_DRIFT,
        application + "=" + tag + " " + recorded.shortForm() + " -> " + now.shortForm());
  }

  /** One line for people. */
  public String describe() {
    return "tag '"
        + SafeText.forDisplay(tag)
        + "' of "
        + application
        + " moved since it entered "
        + upstreamEnvironment
        + ": it was "
        + recorded.shortForm()
        + ", it is "
        + now.shortForm()
        + " now; promoting the recorded "
        + recorded.shortForm();
  }
}
