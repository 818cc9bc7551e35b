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

  @Mixin FormatOption output = new FormatOption();

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
          try (Workspace ws = read.open(context)) {
            var pipeline = ws.promoter.pipeline();
            var report = ws.promoter.stateReport();
            var records = Records.sorted(report.records(), pipeline);
            // what could not be read: an application discovery left out, a pair whose overlay
            // is unreadable; on standard error always, and in the JSON array after the records
            List<Map<String, Object>> problems = new ArrayList<>();
            for (String skipped : ws.config.skipped()) {
              problems.add(Records.problem(leftOut(skipped), null, skipped));
            }
            for (var p : report.problems()) {
              problems.add(Records.problem(p.application(), p.environment(), p.reason()));
            }
            if (live) {
              printLive(out, err, ws, records, problems);
            } else if (output.json()) {
              List<Map<String, Object>> json = new ArrayList<>(Records.json(records));
              json.addAll(problems);
              out.println(Json.write(json));
            } else {
              out.print(Records.stateTable(records, pipeline));
            }
            for (Map<String, Object> p : problems) {
              err.println(
                  "unreadable: "
                      + (p.get("environment") == null
                          ? ""
                          : p.get("app") + " in " + p.get("environment") + ": ")
                      + p.get("problem"));
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

  /** The application a "application 'X' left out: ..." sentence names, else null. */
  static String leftOut(String skipped) {
    String prefix = "application '";
    int end = skipped.indexOf("' left out");
    return skipped.startsWith(prefix) && end > prefix.length()
        ? skipped.substring(prefix.length(), end)
        : null;
  }

  private void printLive(
      PrintWriter out,
      PrintWriter err,
      Workspace ws,
      List<PromotionRecord> records,
      List<Map<String, Object>> problems) {
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
    if (output.json()) {
      for (Map<String, Object> p : problems) {
        Map<String, Object> row = new LinkedHashMap<>(p);
        row.put("live", null);
        json.add(row);
      }
      out.println(Json.write(json));
    } else {
      out.print(t.isEmpty() ? "no application has an image in any environment yet\n" : t.render());
    }
  }
}
