package dev.gitops.promotion.internal;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.CommitMessage.Trailer;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.Revision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a {@link PromotionRequest} into a {@link PromotionPlan}. Reads the repository through the
 * ports and writes nothing. Checks, in order: the environment and applications exist, the access
 * policy, digests where required, provenance from every upstream environment.
 */
public final class Planner {
  private final Pipeline pipeline;
  private final Map<String, Application> applications;
  private final ConfigRepository repository;
  private final Ledger ledger;
  private final AccessPolicy accessPolicy;

  /** A planner over the given pipeline, applications and ports. */
  public Planner(
      Pipeline pipeline,
      Map<String, Application> applications,
      ConfigRepository repository,
      Ledger ledger,
      AccessPolicy accessPolicy) {
    this.pipeline = pipeline;
    this.applications = applications;
    this.repository = repository;
    this.ledger = ledger;
    this.accessPolicy = accessPolicy;
  }

  /** Plans {@code request}; see the class documentation for the checks. */
  public PromotionPlan plan(PromotionRequest request) {
    Environment env = pipeline.environment(request.targetEnvironment());
    Map<String, Application> apps = new TreeMap<>();
    request.images().forEach((name, image) -> apps.put(name, application(name, env, image)));
    accessPolicy.check(request.actor(), env, env.delivery());
    if (env.requireDigest()) {
      request.images().forEach((name, image) -> requireDigest(env, name, image));
    }
    Map<String, Revision> upstreamHeads = checkProvenance(env, request, apps);

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
        Optional<ImageReference> current = ledger.format(location).readImage(file, selector);
        if (current.isPresent() && Images.satisfies(current.get(), wanted)) {
          inPlace.add(name);
          continue;
        }
        String after = ledger.format(location).writeImage(file, selector, wanted);
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
    return PromotionPlan.builder()
        .request(request)
        .environment(env)
        .baseRevision(base)
        .edits(edits)
        .waves(waves)
        .alreadyInPlace(inPlace)
        .delivery(env.delivery())
        .commitMessage(message(env, request, edits, upstreamHeads))
        .changeRequestBranch(branchName(env, request))
        .changeRequestTitle(title(env, request))
        .changeRequestBody(body(env, request, edits))
        .gates(env.gates().stream().map(Gate::name).toList())
        .warnings(blastRadius(env, edits))
        .build();
  }

  /** The branch prefix of any promotion of {@code app} into {@code env}, whatever its digest. */
  public static String branchPrefix(String env, String app) {
    return "promote/" + env + "/" + app + "-";
  }

  private Application application(String name, Environment env, ImageReference image) {
    Application app = applications.get(name);
    if (app == null) {
      throw new InvalidInputException(
          "unknown application '" + name + "'; known: " + new TreeSet<>(applications.keySet()));
    }
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

  // Returns the upstream heads that vouched for the digests, for the Promoted-From trailers.
  private Map<String, Revision> checkProvenance(
      Environment env, PromotionRequest request, Map<String, Application> apps) {
    Map<String, Revision> heads = new LinkedHashMap<>();
    for (Environment upstream : pipeline.upstreams(env.name())) {
      Optional<Revision> upstreamHead = repository.head(upstream.branch());
      for (Application app : apps.values()) {
        Optional<OverlayLocation> location = app.location(upstream.name());
        if (location.isEmpty()) {
          continue; // not deployed upstream: nothing to vouch for or against it
        }
        ImageReference wanted = request.images().get(app.name());
        Optional<ImageReference> running =
            upstreamHead.flatMap(h -> ledger.imageAt(h, location.get(), app));
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
        upstreamHead.ifPresent(h -> heads.putIfAbsent(upstream.name(), h));
      }
    }
    return heads;
  }

  // Dependency order among the requested applications; within a wave, alphabetical.
  private static List<List<String>> waves(Map<String, Application> apps) {
    Map<String, TreeSet<String>> pending = new TreeMap<>();
    apps.forEach(
        (name, app) -> {
          TreeSet<String> deps = new TreeSet<>(app.dependsOn());
          deps.retainAll(apps.keySet());
          pending.put(name, deps);
        });
    List<List<String>> waves = new ArrayList<>();
    while (!pending.isEmpty()) {
      List<String> wave =
          pending.entrySet().stream()
              .filter(e -> e.getValue().isEmpty())
              .map(Map.Entry::getKey)
              .toList();
      if (wave.isEmpty()) {
        throw new InvalidInputException(
            "applications " + pending.keySet() + " depend on each other in a cycle");
      }
      wave.forEach(pending::remove);
      pending.values().forEach(deps -> wave.forEach(deps::remove));
      waves.add(wave);
    }
    return waves;
  }

  private static CommitMessage message(
      Environment env,
      PromotionRequest request,
      List<PlannedEdit> edits,
      Map<String, Revision> upstreamHeads) {
    String subject;
    StringBuilder body = new StringBuilder();
    if (edits.size() == 1) {
      PlannedEdit e = edits.get(0);
      subject =
          "chore("
              + env.name()
              + "): promote "
              + e.application()
              + " to "
              + Images.shortVersion(e.toImage());
    } else {
      subject = "chore(" + env.name() + "): promote " + edits.size() + " applications";
      for (PlannedEdit e : edits) {
        body.append("- ")
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
    upstreamHeads.forEach(
        (upstream, head) ->
            trailers.add(new Trailer(CommitMessage.PROMOTED_FROM, upstream + "@" + head.id())));
    trailers.add(new Trailer(CommitMessage.PROMOTED_BY, request.actor().toString()));
    return new CommitMessage(subject, body.toString(), trailers);
  }

  private static String branchName(Environment env, PromotionRequest request) {
    if (request.images().size() == 1) {
      var only = request.images().entrySet().iterator().next();
      return branchPrefix(env.name(), only.getKey()) + Images.branchVersion(only.getValue());
    }
    return "promote/" + env.name() + "/train-" + request.promotionId().substring("prm-".length());
  }

  private static String title(Environment env, PromotionRequest request) {
    if (request.images().size() == 1) {
      var only = request.images().entrySet().iterator().next();
      return "Promote "
          + only.getKey()
          + " to "
          + env.name()
          + ": "
          + Images.shortVersion(only.getValue());
    }
    return "Promote " + request.images().size() + " applications to " + env.name();
  }

  private static String body(Environment env, PromotionRequest request, List<PlannedEdit> edits) {
    StringBuilder sb = new StringBuilder();
    sb.append("Promotion `")
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
  private List<String> blastRadius(Environment env, List<PlannedEdit> edits) {
    List<String> warnings = new ArrayList<>();
    for (PlannedEdit e : edits) {
      Application app = applications.get(e.application());
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
