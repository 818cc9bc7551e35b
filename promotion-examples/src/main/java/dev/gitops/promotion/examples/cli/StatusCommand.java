package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Verification;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      "  status --repo gitops-config --fetch --format json",
      "  status --repo gitops-config --live      (adds what the GitOps agents report)"
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

  @Option(
      names = "--live",
      description =
          "Also ask each environment's GitOps agent (from 'agents' in promotion.yaml): the synced"
              + " revision, the health, and whether the promoted commit is live.")
  boolean live;

  private final AdapterContext context;

  /** A status command. */
  public StatusCommand() {
    this(AdapterContext.system(java.time.Clock.systemUTC()));
  }

  /** A status command whose agents are built with {@code context} (tests). */
  public StatusCommand(AdapterContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    PrintWriter err = Terminal.err(spec);
    return CliErrors.run(
        err,
        () -> {
          try (Workspace ws =
              Workspace.open(read.repo, read.remoteToRead(), read.trustedKeys, context)) {
            var pipeline = ws.promoter.pipeline();
            var report = ws.promoter.stateReport();
            var records = Records.sorted(report.records(), pipeline);
            if (live) {
              printLive(out, err, ws, records);
            } else if (format == Format.json) {
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

  private void printLive(
      PrintWriter out, PrintWriter err, Workspace ws, List<PromotionRecord> records) {
    Table t = new Table("APP", "ENVIRONMENT", "DIGEST", "COMMIT", "SYNCED", "HEALTH", "LIVE");
    List<Map<String, Object>> json = new ArrayList<>();
    List<Map<String, Object>> plain = Records.json(records);
    for (int i = 0; i < records.size(); i++) {
      PromotionRecord r = records.get(i);
      Map<String, Object> row = new LinkedHashMap<>(plain.get(i));
      String synced = "-";
      String health = "-";
      String liveText = "no agent";
      try {
        Verification v = ws.promoter.verify(r.environment(), r.application(), r.commit());
        synced = Live.revision(v.status());
        health = v.status().health().name();
        liveText = v.outcome().name().toLowerCase(Locale.ROOT);
        row.put("live", Live.json(v, r.commit()));
      } catch (InvalidInputException e) {
        row.put("live", null); // no agent declared for the environment
      } catch (RemoteUnavailableException e) {
        liveText = "unreachable";
        row.put("live", Map.of("error", e.getMessage()));
        err.println(
            "note: the agent of " + r.environment() + " failed: " + CliErrors.safe(e.getMessage()));
      }
      t.row(
          r.application(),
          r.environment(),
          Records.version(r.image()),
          r.commit().abbreviated(),
          synced,
          health,
          liveText);
      json.add(row);
    }
    if (format == Format.json) {
      out.println(Json.write(json));
    } else {
      out.print(t.isEmpty() ? "no application has an image in any environment yet\n" : t.render());
    }
  }
}
