package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.GateRefusedException;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.PromotionException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns its failures into exit codes: 0 ok, 2 bad input or a refusal
 * (invalid input, not permitted, a gate refused), 1 anything else (conflicts, unreachable remotes,
 * I/O).
 */
final class CliErrors {
  /** Exit code of success. */
  static final int OK = 0;

  /** Exit code of a failure that is not the caller's input. */
  static final int FAILED = 1;

  /** Exit code of bad input or a refusal. */
  static final int REFUSED = 2;

  private CliErrors() {}

  static int run(PrintWriter err, Callable<Integer> body) {
    try {
      return body.call();
    } catch (InvalidInputException e) {
      err.println("error: " + e.getMessage());
      return REFUSED;
    } catch (NotPermittedException e) {
      err.println(
          "refused ("
              + e.rule().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + "): "
              + e.getMessage());
      return REFUSED;
    } catch (GateRefusedException e) {
      err.println("refused by a gate: " + e.getMessage());
      return REFUSED;
    } catch (PromotionException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return FAILED;
    } catch (Exception e) {
      err.println("error: " + e);
      return FAILED;
    } finally {
      err.flush();
    }
  }
}
