package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that acts on one open promotion ({@code advance}, {@code abort}): opens the workspace
 * for writing, finds the promotion its options name, and hands both to {@link #act}.
 */
abstract class OpenPromotionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PromotionTarget target = new PromotionTarget();

  private final AdapterContext context;

  /** A command whose adapters ({@code host:} in promotion.yaml) are built with {@code context}. */
  OpenPromotionCommand(AdapterContext context) {
    this.context = context;
  }

  @Override
  public final Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          try (Workspace ws = where().open(context)) {
            check(ws);
            return act(ws, target.find(ws), out);
          }
        });
  }

  /** Where the command works: its repository and remote options. */
  abstract PushOptions where();

  /** Refuses bad input that needs the workspace, before the promotion is looked up. */
  void check(Workspace ws) {}

  /** Does the command's work on {@code pending}, printing to {@code out}; the exit code. */
  abstract int act(Workspace ws, PendingPromotion pending, PrintWriter out);
}
