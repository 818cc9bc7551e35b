package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.GateRefusedException;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.PromotionException;
import dev.gitops.promotion.SafeText;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns its outcome into the exit codes every command shares: 0 done, 1
 * failed (a remote, a conflict), 2 bad input, 3 refused by policy or a gate, 4 waiting on a gate.
 * Every message is made safe for a terminal (credentials in URLs redacted, control characters
 * escaped).
 */
final class CliErrors {
  /** Done, also when nothing had to change. */
  static final int OK = 0;

  /** Failed: a remote or host failed, or a conflict; nothing half-done was left. */
  static final int FAILED = 1;

  /** Bad arguments or input (the message names it, with {@code file:line:col} for YAML). */
  static final int BAD_INPUT = 2;

  /** Refused by the access policy, a provenance or digest rule, or a failing gate. */
  static final int REFUSED = 3;

  /** Waiting: a gate says not yet (a pending check, a freeze window, a soak time). */
  static final int WAITING = 4;

  /** The exit-code section every command's {@code --help} shows. */
  static final String EXIT_CODES =
      "%nExit codes: 0 done, 1 failed (remote, conflict), 2 bad input, 3 refused (policy or"
          + " gate), 4 waiting on a gate.";

  private CliErrors() {}

  static int run(PrintWriter terminal, Callable<Integer> body) {
    PrintWriter err = Terminal.safe(terminal);
    try {
      return body.call();
    } catch (InvalidInputException e) {
      err.println("error: " + safe(e.getMessage()));
      return BAD_INPUT;
    } catch (NotPermittedException e) {
      err.println(
          "refused ("
              + e.rule().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + "): "
              + safe(e.getMessage()));
      return REFUSED;
    } catch (GateRefusedException e) {
      err.println("refused by a gate: " + safe(e.getMessage()));
      return REFUSED;
    } catch (PromotionException e) {
      err.println("error: " + safe(e.getMessage()));
      return FAILED;
    } catch (RuntimeException e) {
      err.println("error: " + safe(String.valueOf(e)));
      return FAILED;
    } catch (Exception e) {
      err.println("error: " + safe(String.valueOf(e)));
      return FAILED;
    } finally {
      err.flush();
    }
  }

  /** A message made safe for the terminal. */
  static String safe(String message) {
    return SafeText.escapeControlsKeepNewlines(SafeText.redactUrls(message));
  }
}
