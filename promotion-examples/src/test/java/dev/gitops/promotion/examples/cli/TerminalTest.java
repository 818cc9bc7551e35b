package dev.gitops.promotion.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Everything a command prints passes through one safe writer. */
class TerminalTest {

  @Test
  void escapesControlsRedactsLoginsAndKeepsLineEnds() {
    StringWriter raw = new StringWriter();
    PrintWriter out = Terminal.safe(new PrintWriter(raw));
    out.println("held by Eve \u001b[31m<eve@x.com>: ok\u001b]0;x\u0007");
    out.print("fetch https://u:hunter2@host/r.git and bob:s3cret@ghcr.io/o/a:v1\n");
    out.print("crlf line\r\nlone\rreturn \u202eevil\n");
    out.print("no newline at the end");
    out.flush();
    assertThat(raw.toString())
        .isEqualTo(
            "held by Eve \\e[31m<eve@x.com>: ok\\e]0;x\\u0007\n"
                + "fetch https://***@host/r.git and ***@ghcr.io/o/a:v1\n"
                + "crlf line\r\nlone\\rreturn \\u202eevil\n"
                + "no newline at the end");
    assertThat(Terminal.safe(out)).as("wrapping twice changes nothing").isSameAs(out);
  }

  @Test
  void jsonStaysJson() {
    StringWriter raw = new StringWriter();
    PrintWriter out = Terminal.safe(new PrintWriter(raw));
    String json = Json.write(java.util.Map.of("problem", "name \u001b[2J at https://u:p@h/x"));
    out.println(json);
    out.flush();
    assertThat(raw.toString())
        .isEqualTo("{\n  \"problem\": \"name \\u001B[2J at https://***@h/x\"\n}\n");
  }
}
