package dev.gitops.promotion.examples.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code completion}: a bash (and zsh) completion script for every command and option. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a completion script for bash and zsh.",
      "Examples:",
      "  source <(promotion completion)",
      "  promotion completion > /etc/bash_completion.d/promotion"
    })
public final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** A completion command. */
  public CompletionCommand() {}

  @Override
  public Integer call() {
    String script = AutoComplete.bash("promotion", spec.commandLine().getParent());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return CliErrors.OK;
  }
}
