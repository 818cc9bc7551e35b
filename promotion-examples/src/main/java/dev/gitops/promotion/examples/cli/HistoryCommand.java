package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code history}: the digests an application ran in one environment, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Show the image changes of one application in one environment, newest first.",
      "Examples:",
      "  history --repo gitops-config --app api-service --env production",
      "  history --repo gitops-config --app api-service --env staging --limit 5 --format json"
    })
public final class HistoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReadOptions read = new ReadOptions();

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Option(names = "--env", required = true, description = "The environment.")
  String env;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "At most this many entries (default: 50).")
  int limit;

  @Mixin FormatOption output = new FormatOption();

  /** A history command. */
  public HistoryCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    PrintWriter err = Terminal.err(spec);
    return CliErrors.run(
        err,
        () -> {
          if (limit < 1) {
            throw new InvalidInputException("--limit must be at least 1");
          }
          try (Workspace ws = read.open(AdapterContext.system(Clock.systemUTC()))) {
            ws.checkNotSkipped(app);
            String branch = ws.promoter.pipeline().environment(env).branch();
            var records = ws.promoter.history(env, app, limit);
            if (output.json()) {
              out.println(Json.write(Records.json(records)));
            } else {
              out.print(Records.historyTable(records));
            }
            if (!read.fetch) {
              Freshness.notes(ws.repository.repository(), List.of(branch), read.remote)
                  .forEach(err::println);
            }
            out.flush();
            return CliErrors.OK;
          }
        });
  }
}
