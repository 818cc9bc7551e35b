package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.AutoPromotion;
import dev.gitops.promotion.CommitMessage;
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
import dev.gitops.promotion.TagDrift;
import dev.gitops.promotion.TrainResult;
import dev.gitops.promotion.VerificationWait;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.ResolvedImage;
import java.io.PrintWriter;
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
      "      --override freeze-window --reason \"INC-4711 hotfix\"        (emergency override)",
      "  promote --repo DIR --app APP --to dev --image ghcr.io/myorg/app:v1.4.2   (resolved now)",
      "  promote --repo DIR --to dev --auto --bot --as \"CI Bot <ci@myorg.com>\"  (the policy picks)",
      "  promote --repo DIR --app APP --to production --digest sha256:... --check-drift"
    })
public final class PromoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--app", description = "The application to promote.")
  String app;

  @Option(names = "--to", required = true, description = "The environment to promote into.")
  String to;

  @Option(
      names = "--digest",
      description = "The digest (sha256:...) or pinned image (repo@sha256:...) to promote.")
  String digest;

  @Option(
      names = "--image",
      description =
          "The image as repo:tag; the tag is resolved to its digest at the registry now, and the"
              + " promotion records both (Image-Tag trailer).")
  String imageTag;

  @Option(
      names = "--auto",
      description =
          "Let the environment's policy (auto: in promotion.yaml) pick the newest eligible tag of"
              + " every application, unless a person holds it.")
  boolean auto;

  @Option(
      names = "--check-drift",
      description =
          "Re-resolve the tag an upstream environment recorded with the digest; a moved tag is"
              + " reported and recorded (Tag-Drift trailer). Always on with --image.")
  boolean checkDrift;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "With --auto: table or json (default: table).")
  StatusCommand.Format format;

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
    PrintWriter out = Terminal.out(spec);
    return CliErrors.run(Terminal.err(spec), () -> promote(out));
  }

  private int promote(PrintWriter out) {
    boolean single = app != null || digest != null || imageTag != null;
    boolean bulk = all || from != null;
    if (auto) {
      if (single || bulk || train || dryRun) {
        throw new InvalidInputException(
            "--auto takes no --app, --digest, --image, --from, --all, --train or --dry-run: the"
                + " environment's policy picks");
      }
      return autoPromote(out);
    }
    if (single == bulk
        || (single && (app == null || (digest == null) == (imageTag == null)))
        || (bulk && (!all || from == null))) {
      throw new InvalidInputException(
          "give either --app APP --digest DIGEST, or --from ENV --all (a release train); or --app"
              + " APP --image REPO:TAG, or --auto");
    }
    try (Workspace ws = write.open(context)) {
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
        if (imageTag != null) {
          ImageReference wanted = taggedImage(application, imageTag);
          ResolvedImage resolved = ws.registry().resolve(wanted);
          out.println("resolved " + wanted + " to " + resolved.digest() + " at the registry");
          request.putImages(app, resolved.pinned());
          request.addTrailers(
              new CommitMessage.Trailer(
                  CommitMessage.IMAGE_TAG, app + "=" + wanted.tag().orElseThrow()));
        } else {
          request.putImages(app, image(application, digest));
        }
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
      if (bulk && added == 0) {
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
      // Into production with a declared registry, the promoter checks drift itself (plan warnings).
      boolean promoterChecksDrift = target.production() && ws.config.registry().isPresent();
      if ((checkDrift || imageTag != null) && !promoterChecksDrift) {
        List<TagDrift> drifts = promoter.tagDrift(built, ws.registry());
        for (TagDrift d : drifts) {
          out.println("tag drift: " + d.describe());
        }
        if (!drifts.isEmpty()) {
          built =
              PromotionRequest.builder()
                  .from(built)
                  .addAllTrailers(drifts.stream().map(TagDrift::trailer).toList())
                  .build();
        }
      }
      PromotionPlan plan = promoter.plan(built);
      if (dryRun) {
        if (train) {
          out.println("waves: " + promoter.trainWaves(built));
        }
        Plans.printDryRun(out, plan);
        return CliErrors.OK;
      }
      if (train) {
        return deliverTrain(out, ws, built, target, plan);
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

  private int deliverTrain(
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
    // what landed stays landed: a work tree that cannot follow is a warning, never a failure
    last.flatMap(c -> workTree.flatMap(t -> t.update(c, paths))).ifPresent(out::println);
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

  private int autoPromote(PrintWriter out) {
    try (Workspace ws = write.open(context)) {
      Environment target = ws.promoter.pipeline().environment(to);
      Optional<WorkTree> workTree =
          target.delivery() == Delivery.DIRECT_COMMIT
              ? WorkTree.of(ws.repository, target.branch())
              : Optional.empty();
      Actor actor = write.actor(ws);
      var base = ws.repository.head(target.branch());
      if (workTree.isPresent() && base.isPresent()) {
        // any application's overlay may be edited: uncommitted changes to one are refused first
        List<String> overlays = new ArrayList<>();
        for (Application a : ws.promoter.model().applications().values()) {
          a.location(to).ifPresent(l -> overlays.add(l.path()));
        }
        workTree.get().checkClean(base.get(), overlays);
      }
      List<AutoPromotion> results = ws.promoter.autoPromote(to, ws.registry(), actor);
      int code = CliErrors.OK;
      List<String> warnings = new ArrayList<>();
      for (AutoPromotion a : results) {
        a.result()
            .flatMap(PromotionResult::commit)
            .flatMap(
                c ->
                    workTree.flatMap(
                        w ->
                            w.update(
                                c,
                                a.result().orElseThrow().plan().fileEdits().stream()
                                    .map(f -> f.path())
                                    .toList())))
            .ifPresent(warnings::add);
        if (a.outcome() == AutoPromotion.Outcome.REFUSED) {
          code = CliErrors.REFUSED;
        } else if (a.outcome() == AutoPromotion.Outcome.WAITING && code == CliErrors.OK) {
          code = CliErrors.WAITING;
        }
      }
      if (format == StatusCommand.Format.json) {
        List<java.util.Map<String, Object>> json = new ArrayList<>();
        for (AutoPromotion a : results) {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("application", a.application());
          m.put("environment", a.environment());
          m.put("outcome", a.outcome().name().toLowerCase(java.util.Locale.ROOT));
          m.put("tag", a.tag().orElse(null));
          m.put("image", a.image().map(ImageReference::toString).orElse(null));
          m.put(
              "commit", a.result().flatMap(PromotionResult::commit).map(c -> c.id()).orElse(null));
          m.put("message", a.message());
          json.add(m);
        }
        out.println(Json.write(json));
      } else {
        Table t = new Table("APP", "OUTCOME", "TAG", "DIGEST", "WHY");
        for (AutoPromotion a : results) {
          t.row(
              a.application(),
              a.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
              a.tag().orElse("-"),
              a.image().flatMap(ImageReference::digest).map(ImageDigest::shortForm).orElse("-"),
              dev.gitops.promotion.SafeText.forDisplay(a.message()));
        }
        out.print(t.render());
      }
      out.flush();
      // on standard error, so that --format json stays one JSON document
      PrintWriter err = Terminal.err(spec);
      warnings.forEach(err::println);
      err.flush();
      return code;
    }
  }

  static ImageReference taggedImage(Application application, String text) {
    ImageReference ref = ImageReference.parse(text);
    if (!ref.sameRepository(application.image())) {
      throw new InvalidInputException(
          "image '"
              + text
              + "' is not of application '"
              + application.name()
              + "', whose repository is '"
              + application.imageRepository()
              + "'");
    }
    if (ref.tag().isEmpty() || ref.digest().isPresent()) {
      throw new InvalidInputException(
          "--image '" + text + "' must be repo:tag (a digest goes to --digest)");
    }
    return application.image().withTag(ref.tag().get());
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
