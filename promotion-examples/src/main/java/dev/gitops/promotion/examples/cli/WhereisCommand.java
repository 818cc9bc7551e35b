package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code whereis}: every application and environment that runs a digest now. */
@Command(
    name = "whereis",
    mixinStandardHelpOptions = true,
    description = {
      "Show where a digest runs now: every application and environment whose overlay sets it.",
      "Examples:",
      "  whereis --repo gitops-config sha256:3f1c...",
      "  whereis --repo gitops-config ghcr.io/myorg/api-service@sha256:3f1c... --format json"
    })
public final class WhereisCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReadOptions read = new ReadOptions();

  @Parameters(
      index = "0",
      paramLabel = "DIGEST",
      description = "The digest (sha256:...) or pinned image (repository@sha256:...).")
  String digest;

  @Mixin FormatOption output = new FormatOption();

  /** A whereis command. */
  public WhereisCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          ImageDigest d =
              ImageDigest.parse(
                  digest.contains("@") ? digest.substring(digest.indexOf('@') + 1) : digest);
          try (Workspace ws = read.open(AdapterContext.system(Clock.systemUTC()))) {
            var records = Records.sorted(ws.promoter.whereIs(d), ws.promoter.pipeline());
            if (output.json()) {
              out.println(Json.write(Records.json(records)));
            } else if (records.isEmpty()) {
              out.println(d.shortForm() + " runs nowhere now");
            } else {
              out.print(Records.stateTable(records, ws.promoter.pipeline()));
            }
            out.flush();
            return CliErrors.OK;
          }
        });
  }
}
