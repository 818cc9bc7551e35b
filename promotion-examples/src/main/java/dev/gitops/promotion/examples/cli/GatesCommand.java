package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.ChangeRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gates}: the verdict of an open promotion's gates now, with every gate's reason, without
 * merging anything. Exit 0 when all pass, 4 while one waits, 3 when one fails.
 */
@Command(
    name = "gates",
    mixinStandardHelpOptions = true,
    description = {
      "Print each gate's verdict on an open promotion and why; change nothing.",
      "Examples:",
      "  gates --repo DIR --fetch --app api-service --env production"
    })
public final class GatesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(
      names = "--fetch",
      description = "Read the remote's branches (fetch first) instead of the local ones.")
  boolean fetch;

  @Option(
      names = "--remote",
      defaultValue = "origin",
      description = "The remote used with --fetch (default: origin).")
  String remote;

  @Mixin PromotionTarget target = new PromotionTarget();

  private final Clock clock;
  private final AdapterContext adapters;

  /** A command on the system clock and the process's environment. */
  public GatesCommand() {
    this(Clock.systemUTC(), AdapterContext.system(Clock.systemUTC()));
  }

  /** A command on {@code clock} whose adapters read variables through {@code adapters}. */
  GatesCommand(Clock clock, AdapterContext adapters) {
    this.clock = clock;
    this.adapters = adapters;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CliErrors.run(
        spec.commandLine().getErr(),
        () -> {
          try (Workspace ws =
              Workspace.open(
                  repo,
                  fetch ? java.util.Optional.of(remote) : java.util.Optional.empty(),
                  clock,
                  adapters)) {
            PendingPromotion pending = AdvanceCommand.find(ws, target);
            out.println(
                pending.id()
                    + " into "
                    + pending.plan().environment().name()
                    + pending
                        .changeRequest()
                        .map(ChangeRequest::url)
                        .map(u -> " (" + SafeText.forDisplay(u) + ")")
                        .orElse(""));
            for (String problem : pending.problems()) {
              out.println("  problem: " + SafeText.forDisplay(problem));
            }
            if (pending.verdict().isEmpty()) {
              out.println("  no gates");
              out.flush();
              return pending.problems().isEmpty() ? CliErrors.OK : CliErrors.REFUSED;
            }
            Verdict v = pending.verdict().get();
            out.println(
                "  "
                    + v.status().name().toLowerCase(Locale.ROOT)
                    + v.retryAt().map(t -> " (re-check at " + t + ")").orElse(""));
            for (String reason : v.reasons()) {
              out.println("  - " + SafeText.forDisplay(reason));
            }
            out.flush();
            if (!pending.problems().isEmpty() || v.failed()) {
              return CliErrors.REFUSED;
            }
            return v.isWaiting() ? CliErrors.WAITING : CliErrors.OK;
          }
        });
  }
}
