package dev.gitops.promotion.examples.cli;

import picocli.CommandLine.Option;

/** {@code --format table|json}: how a command that reports prints (a mixin). */
final class FormatOption {
  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (default: table).")
  StatusCommand.Format format;

  /** Whether {@code --format json} was given. */
  boolean json() {
    return format == StatusCommand.Format.json;
  }
}
