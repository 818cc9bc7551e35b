package dev.gitops.promotion.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the offline story of one digest moving from dev to production in a real Git
 * repository created in a temporary directory, with change requests on a simulated host.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the offline demo: one digest from dev to production in a real Git repository.",
      "The repository is created in a temporary directory (or --dir); CI commits to dev,",
      "change requests on a simulated host take it to staging and production, the bot is",
      "refused on production, and the state is read back from Git."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      description = "An empty directory to work in (default: a new temporary directory).")
  Path dir;

  @Option(
      names = "--no-git-cli",
      description = "Show the log with JGit even when the git command line is on PATH.")
  boolean noGitCli;

  /** A demo command. */
  public DemoCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(
        Terminal.err(spec),
        () -> {
          Path work = dir;
          try {
            if (work == null) {
              work = Files.createTempDirectory("promotion-demo-");
            } else {
              Files.createDirectories(work);
              try (var entries = Files.list(work)) {
                if (entries.findAny().isPresent()) {
                  throw new dev.gitops.promotion.InvalidInputException(
                      "--dir " + work + " is not empty; give an empty or new directory");
                }
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return new Demo(out, work, !noGitCli).run();
        });
  }
}
