package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.spi.AdapterContext;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of every command that reads the ledger: which repository, and how fresh. */
final class ReadOptions {
  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(
      names = "--fetch",
      description = "Fetch from the remote first and read its branches (default: the local ones).")
  boolean fetch;

  @Option(
      names = "--remote",
      defaultValue = "origin",
      description = "The remote used with --fetch (default: origin).")
  String remote;

  @Option(
      names = "--trusted-keys",
      paramLabel = "FILE",
      description =
          "A file of ASCII-armored OpenPGP public keys; commits signed by them show as verified"
              + " (repeatable; see docs/provenance.md).")
  java.util.List<Path> trustedKeys = new java.util.ArrayList<>();

  /**
   * The repository opened for reading: fetched first with --fetch, commits signed by the trusted
   * keys shown as verified; its adapters built with {@code context}.
   */
  Workspace open(AdapterContext context) {
    return Workspace.open(repo, remoteToRead(), trustedKeys, context);
  }

  /** The remote to fetch from and read, with --fetch. */
  Optional<String> remoteToRead() {
    return fetch ? Optional.of(remote) : Optional.empty();
  }
}
