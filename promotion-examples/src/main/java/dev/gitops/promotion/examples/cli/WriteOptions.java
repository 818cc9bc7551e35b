package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of every command that writes a commit: where it goes and who makes it. */
final class WriteOptions extends PushOptions {
  @Option(
      names = "--as",
      description =
          "Who acts, as \"Name <email>\" (default: the identity git commits with). Client-side"
              + " access policy is advisory unless identity is bound to credentials: where the"
              + " host says whose its token is, --as must be that user unless access.delegates"
              + " allows it (docs/provenance.md).")
  String as;

  @Option(names = "--bot", description = "The actor is a bot (a CI job).")
  boolean bot;

  @Option(names = "--reason", description = "Why, for the commit body.")
  String reason;

  /** The actor: --as and --bot, else git config. */
  Actor actor(Workspace ws) {
    return ws.actor(Optional.ofNullable(as), bot);
  }
}
