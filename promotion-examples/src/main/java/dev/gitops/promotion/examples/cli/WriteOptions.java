package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.spi.AdapterContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of every command that writes a commit: where it goes and who makes it. */
final class WriteOptions {
  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(names = "--push", description = "Fetch from the remote first and push the commit to it.")
  boolean push;

  @Option(
      names = "--remote",
      defaultValue = "origin",
      description = "The remote used with --push (default: origin).")
  String remote;

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

  /**
   * The repository opened for writing: fetched from and pushed to the remote with --push; its
   * adapters built with {@code context}.
   */
  Workspace open(AdapterContext context) {
    return Workspace.open(repo, remoteToPush(), List.of(), context);
  }

  /** The remote to fetch from and push to, when --push is given. */
  Optional<String> remoteToPush() {
    return push ? Optional.of(remote) : Optional.empty();
  }

  /** The actor: --as and --bot, else git config. */
  Actor actor(Workspace ws) {
    return ws.actor(Optional.ofNullable(as), bot);
  }

  /** The end of a "committed ..." line. */
  String pushedTo() {
    return push ? " and pushed to " + remote : "";
  }
}
