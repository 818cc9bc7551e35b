package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Hold;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hold} and {@code release}: pin an application in an environment so that automatic
 * promotion leaves it alone (after a rollback, say), and lift the pin. Recorded in Git.
 */
@Command(
    name = "hold",
    mixinStandardHelpOptions = true,
    description = {
      "Hold an application in an environment: automatic promotion (promote --auto) leaves it alone"
          + " until a person releases it. Recorded in Git (.promotion/holds/<env>.txt, a commit"
          + " with a Hold trailer). Without --app or --all: list the holds.",
      "Examples:",
      "  hold --repo DIR --env dev --app api-service --reason \"v1.2.0 breaks checkout\"",
      "  hold --repo DIR --env dev --all --reason \"freeze\"",
      "  hold --repo DIR --env dev              (list)"
    })
public class HoldCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--env", required = true, description = "The environment.")
  String env;

  @Option(names = "--app", description = "The application.")
  String app;

  @Option(names = "--all", description = "Every application of the environment.")
  boolean all;

  @Mixin WriteOptions write = new WriteOptions();

  final AdapterContext context;

  /** A command that takes times from the system clock. */
  public HoldCommand() {
    this(Clock.systemUTC());
  }

  /** A command that takes times from {@code clock}. */
  public HoldCommand(Clock clock) {
    this(AdapterContext.system(clock));
  }

  /**
   * A command whose adapters ({@code host:} in promotion.yaml, which binds the actor to its
   * credentials) are built with {@code context}: its clock, environment variables and sleeper.
   */
  HoldCommand(AdapterContext context) {
    this.context = context;
  }

  boolean releasing() {
    return false;
  }

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(Terminal.err(spec), () -> run(out));
  }

  private int run(PrintWriter out) {
    if (app != null && all) {
      throw new InvalidInputException("give --app APP or --all, not both");
    }
    try (Workspace ws = write.open(context)) {
      Environment environment = ws.promoter.pipeline().environment(env);
      if (app == null && !all) {
        if (releasing()) {
          throw new InvalidInputException("give --app APP or --all: which hold to release");
        }
        List<Hold> holds = ws.promoter.holds(env);
        if (holds.isEmpty()) {
          out.println("no holds on " + env);
        }
        holds.forEach(h -> out.println(h.describe()));
        out.flush();
        return CliErrors.OK;
      }
      String target = all ? Hold.ALL : app;
      String reason = Optional.ofNullable(write.reason).orElse("");
      Actor actor = write.actor(ws); // a malformed --as is bad input before anything is read
      Optional<WorkTree> workTree = WorkTree.of(ws.repository, environment.branch());
      var before = ws.repository.head(environment.branch());
      if (workTree.isPresent() && before.isPresent()) {
        // the holds file is brought up to date after the commit: local changes to it (or an
        // untracked file in its place) are refused first, never overwritten
        workTree.get().checkClean(before.get(), List.of(holdsPath(env)));
      }
      if (releasing()) {
        Optional<Hold> released = ws.promoter.release(env, target, actor, reason);
        if (released.isEmpty()) {
          out.println("nothing to release: " + label(target) + " is not held in " + env);
        } else {
          out.println("released " + released.get().describe() + write.pushedTo());
        }
      } else {
        Hold hold = ws.promoter.hold(env, target, actor, reason);
        out.println("held " + hold.describe() + write.pushedTo());
      }
      var after = ws.repository.head(environment.branch());
      if (!after.equals(before)) {
        // the hold landed whatever happens here: a failed update is a warning, never a failure
        workTree
            .flatMap(w -> w.update(after.orElseThrow(), List.of(holdsPath(env))))
            .ifPresent(out::println);
      }
      out.flush();
      return CliErrors.OK;
    }
  }

  static String holdsPath(String env) {
    return ".promotion/holds/" + env + ".txt";
  }

  private static String label(String target) {
    return Hold.ALL.equals(target) ? "every application" : target;
  }

  /** {@code release}: lifts a hold. */
  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = {
        "Release a hold: automatic promotion may move the application again. A person only (a bot"
            + " is refused).",
        "Examples:",
        "  release --repo DIR --env dev --app api-service --reason \"fixed in v1.2.1\""
      })
  public static final class Release extends HoldCommand {
    /** A command that takes times from the system clock. */
    public Release() {
      super();
    }

    /** A command that takes times from {@code clock}. */
    public Release(Clock clock) {
      super(clock);
    }

    /** A command whose adapters are built with {@code context}. */
    Release(AdapterContext context) {
      super(context);
    }

    @Override
    boolean releasing() {
      return true;
    }
  }
}
