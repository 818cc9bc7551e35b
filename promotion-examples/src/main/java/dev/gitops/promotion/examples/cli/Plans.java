package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.overlay.UnifiedDiff;
import dev.gitops.promotion.spi.ChangeRequest;
import java.io.PrintWriter;
import java.util.Optional;

/** How the writing commands (promote, rollback) show a plan and what its delivery did. */
final class Plans {
  private Plans() {}

  /** The dry run: the plan (with the gates that will be evaluated) and the diff of every file. */
  static void printDryRun(PrintWriter out, PromotionPlan plan) {
    out.print(SafeText.escapeControlsKeepNewlines(plan.describe()));
    for (PlannedEdit e : plan.edits()) {
      String path = e.location().path();
      out.println();
      out.print(UnifiedDiff.of("a/" + path, "b/" + path, e.before(), e.after(), 3));
    }
    out.println();
    out.println("dry run: nothing was written");
    out.flush();
  }

  /**
   * Prints what a delivery did and returns the exit code: 0 landed, opened or nothing to do; 4
   * waiting on a gate; 3 blocked by a gate; 1 anything else.
   */
  static int report(
      PrintWriter out,
      PromotionResult result,
      Optional<WorkTree> workTree,
      PushOptions write,
      Workspace ws) {
    PromotionPlan plan = result.plan();
    String branch = plan.environment().branch();
    int code;
    switch (result.outcome()) {
      case COMMITTED -> {
        var commit = result.commit().orElseThrow();
        Optional<String> stale =
            workTree.flatMap(
                w -> w.update(commit, plan.fileEdits().stream().map(f -> f.path()).toList()));
        out.println(
            "committed "
                + commit.abbreviated()
                + " on "
                + branch
                + write.pushedTo()
                + ": "
                + plan.commitMessage().subject());
        edits(out, plan);
        stale.ifPresent(w -> out.println(SafeText.forDisplay(w)));
        if (write.push) {
          WorkTree.behindRemote(ws.repository, branch, write.remote).ifPresent(out::println);
        }
        if (!plan.alreadyInPlace().isEmpty()) {
          out.println("  already in place: " + String.join(", ", plan.alreadyInPlace()));
        }
        code = CliErrors.OK;
      }
      case CHANGE_REQUEST_OPENED, CHANGE_REQUEST_UPDATED -> {
        ChangeRequest cr = result.changeRequest().orElseThrow();
        out.println(
            (result.outcome() == PromotionResult.Outcome.CHANGE_REQUEST_OPENED
                    ? "opened"
                    : "updated")
                + " change request #"
                + cr.id()
                + " from "
                + plan.changeRequestBranch()
                + ": "
                + SafeText.forDisplay(cr.url()));
        edits(out, plan);
        for (ChangeRequest old : result.superseded()) {
          out.println("  superseded #" + old.id() + " (" + old.sourceBranch() + ")");
        }
        code = CliErrors.OK;
      }
      case MERGED -> {
        out.println(
            "merged change request #"
                + result.changeRequest().map(ChangeRequest::id).orElse("?")
                + " as "
                + result.commit().map(c -> c.abbreviated()).orElse("?")
                + " on "
                + branch);
        code = CliErrors.OK;
      }
      case NOTHING_TO_DO -> {
        out.println("nothing to do: already in place in " + plan.environment().name());
        code = CliErrors.OK;
      }
      case WAITING -> {
        out.println("waiting" + verdict(result.verdict()));
        code = CliErrors.WAITING;
      }
      case BLOCKED -> {
        out.println("blocked" + verdict(result.verdict()));
        code = CliErrors.REFUSED;
      }
      default -> {
        out.println(result.outcome() + verdict(result.verdict()));
        code = CliErrors.FAILED;
      }
    }
    out.flush();
    return code;
  }

  private static void edits(PrintWriter out, PromotionPlan plan) {
    for (PlannedEdit e : plan.edits()) {
      out.println(
          "  "
              + e.application()
              + ": "
              + e.fromImage().map(ImageReference::toString).orElse("(none)")
              + " -> "
              + e.toImage());
    }
    for (String w : plan.warnings()) {
      out.println("  warning: " + SafeText.forDisplay(w));
    }
  }

  private static String verdict(Optional<Verdict> verdict) {
    if (verdict.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    verdict.get().retryAt().ifPresent(t -> sb.append(" until ").append(t));
    sb.append(':');
    for (String reason : verdict.get().reasons()) {
      sb.append("\n  - ").append(SafeText.forDisplay(reason));
    }
    return sb.toString();
  }
}
