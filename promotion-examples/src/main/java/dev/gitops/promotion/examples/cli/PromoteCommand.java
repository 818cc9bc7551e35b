package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.overlay.UnifiedDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promote}: moves one application's digest into an environment, or every application's
 * digest from one environment into the next (a release train, one commit). Direct-commit
 * environments only; {@code --dry-run} prints the plan for any environment and writes nothing.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Promote a digest into an environment as one Git commit.",
      "  promote --repo DIR --app APP --to ENV --digest sha256:...",
      "  promote --repo DIR --to ENV --from ENV --all     (release train)"
    })
public final class PromoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "The config repository (default: .).")
  Path repo;

  @Option(names = "--app", description = "The application to promote.")
  String app;

  @Option(names = "--to", required = true, description = "The environment to promote into.")
  String to;

  @Option(
      names = "--digest",
      description = "The digest (sha256:...) or pinned image (repo@sha256:...) to promote.")
  String digest;

  @Option(names = "--from", description = "With --all: the environment whose digests to take.")
  String from;

  @Option(names = "--all", description = "Promote every application of --from (a release train).")
  boolean all;

  @Option(names = "--dry-run", description = "Print the plan and the diff; write nothing.")
  boolean dryRun;

  @Mixin WriteOptions write = new WriteOptions();

  private final Clock clock;

  /** A command that takes times from the system clock. */
  public PromoteCommand() {
    this(Clock.systemUTC());
  }

  /** A command that takes commit times from {@code clock}. */
  public PromoteCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CliErrors.run(spec.commandLine().getErr(), () -> promote(out));
  }

  private int promote(PrintWriter out) {
    boolean single = app != null || digest != null;
    boolean train = all || from != null;
    if (single == train
        || (single && (app == null || digest == null))
        || (train && (!all || from == null))) {
      throw new InvalidInputException(
          "give either --app APP --digest DIGEST, or --from ENV --all (a release train)");
    }
    try (Workspace ws = Workspace.open(repo, write.remoteToPush(), clock)) {
      Environment target = ws.config.pipeline().environment(to);
      PromotionRequest.Builder request =
          PromotionRequest.builder().targetEnvironment(to).actor(write.actor(ws));
      List<String> skipped = new ArrayList<>();
      if (single) {
        Application application =
            ws.config
                .application(app)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "unknown application '"
                                + app
                                + "'; known: "
                                + ws.config.applications().stream()
                                    .map(Application::name)
                                    .toList()));
        request.putImages(app, image(application, digest));
        Optional.ofNullable(write.reason).ifPresent(request::reason);
      } else {
        ws.config.pipeline().environment(from);
        for (Application a : ws.config.applications()) {
          if (a.location(to).isEmpty()) {
            continue;
          }
          if (a.location(from).isEmpty()) {
            skipped.add(a.name() + " (not deployed in " + from + ")");
            continue;
          }
          Optional<PromotionRecord> current = ws.ledger().current(from, a.name());
          if (current.isEmpty()) {
            skipped.add(a.name() + " (no image in " + from + ")");
            continue;
          }
          request.putImages(a.name(), current.get().image());
        }
        request.reason(
            write.reason != null
                ? write.reason
                : "Release train: every application of " + from + ".");
      }
      PromotionRequest built;
      try {
        built = request.build();
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            "nothing to promote from '"
                + from
                + "' into '"
                + to
                + "'"
                + (skipped.isEmpty() ? "" : "; skipped " + skipped));
      }
      skipped.forEach(s -> out.println("skipped " + s));
      PromotionPlan plan = ws.promoter.plan(built);
      if (dryRun) {
        out.print(plan.describe());
        for (PlannedEdit e : plan.edits()) {
          String path = e.location().path();
          out.println();
          out.print(UnifiedDiff.of("a/" + path, "b/" + path, e.before(), e.after(), 3));
        }
        out.println();
        out.println("dry run: nothing was written");
        out.flush();
        return CliErrors.OK;
      }
      if (target.delivery() == Delivery.CHANGE_REQUEST) {
        throw new InvalidInputException(
            "environment '"
                + to
                + "' takes change requests; this command delivers direct commits only (change"
                + " requests come with the hosting adapters). Use --dry-run to see the plan");
      }
      if (!ws.config.gates(to).isEmpty()) {
        throw new InvalidInputException(
            "environment '"
                + to
                + "' declares gates "
                + ws.config.gates(to).stream().map(g -> g.name()).toList()
                + " that this command cannot evaluate yet; nothing was written");
      }
      if (plan.isEmpty()) {
        out.println(
            "nothing to do: "
                + String.join(", ", plan.alreadyInPlace())
                + " already in place in "
                + to);
        out.flush();
        return CliErrors.OK;
      }
      Optional<WorkTree> workTree = WorkTree.of(ws.repository, target.branch());
      List<String> paths = plan.fileEdits().stream().map(f -> f.path()).toList();
      if (workTree.isPresent()) {
        workTree.get().checkClean(plan.baseRevision(), paths);
      }
      PromotionResult result = ws.promoter.deliver(plan);
      switch (result.outcome()) {
        case COMMITTED -> {
          var commit = result.commit().orElseThrow();
          workTree.ifPresent(
              w ->
                  w.update(commit, result.plan().fileEdits().stream().map(f -> f.path()).toList()));
          out.println(
              "committed "
                  + commit.abbreviated()
                  + " on "
                  + target.branch()
                  + write.pushedTo()
                  + ": "
                  + result.plan().commitMessage().subject());
          for (PlannedEdit e : result.plan().edits()) {
            out.println(
                "  "
                    + e.application()
                    + ": "
                    + e.fromImage().map(ImageReference::toString).orElse("(none)")
                    + " -> "
                    + e.toImage());
          }
          if (write.push) {
            WorkTree.behindRemote(ws.repository, target.branch(), write.remote)
                .ifPresent(out::println);
          }
          if (!result.plan().alreadyInPlace().isEmpty()) {
            out.println("  already in place: " + String.join(", ", result.plan().alreadyInPlace()));
          }
        }
        case NOTHING_TO_DO -> out.println("nothing to do: already in place in " + to);
        default -> {
          out.println(result.outcome() + result.verdict().map(v -> ": " + v).orElse(""));
          out.flush();
          return CliErrors.FAILED;
        }
      }
      out.flush();
      return CliErrors.OK;
    }
  }

  static ImageReference image(Application application, String digest) {
    if (digest.contains("@") || digest.contains("/")) {
      ImageReference ref = ImageReference.parse(digest);
      if (!ref.sameRepository(application.image())) {
        throw new InvalidInputException(
            "image '"
                + digest
                + "' is not of application '"
                + application.name()
                + "', whose repository is '"
                + application.imageRepository()
                + "'");
      }
      if (ref.digest().isEmpty()) {
        throw new InvalidInputException(
            "--digest '"
                + digest
                + "' has no digest; expected sha256:<64 hex> or repository@sha256:<64 hex>");
      }
      return application.image().withDigest(ref.digest().get());
    }
    return application.image().withDigest(ImageDigest.parse(digest));
  }
}
