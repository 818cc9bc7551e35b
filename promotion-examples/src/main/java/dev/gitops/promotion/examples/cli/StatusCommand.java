package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Environment;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: what every application runs in every environment, read from Git alone. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show which digest every application runs in every environment, from Git alone.",
      "Examples:",
      "  status --repo gitops-config",
      "  status --repo gitops-config --fetch --format json"
    })
public final class StatusCommand implements Callable<Integer> {

  /** Output formats. */
  public enum Format {
    /** A plain-text table. */
    table,
    /** A JSON array of objects. */
    json
  }

  @Spec CommandSpec spec;

  @Mixin ReadOptions read = new ReadOptions();

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
    PrintWriter err = spec.commandLine().getErr();
    return CliErrors.run(
        err,
        () -> {
          try (Workspace ws =
              Workspace.open(read.repo, read.remoteToRead(), read.trustedKeys, Clock.systemUTC())) {
            var pipeline = ws.promoter.pipeline();
            var report = ws.promoter.stateReport();
            var records = Records.sorted(report.records(), pipeline);
            if (format == Format.json) {
              out.println(Json.write(Records.json(records)));
            } else {
              out.print(Records.stateTable(records, pipeline));
            }
            for (String skipped : ws.config.skipped()) {
              err.println(CliErrors.safe("unreadable: " + skipped));
            }
            for (var p : report.problems()) {
              err.println(
                  CliErrors.safe(
                      "unreadable: "
                          + p.application()
                          + " in "
                          + p.environment()
                          + ": "
                          + p.reason()));
            }
            if (!read.fetch) {
              Freshness.notes(
                      ws.repository.repository(),
                      pipeline.environments().stream().map(Environment::branch).toList(),
                      read.remote)
                  .forEach(err::println);
            }
            out.flush();
            return report.problems().isEmpty() && ws.config.skipped().isEmpty()
                ? CliErrors.OK
                : CliErrors.BAD_INPUT;
          }
        });
  }
}
