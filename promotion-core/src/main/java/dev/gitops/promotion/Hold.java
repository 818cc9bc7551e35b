package dev.gitops.promotion;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's pin on an application in an environment (or on the whole environment): automatic
 * promotion leaves it alone until the hold is released, so that a rollback is not undone by the
 * next automatic run. Holds are recorded in Git, in the environment's branch, in the file {@code
 * .promotion/holds/<environment>.txt}, by commits with {@code Hold} and {@code Hold-Released}
 * trailers; {@link Promoter#holds(String)} reads them back.
 *
 * @param environment the environment
 * @param application the application held, or {@link #ALL} for every application of the environment
 * @param heldBy who put the hold, {@code Name <email>}
 * @param since when
 * @param reason why, one line; may be empty
 */
public record Hold(
    String environment, String application, String heldBy, Instant since, String reason) {

  /** The application name that holds a whole environment. */
  public static final String ALL = "*";

  /** Checks the parts; the reason is kept to one line. */
  public Hold {
    Names.check("environment", environment);
    if (!ALL.equals(application)) {
      Names.check("application", application);
    }
    Objects.requireNonNull(heldBy, "heldBy");
    Objects.requireNonNull(since, "since");
    reason = Optional.ofNullable(reason).orElse("").replace('\n', ' ').replace('\r', ' ').strip();
  }

  /** Whether this hold covers {@code app}. */
  public boolean covers(String app) {
    return ALL.equals(application) || application.equals(app);
  }

  /**
   * One line: {@code api-service in dev held by Ada <ada@example.com> since ...: reason}. Who and
   * why are read from a file anyone can edit, so they are shown safe for a terminal ({@link
   * SafeText#forDisplay}).
   */
  public String describe() {
    return (ALL.equals(application) ? "every application" : application)
        + " in "
        + environment
        + " held by "
        + SafeText.forDisplay(heldBy)
        + " since "
        + since
        + (reason.isEmpty() ? "" : ": " + SafeText.forDisplay(reason));
  }
}
