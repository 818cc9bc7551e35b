package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.RollbackRequest;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollback}: sets an application in an environment back to an image it ran before, as a new
 * promotion with a {@code Rollback-Of} trailer: a commit, or a change request where the environment
 * takes change requests.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Roll an application back to the image it ran before in one environment (its own commit"
          + " or change request, with a Rollback-Of trailer).",
      "Examples:",
      "  rollback --repo gitops-config --app api-service --env dev --reason \"5xx after deploy\"",
      "  rollback --repo gitops-config --app api-service --env dev --to sha256:... --dry-run"
    })
public final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Option(names = "--env", required = true, description = "The environment.")
  String env;

  @Option(
      names = "--to",
      description =
          "The digest to return to; it must be in the environment's ledger (default:"
              + " the image before the current one).")
  String to;

  @Option(names = "--dry-run", description = "Print the plan and the diff; write nothing.")
  boolean dryRun;

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
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          try (Workspace ws = write.open(AdapterContext.system(clock))) {
            ws.checkNotSkipped(app);
            Environment target = ws.promoter.pipeline().environment(env);
            RollbackRequest.Builder request =
                RollbackRequest.builder()
                    .environment(env)
                    .application(app)
                    .actor(write.actor(ws))
                    .reason(Optional.ofNullable(write.reason));
            if (to != null) {
              request.to(
                  ImageDigest.parse(to.contains("@") ? to.substring(to.indexOf('@') + 1) : to));
            }
            PromotionPlan plan = ws.promoter.planRollback(request.build());
            if (dryRun) {
              Plans.printDryRun(out, plan);
              return CliErrors.OK;
            }
            Optional<WorkTree> workTree =
                target.delivery() == Delivery.DIRECT_COMMIT
                    ? WorkTree.of(ws.repository, target.branch())
                    : Optional.empty();
            if (workTree.isPresent() && !plan.isEmpty()) {
              workTree
                  .get()
                  .checkClean(
                      plan.baseRevision(), plan.fileEdits().stream().map(f -> f.path()).toList());
            }
            return Plans.report(out, ws.promoter.execute(plan), workTree, write, ws);
          }
        });
  }
}
