package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
public final class AdvanceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Mixin PromotionTarget target = new PromotionTarget();

  @Option(names = "--push", description = "Fetch from the remote first and push to it.")
  boolean push;

  @Option(
      names = "--remote",
      defaultValue = "origin",
      description = "The remote used with --push (default: origin).")
  String remote;

  private final AdapterContext context;

  /** A command on the system clock and the process's environment. */
  public AdvanceCommand() {
    this(AdapterContext.system(Clock.systemUTC()));
  }

  /**
   * A command whose adapters ({@code host:} in promotion.yaml) are built with {@code context}: its
   * clock, environment variables (tokens) and sleeper.
   */
  AdvanceCommand(AdapterContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          // advance acts with the host's credentials (the host merges and records the approvals),
          // so it takes no --as, --bot or --reason: a claimed identity it would not use is refused
          // as an unknown option rather than accepted and ignored
          WriteOptions write = new WriteOptions();
          write.push = push;
          write.remote = remote;
          try (Workspace ws = Workspace.open(repo, write.remoteToPush(), context)) {
            PendingPromotion pending = find(ws, target);
            PromotionResult result = ws.promoter.advance(pending);
            return Plans.report(out, result, Optional.empty(), write, ws);
          }
        });
  }

  static PendingPromotion find(Workspace ws, PromotionTarget target) {
    return ws.promoter
        .find(target.lookup())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no open promotion "
                        + target.describe()
                        + " (never opened, or already merged or aborted; see history)"));
  }
}
