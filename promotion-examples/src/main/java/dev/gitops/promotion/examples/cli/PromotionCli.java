package dev.gitops.promotion.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code promotion} command line: {@code java -jar promotion-examples/target/promotion.jar
 * <command>}. Every command is registered here, in {@link Command#subcommands()}, and nowhere else;
 * a new command is a new class added to that list.
 *
 * <p>Exit codes, the same for every command (and in every {@code --help}): 0 done (also when
 * nothing had to change), 1 failed (a remote, a conflict), 2 bad arguments or input (the message on
 * standard error names the problem, with {@code file:line:col} for YAML), 3 refused by the access
 * policy, a provenance or digest rule, or a gate, 4 waiting on a gate.
 */
@Command(
    name = "promotion",
    mixinStandardHelpOptions = true,
    version = "promotion 0.1.0-SNAPSHOT",
    description =
        "GitOps environment promotion: move one image digest dev -> staging -> production.",
    subcommands = {
      SetImageCommand.class,
      PromoteCommand.class,
      AdvanceCommand.class,
      AbortCommand.class,
      ResolveCommand.class,
      HoldCommand.class,
      HoldCommand.Release.class,
      StatusCommand.class,
      VerifyCommand.class,
      HistoryCommand.class,
      RollbackCommand.class,
      WhereisCommand.class,
      GatesCommand.class,
      DiffCommand.class,
      DemoCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PromotionCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** The top-level command; it only dispatches to its subcommands. */
  public PromotionCli() {}

  /** Without a command: the usage on standard error, and exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: no command given");
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliErrors.BAD_INPUT;
  }

  /** The command line, ready to {@link CommandLine#execute(String...) execute}. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PromotionCli());
    withExitCodes(cli);
    // picocli's own usage errors (a missing or unknown option) are bad input
    cli.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("error: " + CliErrors.safe(e.getMessage()));
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return CliErrors.BAD_INPUT;
        });
    return cli;
  }

  private static void withExitCodes(CommandLine cli) {
    cli.getCommandSpec().usageMessage().footer(CliErrors.EXIT_CODES);
    cli.getSubcommands().values().forEach(PromotionCli::withExitCodes);
  }

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the command and its arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
