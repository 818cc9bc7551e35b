package dev.gitops.promotion.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: what every application runs in every environment, read from Git alone. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show which digest every application runs in every environment, from Git alone.")
public final class StatusCommand implements Callable<Integer> {

  /** Output formats. */
  public enum Format {
    /** A plain-text table. */
    table,
    /** A JSON array of objects. */
    json
  }

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (default: table).")
  Format format;

  /** A status command. */
  public StatusCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CliErrors.run(
        spec.commandLine().getErr(),
        () -> {
          try (Workspace ws = Workspace.open(repo, Optional.empty(), Clock.systemUTC())) {
            var records = Records.sorted(ws.ledger().state(), ws.config.pipeline());
            if (format == Format.json) {
              out.println(Json.write(Records.json(records)));
            } else {
              out.print(Records.stateTable(records, ws.config.pipeline()));
            }
            out.flush();
            return CliErrors.OK;
          }
        });
  }
}
