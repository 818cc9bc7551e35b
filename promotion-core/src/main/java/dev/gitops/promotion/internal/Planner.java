package dev.gitops.promotion.internal;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.CommitMessage.Trailer;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateOverride;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.PromotionModel;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.ReleaseTrain;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.PlanAdvisor;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.spi.StateFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a {@link PromotionRequest} into a {@link PromotionPlan}, and a promotion branch back into
 * the plan that made it. Reads the repositories through the ports and writes nothing. Checks, in
 * order: the environment and applications exist, the access policy, digests where required, and
 * provenance (every upstream environment runs the digest, or ran it; a rollback's digest ran in the
 * target environment itself).
 */
public final class Planner {
  private final PromotionModel model;
  private final Ports ports;
  private final Ledger ledger;
  private final Optional<StateFiles> stateFiles;
  private final List<PlanAdvisor> advisors;
  // A promotion branch's plan is a function of its head commit (trailers, and the parent's files):
  // every poll of an open promotion reads it back, so it is remembered
  private final Memo<String, PromotionPlan> reconstructed = new Memo<>(10_000);

  /** A planner over {@code model} and {@code ports}. */
  public Planner(
      PromotionModel model,
      Ports ports,
      Ledger ledger,
      Optional<StateFiles> stateFiles,
      List<PlanAdvisor> advisors) {
    this.model = model;
    this.ports = ports;
    this.ledger = ledger;
    this.stateFiles = stateFiles;
    this.advisors = List.copyOf(advisors);
  }

  /** Plans {@code request} on the target branch's head; see the class documentation. */
  public PromotionPlan plan(PromotionRequest request) {
    Environment env = model.pipeline().environment(request.targetEnvironment());
    Map<String, Application> apps = new TreeMap<>();
    request.images().forEach((name, image) -> apps.put(name, application(name, env, image)));
    model.accessPolicy().check(request.actor(), env, env.delivery());
    if (env.requireDigest()) {
      request.images().forEach((name, image) -> requireDigest(env, name, image));
    }
    Map<String, String> promotedFrom =
        request.isRollback() ? ranHere(env, request, apps) : checkProvenance(env, request, apps);
    ConfigRepository repository = ports.repository(env.name());
    Revision base =
        repository
            .head(env.branch())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "branch '"
                            + env.branch()
                            + "' of environment '"
                            + env.name()
                            + "' does not exist in the config repository"));
    return planAt(request, env, apps, repository, base, promotedFrom);
  }

  /**
   * The plan a promotion branch holds, read back from its head commit: the request from the
   * commit's trailers, the edits from its first parent. The plan's message is the commit's own. The
   * rules are not checked again (they were when the promotion was opened; gates check what must
   * still hold at merge time).
   *
   * @throws InvalidInputException when the branch's head is not a promotion commit
   */
  public PromotionPlan reconstruct(Environment env, String branch, CommitInfo head) {
    return reconstructed.get(
        env.name() + '\n' + branch + '\n' + head.revision().id(),
        () -> readBack(env, branch, head));
  }

  private PromotionPlan readBack(Environment env, String branch, CommitInfo head) {
    CommitMessage message = head.parsedMessage();
    PromotionRequest.Builder request =
        PromotionRequest.builder().targetEnvironment(env.name()).actor(actorOf(message, head));
    List<String> images = message.trailerValues(CommitMessage.PROMOTED_IMAGE);
    if (images.isEmpty() || head.parents().isEmpty()) {
      throw new InvalidInputException(
          "branch '"
              + branch
              + "' is not a promotion: its head "
              + head.revision().abbreviated()
              + " has no "
              + CommitMessage.PROMOTED_IMAGE
              + " trailer");
    }
    Map<String, Application> apps = new TreeMap<>();
    for (String entry : images) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException(
            "branch '" + branch + "': malformed trailer Promoted-Image: " + entry);
      }
      String name = entry.substring(0, eq);
      ImageReference image = ImageReference.parse(entry.substring(eq + 1));
      request.putImages(name, image);
      apps.put(name, application(name, env, image));
    }
    reasonOf(message).ifPresent(request::reason);
    message.trailer(CommitMessage.ROLLBACK_OF).map(Revision::of).ifPresent(request::rollbackOf);
    for (String o : message.trailerValues(CommitMessage.GATE_OVERRIDE)) {
      GateOverride.parseTrailer(o).ifPresent(request::addOverrides);
    }
    PromotionRequest built = request.build();
    PromotionPlan plan =
        planAt(built, env, apps, ports.repository(env.name()), head.parents().get(0), Map.of());
    return PromotionPlan.builder()
        .from(plan)
        .commitMessage(message)
        .changeRequestBranch(branch)
        .build();
  }

  /** The environment a promotion branch ({@code promote/<env>/...}) is for, if it is one. */
  public static Optional<String> environmentOfBranch(String branch) {
    if (!branch.startsWith(BRANCH_ROOT)) {
      return Optional.empty();
    }
    int slash = branch.indexOf('/', BRANCH_ROOT.length());
    return slash < 0
        ? Optional.empty()
        : Optional.of(branch.substring(BRANCH_ROOT.length(), slash));
  }

  /** The root of every promotion branch. */
  public static final String BRANCH_ROOT = "promote/";

  /** The branch prefix of any promotion of {@code app} into {@code env}, whatever its digest. */
  public static String branchPrefix(String env, String app) {
    return BRANCH_ROOT + env + "/" + app + "-";
  }

  /**
   * Checks that re-planning after a lost race did not find the value this promotion changes changed
   * to something else in between: that is a conflict, never an overwrite.
   *
   * @throws PromotionConflictException naming the application, both values and who changed it
   */
  public void checkNoForeignChange(PromotionPlan original, PromotionPlan replanned) {
    Map<String, PlannedEdit> now = new LinkedHashMap<>();
    replanned.edits().forEach(e -> now.put(e.application(), e));
    for (PlannedEdit before : original.edits()) {
      if (replanned.alreadyInPlace().contains(before.application())) {
        continue; // someone (or an earlier attempt of ours) already set what we want
      }
      PlannedEdit after = now.get(before.application());
      if (after != null && !after.fromImage().equals(before.fromImage())) {
        Environment env = original.environment();
        String by =
            ledger
                .current(env, model.requireApplication(before.application()))
                .map(r -> " by commit " + r.commit().abbreviated() + " (" + r.promotedBy() + ")")
                .orElse("");
        throw new PromotionConflictException(
            before.application()
                + " in '"
                + env.name()
                + "' was changed from "
                + before.fromImage().map(Images::shortVersion).orElse("(none)")
                + " to "
                + after.fromImage().map(Images::shortVersion).orElse("(none)")
                + by
                + " while promotion "
                + original.id()
                + " to "
                + Images.shortVersion(before.toImage())
                + " was in flight; not overwriting it. Promote again if "
                + Images.shortVersion(before.toImage())
                + " should replace it");
      }
    }
  }

  private PromotionPlan planAt(
      PromotionRequest request,
      Environment env,
      Map<String, Application> apps,
      ConfigRepository repository,
      Revision base,
      Map<String, String> promotedFrom) {
    List<List<String>> waves = waves(apps);
    Map<String, String> content = new HashMap<>(); // path -> content as edited so far
    List<PlannedEdit> edits = new ArrayList<>();
    List<String> inPlace = new ArrayList<>();
    for (List<String> wave : waves) {
      for (String name : wave) {
        Application app = apps.get(name);
        OverlayLocation location = app.location(env.name()).orElseThrow();
        ImageReference wanted = request.images().get(name);
        String before =
            content.computeIfAbsent(
                location.path(),
                p ->
                    repository
                        .readFile(base, p)
                        .orElseThrow(
                            () ->
                                new InvalidInputException(
                                    "overlay file '"
                                        + p
                                        + "' of application '"
                                        + name
                                        + "' does not exist in environment '"
                                        + env.name()
                                        + "' at "
                                        + base.abbreviated())));
        OverlayFile file = new OverlayFile(location.path(), before);
        ImageSelector selector = new ImageSelector(app.imageRepository(), location.options());
        OverlayFormat format = model.format(location);
        Optional<ImageReference> current = format.readImage(file, selector);
        if (current.isPresent() && Images.satisfies(current.get(), wanted)) {
          inPlace.add(name);
          continue;
        }
        String after = format.writeImage(file, selector, wanted);
        content.put(location.path(), after);
        edits.add(
            PlannedEdit.builder()
                .application(name)
                .location(location)
                .fromImage(current)
                .toImage(wanted)
                .before(before)
                .after(after)
                .build());
      }
    }
    PromotionPlan plan =
        PromotionPlan.builder()
            .request(request)
            .environment(env)
            .baseRevision(base)
            .edits(edits)
            .waves(waves)
            .alreadyInPlace(inPlace)
            .delivery(env.delivery())
            .commitMessage(message(env, request, edits, promotedFrom))
            .changeRequestBranch(branchName(env, request))
            .changeRequestTitle(title(env, request))
            .changeRequestBody(body(env, request, edits))
            .gates(env.gates().stream().map(Gate::name).toList())
            .generatedFiles(
                edits.isEmpty() ? List.of() : generatedFiles(env, repository, base, content))
            .warnings(sharedLocations(env, edits))
            .build();
    if (plan.isEmpty() || advisors.isEmpty()) {
      return plan;
    }
    List<String> warnings = new ArrayList<>(plan.warnings());
    for (PlanAdvisor advisor : advisors) {
      advisor.warnings(model, plan, repository).stream()
          .filter(w -> !warnings.contains(w))
          .forEach(warnings::add);
    }
    return PromotionPlan.builder().from(plan).warnings(warnings).build();
  }

  // Per environment kept on the same branch of the same repository: what every application runs
  // once the edits land.
  private List<FileEdit> generatedFiles(
      Environment target, ConfigRepository repository, Revision base, Map<String, String> edited) {
    if (stateFiles.isEmpty()) {
      return List.of();
    }
    Map<String, Map<String, ImageReference>> state = new LinkedHashMap<>();
    for (Environment env : model.pipeline().environments()) {
      if (!env.branch().equals(target.branch()) || ports.repository(env.name()) != repository) {
        continue;
      }
      Map<String, ImageReference> images = new TreeMap<>();
      for (Application app : model.applications().values()) {
        Optional<OverlayLocation> loc = app.location(env.name());
        if (loc.isEmpty() || !model.overlayFormats().containsKey(loc.get().format())) {
          continue;
        }
        String path = loc.get().path();
        Optional<String> content =
            edited.containsKey(path)
                ? Optional.of(edited.get(path))
                : repository.readFile(base, path);
        content
            .flatMap(c -> ledger.readImage(loc.get(), app, c))
            .ifPresent(image -> images.put(app.name(), image));
      }
      state.put(env.name(), images);
    }
    return stateFiles.get().render(state);
  }

  private Application application(String name, Environment env, ImageReference image) {
    Application app =
        model
            .application(name)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "unknown application '"
                            + name
                            + "'; known: "
                            + new TreeSet<>(model.applications().keySet())));
    if (app.location(env.name()).isEmpty()) {
      throw new InvalidInputException(
          "application '"
              + name
              + "' is not deployed in environment '"
              + env.name()
              + "'; it has locations for "
              + app.locations().keySet());
    }
    if (!image.sameRepository(app.image())) {
      throw new InvalidInputException(
          "image '"
              + image
              + "' is not of application '"
              + name
              + "', whose repository is '"
              + app.imageRepository()
              + "'");
    }
    return app;
  }

  private static void requireDigest(Environment env, String app, ImageReference image) {
    if (!image.isPinned()) {
      throw new NotPermittedException(
          NotPermittedException.Rule.DIGEST_REQUIRED,
          "environment '"
              + env.name()
              + "' requires images pinned by digest, but "
              + app
              + " asks for '"
              + image
              + "', a mutable tag: resolve the tag to its digest and promote "
              + image.withoutVersion()
              + "@sha256:...");
    }
  }

  // Returns, per upstream environment that vouched for the digests, env -> its head, for the
  // Promoted-From trailers.
  private Map<String, String> checkProvenance(
      Environment env, PromotionRequest request, Map<String, Application> apps) {
    Map<String, String> heads = new LinkedHashMap<>();
    for (Environment upstream : model.pipeline().upstreams(env.name())) {
      ConfigRepository upstreamRepository = ports.repository(upstream.name());
      Optional<Revision> upstreamHead = upstreamRepository.head(upstream.branch());
      for (Application app : apps.values()) {
        Optional<OverlayLocation> location = app.location(upstream.name());
        if (location.isEmpty()) {
          continue; // not deployed upstream: nothing to vouch for or against it
        }
        ImageReference wanted = request.images().get(app.name());
        Optional<ImageReference> running =
            upstreamHead.flatMap(h -> ledger.imageAt(upstreamRepository, h, location.get(), app));
        boolean ok = running.isPresent() && Images.satisfies(running.get(), wanted);
        if (!ok && env.provenance() == Environment.Provenance.CURRENT_OR_PAST) {
          ok = ledger.everRan(upstream, app, wanted);
        }
        if (!ok) {
          throw new NotPermittedException(
              NotPermittedException.Rule.PROVENANCE,
              app.name()
                  + " "
                  + Images.shortVersion(wanted)
                  + " cannot enter '"
                  + env.name()
                  + "': "
                  + (env.provenance() == Environment.Provenance.CURRENT
                      ? "it is not what upstream '" + upstream.name() + "' runs"
                      : "upstream '" + upstream.name() + "' never ran it")
                  + running
                      .map(r -> " ('" + upstream.name() + "' runs " + Images.shortVersion(r) + ")")
                      .orElse(" ('" + upstream.name() + "' runs nothing yet)")
                  + "; promote it to '"
                  + upstream.name()
                  + "' first, so that no environment is skipped");
        }
        upstreamHead.ifPresent(h -> heads.putIfAbsent(upstream.name(), h.id()));
      }
    }
    return heads;
  }

  // A rollback's images must have run in the target environment itself; Promoted-From names the
  // commit that set each there.
  private Map<String, String> ranHere(
      Environment env, PromotionRequest request, Map<String, Application> apps) {
    Map<String, String> from = new LinkedHashMap<>();
    for (Application app : apps.values()) {
      ImageReference wanted = request.images().get(app.name());
      Optional<PromotionRecord> ran =
          ledger.history(env, app, Integer.MAX_VALUE).stream()
              .filter(r -> Images.satisfies(r.image(), wanted))
              .findFirst();
      if (ran.isEmpty()) {
        throw new NotPermittedException(
            NotPermittedException.Rule.PROVENANCE,
            "cannot roll "
                + app.name()
                + " in '"
                + env.name()
                + "' back to "
                + Images.shortVersion(wanted)
                + ": the ledger of '"
                + env.name()
                + "' shows it never ran there; promote it instead");
      }
      from.putIfAbsent(env.name(), ran.get().commit().id());
    }
    return from;
  }

  // Dependency order among the requested applications; within a wave, alphabetical.
  private static List<List<String>> waves(Map<String, Application> apps) {
    Map<String, List<String>> deps = new TreeMap<>();
    apps.forEach((name, app) -> deps.put(name, app.dependsOn()));
    return ReleaseTrain.waves(deps);
  }

  private static final String TRAIN_LINE = "- ";

  private static CommitMessage message(
      Environment env,
      PromotionRequest request,
      List<PlannedEdit> edits,
      Map<String, String> promotedFrom) {
    String subject;
    StringBuilder body = new StringBuilder();
    String verb = request.isRollback() ? "roll back " : "promote ";
    if (edits.size() == 1) {
      PlannedEdit e = edits.get(0);
      subject =
          "chore("
              + env.name()
              + "): "
              + verb
              + e.application()
              + " to "
              + Images.shortVersion(e.toImage());
    } else {
      subject = "chore(" + env.name() + "): " + verb + edits.size() + " applications";
      for (PlannedEdit e : edits) {
        body.append(TRAIN_LINE)
            .append(e.application())
            .append(" to ")
            .append(Images.shortVersion(e.toImage()))
            .append('\n');
      }
    }
    request.reason().ifPresent(r -> body.append(body.length() > 0 ? "\n" : "").append(r.strip()));
    List<Trailer> trailers = new ArrayList<>();
    trailers.add(new Trailer(CommitMessage.PROMOTION_ID, request.promotionId()));
    for (PlannedEdit e : edits) {
      trailers.add(new Trailer(CommitMessage.PROMOTED_IMAGE, e.application() + "=" + e.toImage()));
    }
    promotedFrom.forEach(
        (environment, commit) ->
            trailers.add(new Trailer(CommitMessage.PROMOTED_FROM, environment + "@" + commit)));
    trailers.add(new Trailer(CommitMessage.PROMOTED_BY, request.actor().toString()));
    trailers.addAll(request.trailers());
    request
        .rollbackOf()
        .ifPresent(r -> trailers.add(new Trailer(CommitMessage.ROLLBACK_OF, r.id())));
    for (GateOverride o : request.overrides()) {
      trailers.add(new Trailer(CommitMessage.GATE_OVERRIDE, o.trailerValue()));
    }
    return new CommitMessage(subject, body.toString(), trailers);
  }

  // The reason a promotion commit's body carries, without a train's list of applications.
  private static Optional<String> reasonOf(CommitMessage message) {
    String body = message.body();
    if (body.startsWith(TRAIN_LINE)) {
      int end = body.indexOf("\n\n");
      body = end < 0 ? "" : body.substring(end + 2);
    }
    return body.isBlank() ? Optional.empty() : Optional.of(body.strip());
  }

  private static Actor actorOf(CommitMessage message, CommitInfo head) {
    Optional<String> by = message.trailer(CommitMessage.PROMOTED_BY);
    if (by.isPresent()) {
      try {
        return Actor.parse(by.get());
      } catch (InvalidInputException malformed) {
        // fall back on the commit's author
      }
    }
    return Actor.human(head.authorName(), head.authorEmail());
  }

  private static String branchName(Environment env, PromotionRequest request) {
    if (request.images().size() == 1) {
      var only = request.images().entrySet().iterator().next();
      return branchPrefix(env.name(), only.getKey()) + Images.branchVersion(only.getValue());
    }
    return BRANCH_ROOT + env.name() + "/train-" + request.promotionId().substring("prm-".length());
  }

  private static String title(Environment env, PromotionRequest request) {
    String verb = request.isRollback() ? "Roll back " : "Promote ";
    if (request.images().size() == 1) {
      var only = request.images().entrySet().iterator().next();
      return verb
          + only.getKey()
          + (request.isRollback() ? " in " : " to ")
          + env.name()
          + (request.isRollback() ? " to " : ": ")
          + Images.shortVersion(only.getValue());
    }
    return verb
        + request.images().size()
        + " applications "
        + (request.isRollback() ? "in " : "to ")
        + env.name();
  }

  private static String body(Environment env, PromotionRequest request, List<PlannedEdit> edits) {
    StringBuilder sb = new StringBuilder();
    sb.append(request.isRollback() ? "Rollback `" : "Promotion `")
        .append(request.promotionId())
        .append("` into **")
        .append(env.name())
        .append("**, requested by ")
        .append(request.actor().name())
        .append(".\n\n");
    request.reason().ifPresent(r -> sb.append(r.strip()).append("\n\n"));
    sb.append("| application | from | to | file |\n|---|---|---|---|\n");
    for (PlannedEdit e : edits) {
      sb.append("| ")
          .append(e.application())
          .append(" | ")
          .append(e.fromImage().map(Images::shortVersion).orElse("(none)"))
          .append(" | ")
          .append(Images.shortVersion(e.toImage()))
          .append(" | `")
          .append(e.location().path())
          .append("` |\n");
    }
    if (!env.gates().isEmpty()) {
      sb.append("\nGates: ")
          .append(String.join(", ", env.gates().stream().map(Gate::name).toList()))
          .append(".\n");
    }
    sb.append("\nMerged automatically once every gate passes.\n");
    return sb.toString();
  }

  // An edit to a file that another environment also reads changes that environment too.
  private List<String> sharedLocations(Environment env, List<PlannedEdit> edits) {
    List<String> warnings = new ArrayList<>();
    for (PlannedEdit e : edits) {
      Application app = model.requireApplication(e.application());
      for (var other : new TreeMap<>(app.locations()).entrySet()) {
        if (!other.getKey().equals(env.name())
            && other.getValue().path().equals(e.location().path())) {
          warnings.add(
              e.location().path()
                  + " is also where "
                  + app.name()
                  + " is set for '"
                  + other.getKey()
                  + "': this edit changes '"
                  + other.getKey()
                  + "' too");
        }
      }
    }
    return warnings;
  }
}
