package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.ChangeRequest;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;

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
public final class AbortCommand extends OpenPromotionCommand {

  /** A command on the system clock and the process's environment. */
  public AbortCommand() {
    this(AdapterContext.system(Clock.systemUTC()));
  }

  /**
   * A command whose adapters ({@code host:} in promotion.yaml) are built with {@code context}: its
   * clock, environment variables (tokens) and sleeper.
   */
  AbortCommand(AdapterContext context) {
    super(context);
  }

  @Override
  int act(Workspace ws, PendingPromotion pending, PrintWriter out) {
    PromotionResult result =
        ws.promoter.abort(pending, write.actor(ws), Optional.ofNullable(write.reason));
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
}
