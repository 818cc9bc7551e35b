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
import picocli.CommandLine.Mixin;

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

  @Mixin WriteOptions write = new WriteOptions();

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
  PushOptions where() {
    return write;
  }

  @Override
  void check(Workspace ws) {
    write.actor(ws); // a malformed --as is bad input before any lookup
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
