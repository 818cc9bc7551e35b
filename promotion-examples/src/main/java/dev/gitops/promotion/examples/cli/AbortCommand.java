package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.ChangeRequest;
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
 * {@code abort}: closes an open promotion's change request with a comment and deletes its branch.
 */
@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Abort an open promotion: close its change request (with a comment) and delete its branch.",
      "Examples:",
      "  abort --repo DIR --push --app api-service --env production --reason \"bad build\""
    })
public final class AbortCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Mixin PromotionTarget target = new PromotionTarget();

  @Mixin WriteOptions write = new WriteOptions();

  private final AdapterContext context;

  /** A command on the system clock and the process's environment. */
  public AbortCommand() {
    this(AdapterContext.system(Clock.systemUTC()));
  }

  /**
   * A command whose adapters ({@code host:} in promotion.yaml) are built with {@code context}: its
   * clock, environment variables (tokens) and sleeper.
   */
  AbortCommand(AdapterContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          try (Workspace ws = Workspace.open(repo, write.remoteToPush(), context)) {
            Actor actor = write.actor(ws); // a malformed --as is bad input before any lookup
            PendingPromotion pending = AdvanceCommand.find(ws, target);
            PromotionResult result =
                ws.promoter.abort(pending, actor, Optional.ofNullable(write.reason));
            out.println(
                "aborted "
                    + pending.id()
                    + result
                        .changeRequest()
                        .map(ChangeRequest::url)
                        .map(u -> ": closed " + SafeText.forDisplay(u))
                        .orElse("")
                    + "; deleted branch "
                    + pending.branch());
            out.flush();
            return CliErrors.OK;
          }
        });
  }
}
