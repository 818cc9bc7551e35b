package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.GateSpec;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two gates the demo's pipeline file names, built from their {@link GateSpec}s: {@code
 * required-checks} (every named status check passed on the change request) and {@code approvals}
 * (enough standing approvals, none asking for changes). Other gate names are refused: the library's
 * built-in gates come with their own issue.
 */
final class DemoGates implements GateFactory {

  @Override
  public Gate create(String environment, GateSpec spec) {
    switch (spec.name()) {
      case "required-checks":
        return requiredChecks(spec.strings("checks"));
      case "approvals":
        if (spec.bool("codeOwners").orElse(false)) {
          throw unsupported(spec, "approvals with codeOwners: true");
        }
        return approvals(spec.integer("count").orElseThrow().intValue());
      default:
        throw unsupported(spec, "gate '" + spec.name() + "'");
    }
  }

  private static InvalidInputException unsupported(GateSpec spec, String what) {
    return new InvalidInputException(
        what + " is not available in this demo (it supports required-checks and approvals)",
        spec.location(),
        null);
  }

  static Gate requiredChecks(List<String> names) {
    return Gate.named(
        "required-checks",
        ctx -> {
          Optional<ChangeRequest> cr = ctx.changeRequest();
          if (cr.isEmpty()) {
            return Verdict.waiting("no change request to read checks from yet");
          }
          List<String> waiting = new ArrayList<>();
          for (String name : names) {
            Optional<Check> check = cr.get().check(name);
            if (check.isEmpty()) {
              waiting.add(name + " has not reported");
            } else if (check.get().state() == Check.State.FAILURE) {
              return Verdict.fail(name + " failed");
            } else if (!check.get().isSatisfied()) {
              waiting.add(
                  name + " is " + check.get().state().name().toLowerCase(java.util.Locale.ROOT));
            }
          }
          return waiting.isEmpty()
              ? Verdict.pass(String.join(", ", names) + " passed")
              : Verdict.waiting(String.join("; ", waiting));
        });
  }

  static Gate approvals(int count) {
    return Gate.named(
        "approvals",
        ctx -> {
          Optional<ChangeRequest> cr = ctx.changeRequest();
          if (cr.isEmpty()) {
            return Verdict.waiting("no change request to read approvals from yet");
          }
          if (!cr.get().changesRequestedBy().isEmpty()) {
            return Verdict.fail(
                "changes requested by " + String.join(", ", cr.get().changesRequestedBy()));
          }
          List<String> approvers = cr.get().approvers(ctx.protection().dismissStaleReviews());
          String who = approvers.isEmpty() ? "" : " (" + String.join(", ", approvers) + ")";
          return approvers.size() >= count
              ? Verdict.pass(approvers.size() + " of " + count + " approvals" + who)
              : Verdict.waiting(approvers.size() + " of " + count + " approvals" + who);
        });
  }
}
