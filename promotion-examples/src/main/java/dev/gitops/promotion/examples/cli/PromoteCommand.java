package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.GateOverride;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.TrainResult;
import dev.gitops.promotion.VerificationWait;
import dev.gitops.promotion.spi.AdapterContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
      "Promote a digest into an environment: one Git commit where the environment takes direct"
          + " commits (its gates are evaluated first), a change request elsewhere.",
      "Examples:",
      "  promote --repo DIR --app APP --to dev --digest sha256:... --push",
      "  promote --repo DIR --to staging --from dev --all --dry-run     (release train)",
      "  promote --repo DIR --to staging --from dev --all --train --wait 15m",
      "      (wave by wave: each wave waits for the agent's confirmation before the next)",
      "  promote --repo DIR --app APP --to production --digest sha256:... \\",
      "      --override freeze-window --reason \"INC-4711 hotfix\"        (emergency override)"
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

  @Option(
      names = "--train",
      description =
          "Deliver wave by wave in dependency order (dependsOn, Flux dependsOn, Argo CD sync"
              + " waves), one commit or change request per wave, each wave confirmed live and"
              + " healthy by the environment's GitOps agent before the next; run again to resume.")
  boolean train;

  @Option(
      names = "--wait",
      defaultValue = "10m",
      converter = Live.DurationConverter.class,
      description = "With --train: how long to wait for each wave's confirmation (default: 10m).")
  Duration wait;

  @Option(
      names = "--poll",
      defaultValue = "5s",
      converter = Live.DurationConverter.class,
      description = "With --train: the first poll interval, doubling up to 1m (default: 5s).")
  Duration poll;

  @Option(
      names = "--override",
      paramLabel = "GATE[=APPROVER]",
      description =
          "Emergency override of a window gate (freeze-window, change-window) with --reason,"
              + " approved by APPROVER (default: the actor's email), who must be among the gate's"
              + " overrideApprovers and, on a change request, approve it. Recorded in a"
              + " Gate-Override trailer.")
  List<String> overrides = new ArrayList<>();

  @Mixin WriteOptions write = new WriteOptions();

  private final AdapterContext context;

  /** A command that takes times from the system clock. */
  public PromoteCommand() {
    this(Clock.systemUTC());
  }

  /** A command that takes commit times from {@code clock}. */
  public PromoteCommand(Clock clock) {
    this(AdapterContext.system(clock));
  }

  /** A command whose agents are built with {@code context} on {@code clock} (tests). */
  public PromoteCommand(Clock clock, AdapterContext context) {
    this(context.withClock(clock));
  }

  /**
   * A command whose adapters ({@code host:} in promotion.yaml) are built with {@code context}: its
   * clock, environment variables (tokens) and sleeper.
   */
  PromoteCommand(AdapterContext context) {
    this.context = context;
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
    try (Workspace ws = Workspace.open(repo, write.remoteToPush(), context)) {
      Promoter promoter = ws.promoter;
      Environment target = promoter.pipeline().environment(to);
      Actor actor = write.actor(ws);
      PromotionRequest.Builder request =
          PromotionRequest.builder().targetEnvironment(to).actor(actor);
      if (!overrides.isEmpty() && (write.reason == null || write.reason.isBlank())) {
        throw new InvalidInputException("--override needs --reason: why the gate is overridden");
      }
      for (String o : overrides) {
        int eq = o.indexOf('=');
        String gate = eq < 0 ? o : o.substring(0, eq);
        String approver = eq < 0 ? actor.email() : o.substring(eq + 1);
        request.addOverrides(new GateOverride(gate, approver, write.reason.strip()));
      }
      List<String> skipped = new ArrayList<>();
      int added = 0;
      if (single) {
        ws.checkNotSkipped(app);
        Application application = promoter.model().requireApplication(app);
        request.putImages(app, image(application, digest));
        Optional.ofNullable(write.reason).ifPresent(request::reason);
      } else {
        promoter.pipeline().environment(from);
        for (Application a : promoter.model().applications().values()) {
          if (a.location(to).isEmpty()) {
            continue;
          }
          if (a.location(from).isEmpty()) {
            skipped.add(a.name() + " (not deployed in " + from + ")");
            continue;
          }
          Optional<PromotionRecord> current = promoter.current(from, a.name());
          if (current.isEmpty()) {
            skipped.add(a.name() + " (no image in " + from + ")");
            continue;
          }
          request.putImages(a.name(), current.get().image());
          added++;
        }
        request.reason(
            write.reason != null
                ? write.reason
                : "Release train: every application of " + from + ".");
      }
      if (train && added == 0) {
        throw new InvalidInputException(
            "nothing to promote from '"
                + from
                + "' into '"
                + to
                + "'"
                + (skipped.isEmpty() ? "" : "; skipped " + skipped));
      }
      PromotionRequest built = request.build(); // a bad reason or actor is named as such
      skipped.forEach(s -> out.println("skipped " + s));
      PromotionPlan plan = promoter.plan(built);
      if (dryRun) {
        if (this.train) {
          out.println("waves: " + promoter.trainWaves(built));
        }
        Plans.printDryRun(out, plan);
        return CliErrors.OK;
      }
      if (this.train) {
        return train(out, ws, built, target, plan);
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
      Optional<WorkTree> workTree =
          target.delivery() == Delivery.DIRECT_COMMIT
              ? WorkTree.of(ws.repository, target.branch())
              : Optional.empty();
      List<String> paths = plan.fileEdits().stream().map(f -> f.path()).toList();
      if (workTree.isPresent()) {
        workTree.get().checkClean(plan.baseRevision(), paths);
      }
      PromotionResult result = promoter.execute(plan);
      return Plans.report(out, result, workTree, write, ws);
    }
  }

  private int train(
      PrintWriter out,
      Workspace ws,
      PromotionRequest request,
      Environment target,
      PromotionPlan plan) {
    Live.checkPoll(poll);
    Optional<WorkTree> workTree =
        target.delivery() == Delivery.DIRECT_COMMIT
            ? WorkTree.of(ws.repository, target.branch())
            : Optional.empty();
    List<String> paths = plan.fileEdits().stream().map(f -> f.path()).toList();
    if (workTree.isPresent()) {
      workTree.get().checkClean(plan.baseRevision(), paths);
    }
    Duration max = poll.compareTo(Duration.ofMinutes(1)) > 0 ? poll : Duration.ofMinutes(1);
    TrainResult result =
        ws.promoter.promoteTrain(request, new VerificationWait(wait, poll, max, false));
    out.println(
        "release train into " + to + ": " + result.waves().size() + " wave(s) " + result.waves());
    Optional<dev.gitops.promotion.spi.Revision> last = Optional.empty();
    for (TrainResult.Wave w : result.delivered()) {
      String delivery =
          w.result()
              .map(
                  r ->
                      r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                          + r.commit().map(c -> " " + c.abbreviated()).orElse("")
                          + r.changeRequest().map(cr -> " #" + cr.id()).orElse(""))
              .orElse("already in place");
      out.println("  wave " + w.index() + " " + w.applications() + ": " + delivery);
      for (var v : w.verifications()) {
        out.println(
            "    "
                + v.application()
                + ": "
                + v.outcome().name().toLowerCase(java.util.Locale.ROOT)
                + " (synced at "
                + Live.revision(v.status())
                + ", "
                + v.status().health()
                + ")");
      }
      if (w.result().flatMap(r -> r.commit()).isPresent()) {
        last = w.result().flatMap(r -> r.commit());
      }
    }
    last.ifPresent(c -> workTree.ifPresent(t -> t.update(c, paths)));
    out.println(
        result.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + result.reason());
    out.flush();
    return switch (result.outcome()) {
      case DELIVERED -> CliErrors.OK;
      case WAITING -> CliErrors.WAITING;
      case BLOCKED -> CliErrors.REFUSED;
      case FAILED -> CliErrors.FAILED;
    };
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
