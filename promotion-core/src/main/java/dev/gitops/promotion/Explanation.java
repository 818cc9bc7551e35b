package dev.gitops.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a promotion may land or not, gate by gate: what {@link Promoter#explain} answers, what the
 * CLI's {@code gates} command prints and what a change request's body carries.
 *
 * @param environment the target environment
 * @param promotionId the promotion's id
 * @param at when the gates were evaluated
 * @param gates one line per gate: first the planner's rules (pinning, provenance), then the
 *     environment's gates in declaration order
 * @param verdict the verdict of the environment's gates together, as a merge would see it
 * @param changeRequest the change request's URL, when one is open
 */
public record Explanation(
    String environment,
    String promotionId,
    Instant at,
    List<GateExplanation> gates,
    Verdict verdict,
    Optional<String> changeRequest) {

  /** The heading of the table in a change request's body. */
  public static final String HEADING = "### Gates";

  /** Checks the parts and copies the list. */
  public Explanation {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(promotionId, "promotionId");
    Objects.requireNonNull(at, "at");
    gates = List.copyOf(gates);
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(changeRequest, "changeRequest");
  }

  /** The line of gate {@code name}, if there is one. */
  public Optional<GateExplanation> gate(String name) {
    return gates.stream().filter(g -> g.gate().equals(name)).findFirst();
  }

  /** Everyone who still has to approve, over all gates, without repeats. */
  public List<String> stillNeeded() {
    return gates.stream().flatMap(g -> g.stillNeeded().stream()).distinct().toList();
  }

  /**
   * The table as Markdown, for a change request's body: a heading, the overall verdict, and one row
   * per gate with its verdict, reasons, when it can clear (an absolute time, so the text changes
   * only when a verdict does) and who still has to approve.
   */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder(HEADING).append("\n\n");
    sb.append("**")
        .append(verdict.status())
        .append("**")
        .append(verdict.retryAt().map(t -> " until " + t).orElse(""))
        .append(" for `")
        .append(promotionId)
        .append("` into **")
        .append(environment)
        .append("**\n\n");
    sb.append("| gate | verdict | why | clears at | still needed |\n");
    sb.append("|---|---|---|---|---|\n");
    for (GateExplanation g : gates) {
      sb.append("| ")
          .append(cell(g.gate() + (g.enforced() ? "" : " (plan)")))
          .append(" | ")
          .append(g.verdict().status())
          .append(" | ")
          .append(cell(String.join("; ", g.verdict().reasons())))
          .append(" | ")
          .append(g.clearsAt().map(Instant::toString).orElse(""))
          .append(" | ")
          .append(cell(String.join(", ", g.stillNeeded())))
          .append(" |\n");
    }
    return sb.toString();
  }

  /** How long from {@code at} until {@code t}, never negative. */
  static Optional<Duration> until(Instant at, Optional<Instant> t) {
    return t.map(x -> x.isBefore(at) ? Duration.ZERO : Duration.between(at, x));
  }

  private static String cell(String text) {
    return SafeText.forDisplay(text).replace("|", "\\|");
  }

  @Override
  public String toString() {
    return toMarkdown();
  }
}
