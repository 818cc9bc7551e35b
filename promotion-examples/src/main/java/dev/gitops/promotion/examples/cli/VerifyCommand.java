package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.Verification;
import dev.gitops.promotion.VerificationWait;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: asks the environment's GitOps agent (declared under {@code agents} in {@code
 * promotion.yaml}) whether a promoted commit is live: synced at it or later, and healthy.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the environment's GitOps agent (Argo CD or Flux, from 'agents' in promotion.yaml)"
          + " whether the promoted commit is live: synced revision, health and running images.",
      "Exit 0 only when it is synced at the commit (or later) and healthy; 4 when it is still"
          + " pending when the wait runs out; 1 when the agent reports it degraded or missing.",
      "Examples:",
      "  verify --repo gitops-config --app api-service --env staging",
      "  verify --app api-service --env production --commit 3f2a9c1 --wait 10m",
      "  verify --app api-service --env dev --wait 5m --sync --format json"
    })
public final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReadOptions read = new ReadOptions();

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Option(names = "--env", required = true, description = "The environment.")
  String env;

  @Option(
      names = "--commit",
      description = "The promoted commit (default: the one that set the current image).")
  String commit;

  @Option(
      names = "--wait",
      defaultValue = "0",
      converter = Live.DurationConverter.class,
      description = "How long to wait for it to be live, like 10m (default: 0, ask once).")
  Duration wait;

  @Option(
      names = "--poll",
      defaultValue = "5s",
      converter = Live.DurationConverter.class,
      description = "The first interval between polls; it doubles up to 1m (default: 5s).")
  Duration poll;

  @Option(
      names = "--sync",
      description =
          "Ask the agent to sync or reconcile now first (an Argo CD sync, a Flux reconcile).")
  boolean sync;

  @Mixin FormatOption output = new FormatOption();

  private final Clock clock;
  private final AdapterContext context;

  /** A command on the system clock, the process's environment variables and real sleeping. */
  public VerifyCommand() {
    this(Clock.systemUTC(), AdapterContext.system(Clock.systemUTC()));
  }

  /** A command whose agents are built with {@code context} (tests: variables, sleeper). */
  public VerifyCommand(Clock clock, AdapterContext context) {
    this.clock = clock;
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          Live.checkPoll(poll);
          try (Workspace ws = read.open(context.withClock(clock))) {
            Revision target = commit == null ? current(ws) : resolve(ws, commit);
            Duration max = poll.compareTo(Duration.ofMinutes(1)) > 0 ? poll : Duration.ofMinutes(1);
            VerificationWait how = new VerificationWait(wait, poll, max, sync);
            Verification v = ws.promoter.verify(env, app, target, how);
            if (output.json()) {
              out.println(Json.write(Live.json(v, target)));
            } else {
              print(out, v, target);
            }
            out.flush();
            return Live.exitCode(v);
          }
        });
  }

  private Revision current(Workspace ws) {
    return ws.promoter
        .current(env, app)
        .map(PromotionRecord::commit)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    app + " has no image in " + env + " yet; give the commit with --commit"));
  }

  private static Revision resolve(Workspace ws, String text) {
    try {
      ObjectId id = ws.repository.repository().resolve(text + "^{commit}");
      if (id == null) {
        throw new InvalidInputException("no commit '" + text + "' in the config repository");
      }
      return Revision.of(id.name());
    } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
      throw new InvalidInputException("cannot read commit '" + text + "': " + e.getMessage());
    }
  }

  private static void print(PrintWriter out, Verification v, Revision target) {
    var s = v.status();
    out.println(v.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + v.reason());
    out.println("  commit      " + target.abbreviated());
    out.println("  synced at   " + Live.revision(s));
    out.println("  sync        " + s.sync());
    out.println("  health      " + s.health());
    out.println("  images      " + Live.images(s));
    out.println("  observed    " + s.observedAt());
    s.message().ifPresent(m -> out.println("  agent says  " + CliErrors.safe(m)));
  }
}
