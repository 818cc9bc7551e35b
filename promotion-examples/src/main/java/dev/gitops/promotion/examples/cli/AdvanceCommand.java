package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code advance}: re-evaluates the gates of an open promotion's change request and merges it when
 * every gate passes; otherwise prints what it waits for (exit 4) or what blocks it (exit 3). Any
 * process can advance any promotion: everything is read back from Git and the host.
 */
@Command(
    name = "advance",
    mixinStandardHelpOptions = true,
    description = {
      "Merge an open promotion's change request when its gates pass; else print what it waits"
          + " for. The host merges with its credentials, so advance takes no --as.",
      "Examples:",
      "  advance --repo DIR --push --app api-service --env staging",
      "  advance --repo DIR --push --pr 42"
    })
public final class AdvanceCommand extends OpenPromotionCommand {

  // advance acts with the host's credentials (the host merges and records the approvals), so it
  // takes no --as, --bot or --reason: a claimed identity it would not use is refused as an unknown
  // option rather than accepted and ignored
  @Mixin PushOptions where = new PushOptions();

  /** A command on the system clock and the process's environment. */
  public AdvanceCommand() {
    this(AdapterContext.system(Clock.systemUTC()));
  }

  /**
   * A command whose adapters ({@code host:} in promotion.yaml) are built with {@code context}: its
   * clock, environment variables (tokens) and sleeper.
   */
  AdvanceCommand(AdapterContext context) {
    super(context);
  }

  @Override
  PushOptions where() {
    return where;
  }

  @Override
  int act(Workspace ws, PendingPromotion pending, PrintWriter out) {
    return Plans.report(out, ws.promoter.advance(pending), Optional.empty(), where, ws);
  }
}
