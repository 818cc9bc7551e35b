package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollback}: sets an application in an environment back to the image it ran before, as a new
 * commit with a {@code Rollback-Of} trailer. Direct-commit environments only.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Roll an application back to its previous image in one environment (one commit).")
public final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Option(names = "--env", required = true, description = "The environment.")
  String env;

  @Mixin WriteOptions write = new WriteOptions();

  private final Clock clock;

  /** A command that takes times from the system clock. */
  public RollbackCommand() {
    this(Clock.systemUTC());
  }

  /** A command that takes commit times from {@code clock}. */
  public RollbackCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CliErrors.run(
        spec.commandLine().getErr(),
        () -> {
          try (Workspace ws = Workspace.open(repo, write.remoteToPush(), clock)) {
            Environment target = ws.config.pipeline().environment(env);
            if (target.delivery() == Delivery.CHANGE_REQUEST) {
              throw new InvalidInputException(
                  "environment '"
                      + env
                      + "' takes change requests; this command rolls back direct-commit"
                      + " environments only (change requests come with the hosting adapters)");
            }
            var actor = write.actor(ws);
            var history = ws.ledger().history(env, app, 2);
            Optional<WorkTree> workTree = WorkTree.of(ws.repository, target.branch());
            String path =
                ws.config
                    .application(app)
                    .flatMap(a -> a.location(env))
                    .map(l -> l.path())
                    .orElse(null);
            if (workTree.isPresent() && path != null && !history.isEmpty()) {
              workTree
                  .get()
                  .checkClean(
                      ws.repository.head(target.branch()).orElseThrow(), java.util.List.of(path));
            }
            PromotionResult result = ws.promoter.rollback(env, app, actor, write.reason);
            if (!result.landed()) {
              out.println(result.outcome() + result.verdict().map(v -> ": " + v).orElse(""));
              out.flush();
              return result.outcome() == PromotionResult.Outcome.NOTHING_TO_DO
                  ? CliErrors.OK
                  : CliErrors.FAILED;
            }
            var commit = result.commit().orElseThrow();
            workTree.ifPresent(
                w ->
                    w.update(
                        commit, result.plan().fileEdits().stream().map(f -> f.path()).toList()));
            out.println(
                "committed "
                    + commit.abbreviated()
                    + " on "
                    + target.branch()
                    + write.pushedTo()
                    + ": "
                    + result.plan().commitMessage().subject());
            result
                .plan()
                .edits()
                .forEach(
                    e ->
                        out.println(
                            "  "
                                + e.application()
                                + ": "
                                + e.fromImage().map(Object::toString).orElse("(none)")
                                + " -> "
                                + e.toImage()));
            out.flush();
            return CliErrors.OK;
          }
        });
  }
}
