package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.spi.AdapterContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a command that changes the repository works: the repository, and the remote it fetches from
 * and pushes to with --push. {@link WriteOptions} adds who acts.
 */
class PushOptions {
  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(names = "--push", description = "Fetch from the remote first and push the commit to it.")
  boolean push;

  @Option(
      names = "--remote",
      defaultValue = "origin",
      description = "The remote used with --push (default: origin).")
  String remote;

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

  /** The end of a "committed ..." line. */
  String pushedTo() {
    return push ? " and pushed to " + remote : "";
  }
}
