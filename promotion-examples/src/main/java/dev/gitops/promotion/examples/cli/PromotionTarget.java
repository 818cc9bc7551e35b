package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.PromotionLookup;
import picocli.CommandLine.Option;

/** Which open promotion a command acts on: by application and environment, id, branch or PR. */
final class PromotionTarget {
  @Option(names = "--app", description = "With --env: the open promotion of this application.")
  String app;

  @Option(names = "--env", description = "With --app: the environment it goes into.")
  String env;

  @Option(names = "--id", description = "The promotion id (prm-...).")
  String id;

  @Option(names = "--branch", description = "The promotion's branch (promote/...).")
  String branch;

  @Option(
      names = {"--pr", "--change-request"},
      description = "The number of its pull or merge request.")
  String changeRequest;

  /**
   * The lookup the options name.
   *
   * @throws InvalidInputException unless exactly one way is given
   */
  PromotionLookup lookup() {
    int given =
        (app != null || env != null ? 1 : 0)
            + (id != null ? 1 : 0)
            + (branch != null ? 1 : 0)
            + (changeRequest != null ? 1 : 0);
    if (given != 1 || (app == null) != (env == null)) {
      throw new InvalidInputException(
          "name the promotion one way: --app APP --env ENV, --id ID, --branch BRANCH or --pr N");
    }
    if (app != null) {
      return PromotionLookup.byTarget(env, app);
    }
    if (id != null) {
      return PromotionLookup.byId(id);
    }
    if (branch != null) {
      return PromotionLookup.byBranch(branch);
    }
    return PromotionLookup.byChangeRequest(changeRequest);
  }

  /**
   * The open promotion the options name.
   *
   * @throws InvalidInputException when there is none (never opened, merged or aborted)
   */
  PendingPromotion find(Workspace ws) {
    return ws.promoter
        .find(lookup())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no open promotion "
                        + describe()
                        + " (never opened, or already merged or aborted; see history)"));
  }

  /** The options as written, for messages. */
  String describe() {
    if (app != null) {
      return "of " + app + " into " + env;
    }
    if (id != null) {
      return id;
    }
    if (branch != null) {
      return "on branch " + branch;
    }
    return "with change request #" + changeRequest;
  }
}
