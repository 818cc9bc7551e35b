package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.EnvironmentDiff;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code diff}: which applications run different images in two environments. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show which applications run different images in two environments (what a release train"
          + " from the first into the second would move).",
      "Examples:",
      "  diff --repo gitops-config staging production",
      "  diff --repo gitops-config dev staging --format json"
    })
public final class DiffCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReadOptions read = new ReadOptions();

  @Parameters(index = "0", paramLabel = "FROM", description = "The first environment.")
  String from;

  @Parameters(index = "1", paramLabel = "TO", description = "The second environment.")
  String to;

  @Mixin FormatOption output = new FormatOption();

  /** A diff command. */
  public DiffCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          try (Workspace ws = read.open(AdapterContext.system(Clock.systemUTC()))) {
            EnvironmentDiff diff = ws.promoter.diff(from, to);
            if (output.json()) {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("from", diff.from());
              json.put("to", diff.to());
              json.put(
                  "differences",
                  diff.differences().stream()
                      .map(
                          d -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("app", d.application());
                            m.put(from, d.fromImage().map(Object::toString).orElse(null));
                            m.put(to, d.toImage().map(Object::toString).orElse(null));
                            return m;
                          })
                      .toList());
              json.put("same", List.copyOf(diff.same()));
              out.println(Json.write(json));
            } else if (diff.isEmpty()) {
              out.println(from + " and " + to + " run the same images");
            } else {
              Table t =
                  new Table(
                      "APP",
                      from.toUpperCase(java.util.Locale.ROOT),
                      to.toUpperCase(java.util.Locale.ROOT));
              for (EnvironmentDiff.Difference d : diff.differences()) {
                t.row(
                    d.application(),
                    d.fromImage().map(Records::version).orElse("-"),
                    d.toImage().map(Records::version).orElse("-"));
              }
              out.print(t.render());
              if (!diff.same().isEmpty()) {
                out.println("same in both: " + String.join(", ", diff.same()));
              }
            }
            out.flush();
            return CliErrors.OK;
          }
        });
  }
}
