package dev.gitops.promotion;

import java.util.List;
import java.util.Objects;

/**
 * The state of every application in every environment, read so that one broken overlay affects only
 * its own pair: the records that could be read, and a problem for each pair whose overlay could not
 * (malformed YAML, a nesting or alias limit, an unsupported value), with the reason.
 *
 * @param records the current records, as {@link Promoter#state()} gives them
 * @param problems the pairs that could not be read, environments in pipeline order
 */
public record StateReport(List<PromotionRecord> records, List<Problem> problems) {

  /**
   * One pair whose overlay could not be read.
   *
   * @param application the application
   * @param environment the environment
   * @param reason why, with {@code file:line:col} where known
   */
  public record Problem(String application, String environment, String reason) {
    /** Checks the parts are present. */
    public Problem {
      Objects.requireNonNull(application, "application");
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Copies the lists. */
  public StateReport {
    records = List.copyOf(records);
    problems = List.copyOf(problems);
  }
}
