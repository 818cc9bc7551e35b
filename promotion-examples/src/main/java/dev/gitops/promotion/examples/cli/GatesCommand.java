package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Explanation;
import dev.gitops.promotion.GateExplanation;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.PromotionLookup;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.schedule.Durations;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gates}: why a promotion may land or not, gate by gate, as {@link
 * dev.gitops.promotion.Promoter#explain} says.
 */
@Command(
    name = "gates",
    mixinStandardHelpOptions = true,
    description = {
      "Explain a promotion's gates: each gate's verdict and reasons, when a wait can clear, and"
          + " who still has to approve. Exit 0 when every gate passes, 4 when one waits, 3 when"
          + " one fails.",
      "Without --digest or --id: the open promotion of the application into the environment, or"
          + " else the digest its upstream environment runs now.",
      "Examples:",
      "  gates --repo gitops-config --app api-service --env production",
      "  gates --repo gitops-config --app api-service --env production --digest sha256:3f1c...",
      "  gates --repo gitops-config --app api-service --env production --id prm-0123456789abcdef"
          + " --format json"
    })
public final class GatesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReadOptions read = new ReadOptions();

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Option(names = "--env", required = true, description = "The target environment.")
  String env;

  @ArgGroup(exclusive = true)
  Which which;

  /** --digest or --id, not both. */
  static final class Which {
    @Option(
        names = "--digest",
        description = "The digest (sha256:...) or pinned image (repository@sha256:...).")
    String digest;

    @Option(names = "--id", description = "A promotion id (prm-...) of an open promotion.")
    String id;
  }

  @Option(
      names = "--as",
      description = "Who would promote, \"Name <email>\" (default: git config's identity).")
  String as;

  @Mixin FormatOption output = new FormatOption();

  private final AdapterContext context;

  /** A gates command on the system clock. */
  public GatesCommand() {
    this(Clock.systemUTC());
  }

  /** A gates command on {@code clock} (tests). */
  public GatesCommand(Clock clock) {
    this(AdapterContext.system(clock));
  }

  /** A gates command whose adapters are built with {@code context} (clock, tokens, sleeper). */
  GatesCommand(AdapterContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          try (Workspace ws = read.open(context)) {
            Explanation e = explain(ws);
            if (output.json()) {
              out.println(Json.write(json(e)));
            } else {
              print(out, e);
            }
            out.flush();
            return e.verdict().passed()
                ? CliErrors.OK
                : e.verdict().failed() ? CliErrors.REFUSED : CliErrors.WAITING;
          }
        });
  }

  private Explanation explain(Workspace ws) {
    Environment target = ws.promoter.pipeline().environment(env);
    Application application = ws.promoter.model().requireApplication(app);
    if (which != null && which.id != null) {
      PendingPromotion pending =
          ws.promoter
              .find(PromotionLookup.parse(which.id))
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "no open promotion "
                              + SafeText.forDisplay(which.id)
                              + " (merged or aborted ones are in the history)"));
      if (!pending.plan().environment().name().equals(target.name())) {
        throw new InvalidInputException(
            "promotion " + which.id + " goes to '" + pending.plan().environment().name() + "'");
      }
      return ws.promoter.explain(pending);
    }
    if (which == null || which.digest == null) {
      Optional<PendingPromotion> open =
          ws.promoter.find(PromotionLookup.byTarget(target.name(), application.name()));
      if (open.isPresent()) {
        return ws.promoter.explain(open.get());
      }
    }
    return ws.promoter.explain(
        PromotionRequest.builder()
            .putImages(application.name(), image(ws, target, application))
            .targetEnvironment(target.name())
            .actor(actor(ws))
            .build());
  }

  private dev.gitops.promotion.ImageReference image(
      Workspace ws, Environment target, Application application) {
    if (which != null && which.digest != null) {
      return PromoteCommand.image(application, which.digest);
    }
    for (Environment upstream : ws.promoter.pipeline().upstreams(target.name())) {
      Optional<PromotionRecord> r = ws.promoter.current(upstream.name(), application.name());
      if (r.isPresent()) {
        return r.get().image();
      }
    }
    throw new InvalidInputException(
        "no open promotion of "
            + application.name()
            + " into '"
            + target.name()
            + "' and no upstream image to explain; give --digest or --id");
  }

  private Actor actor(Workspace ws) {
    try {
      return ws.actor(Optional.ofNullable(as), false);
    } catch (InvalidInputException noIdentity) {
      if (as != null) {
        throw noIdentity;
      }
      return Actor.human("gates", "gates@localhost.invalid");
    }
  }

  private static void print(PrintWriter out, Explanation e) {
    out.println(
        e.promotionId()
            + " into "
            + e.environment()
            + ": "
            + e.verdict().status()
            + e.verdict().retryAt().map(t -> " until " + t).orElse("")
            + e.changeRequest().map(u -> " (" + SafeText.forDisplay(u) + ")").orElse(""));
    Table t = new Table("GATE", "VERDICT", "CLEARS", "STILL NEEDED", "WHY");
    for (GateExplanation g : e.gates()) {
      List<String> reasons = g.verdict().reasons();
      t.row(
          g.gate() + (g.enforced() ? "" : " (plan)"),
          g.verdict().status().name(),
          clears(e.at(), g),
          SafeText.forDisplay(String.join(", ", g.stillNeeded())),
          SafeText.forDisplay(reasons.get(0)));
      for (String more : reasons.subList(1, reasons.size())) {
        t.row("", "", "", "", SafeText.forDisplay(more));
      }
    }
    out.print(t.render());
  }

  private static String clears(Instant at, GateExplanation g) {
    if (g.clearsAt().isEmpty()) {
      return g.verdict().isWaiting() ? "unknown" : "";
    }
    return "in " + Durations.format(g.clearsIn().orElseThrow()) + " (" + g.clearsAt().get() + ")";
  }

  private static Map<String, Object> json(Explanation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("promotionId", e.promotionId());
    m.put("environment", e.environment());
    m.put("at", e.at().toString());
    m.put("verdict", e.verdict().status().name());
    m.put("retryAt", e.verdict().retryAt().map(Instant::toString).orElse(null));
    m.put("changeRequest", e.changeRequest().orElse(null));
    List<Object> gates = new ArrayList<>();
    for (GateExplanation g : e.gates()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("gate", g.gate());
      row.put("enforced", g.enforced());
      row.put("verdict", g.verdict().status().name());
      row.put("reasons", g.verdict().reasons().stream().map(SafeText::forDisplay).toList());
      row.put("clearsAt", g.clearsAt().map(Instant::toString).orElse(null));
      row.put("clearsInSeconds", g.clearsIn().map(d -> d.getSeconds()).orElse(null));
      row.put("stillNeeded", g.stillNeeded());
      gates.add(row);
    }
    m.put("gates", gates);
    return m;
  }
}
