package dev.gitops.promotion.examples.cli;

import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one way a command reaches the terminal: standard output and error wrapped so that every line
 * goes through {@link CliErrors#safe} (credentials in URLs redacted, control characters other than
 * line feeds escaped) on its way out, whatever the command printed: a table cell, a message a host
 * or agent sent back, a name read from a file, JSON. Commands may still make text safe themselves;
 * doing it twice changes nothing.
 */
final class Terminal {
  private Terminal() {}

  /** The command's standard output, safe. */
  static PrintWriter out(CommandSpec spec) {
    return safe(spec.commandLine().getOut());
  }

  /** The command's standard error, safe. */
  static PrintWriter err(CommandSpec spec) {
    return safe(spec.commandLine().getErr());
  }

  /** {@code target} with every line made safe; a writer that is safe already is returned as is. */
  static PrintWriter safe(PrintWriter target) {
    return target instanceof SafeWriter ? target : new SafeWriter(target);
  }

  private static final class SafeWriter extends PrintWriter {
    SafeWriter(PrintWriter target) {
      super(new Pieces(target), false);
    }
  }

  /**
   * Writes each piece made safe as it comes (a {@code print} is one piece, so a URL printed in one
   * call is redacted whole), keeping nothing back: output reaches the terminal as the command wrote
   * it, also when it ends without a flush.
   */
  private static final class Pieces extends Writer {
    private final PrintWriter target;

    Pieces(PrintWriter target) {
      this.target = target;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      // a carriage return that ends a line (CRLF, as a diff of a CRLF file shows it) moves nothing
      // and stays; any other is escaped with the rest
      String text = new String(chars, offset, length);
      int from = 0;
      for (int crlf = text.indexOf("\r\n"); crlf >= 0; crlf = text.indexOf("\r\n", from)) {
        target.write(CliErrors.safe(text.substring(from, crlf)));
        target.write("\r\n");
        from = crlf + 2;
      }
      target.write(CliErrors.safe(text.substring(from)));
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public void close() {
      flush(); // the terminal's own writer stays open
    }
  }
}
