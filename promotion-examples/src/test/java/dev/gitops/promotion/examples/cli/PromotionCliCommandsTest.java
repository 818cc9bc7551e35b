package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands of this package through the jar's entry point, as users call them. */
class PromotionCliCommandsTest {
  @TempDir Path dir;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PromotionCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  void everyCommandIsRegisteredWithItsHelp() {
    for (String command : new String[] {"promote", "status", "history", "rollback", "demo"}) {
      String[] r = run(command, "--help");
      assertThat(r[0]).as(command).isEqualTo("0");
      assertThat(r[1]).startsWith("Usage: promotion " + command);
    }
  }

  @Test
  void promoteThenStatusThroughTheEntryPoint() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      String[] promoted =
          run(
              "promote",
              "--repo",
              dir.toString(),
              "--app",
              "payments",
              "--to",
              "dev",
              "--digest",
              "sha256:" + hex('9'));
      assertThat(promoted[0]).as(promoted[2]).isEqualTo("0");
      String[] status = run("status", "--repo", dir.toString(), "--format", "json");
      assertThat(status[0]).isEqualTo("0");
      assertThat(status[1]).contains("\"digest\": \"sha256:" + hex('9') + "\"");
      String[] bad = run("history", "--repo", dir.toString(), "--app", "payments");
      assertThat(bad[0]).as("a missing required option is a usage error").isEqualTo("2");
      assertThat(bad[2]).contains("Missing required option: '--env=<env>'");
    }
  }
}
