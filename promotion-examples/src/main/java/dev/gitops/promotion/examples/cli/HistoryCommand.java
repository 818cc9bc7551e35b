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

/** {@code history}: the digests an application ran in one environment, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show the image changes of one application in one environment, newest first.")
public final class HistoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Option(names = "--env", required = true, description = "The environment.")
  String env;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "At most this many entries (default: 50).")
  int limit;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (default: table).")
  StatusCommand.Format format;

  /** A history command. */
  public HistoryCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CliErrors.run(
        spec.commandLine().getErr(),
        () -> {
          if (limit < 1) {
            throw new dev.gitops.promotion.InvalidInputException("--limit must be at least 1");
          }
          try (Workspace ws = Workspace.open(repo, Optional.empty(), Clock.systemUTC())) {
            ws.config.pipeline().environment(env);
            ws.promoter
                .promoter()
                .application(app)
                .orElseThrow(
                    () ->
                        new dev.gitops.promotion.InvalidInputException(
                            "unknown application '" + app + "'"));
            var records = ws.ledger().history(env, app, limit);
            if (format == StatusCommand.Format.json) {
              out.println(Json.write(Records.json(records)));
            } else {
              out.print(Records.historyTable(records));
            }
            out.flush();
            return CliErrors.OK;
          }
        });
  }
}
