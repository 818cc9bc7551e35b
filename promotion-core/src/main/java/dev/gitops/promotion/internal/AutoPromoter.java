package dev.gitops.promotion.internal;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.AutoPromotion;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.CommitMessage.Trailer;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.GateRefusedException;
import dev.gitops.promotion.Hold;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.PromotionModel;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.TagDrift;
import dev.gitops.promotion.selection.Selected;
import dev.gitops.promotion.selection.TagPolicy;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.ImageRegistry;
import dev.gitops.promotion.spi.ResolvedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Automatic promotion (the newest eligible tag of each application, resolved to its digest and
 * promoted through the normal path, unless a person holds it) and the tag drift check (does the tag
 * an upstream environment recorded still point at the digest being promoted?).
 */
public final class AutoPromoter {
  private final PromotionModel model;
  private final Ports ports;
  private final Ledger ledger;
  private final Holds holds;
  private final Function<PromotionRequest, PromotionResult> promote;

  /** Over these parts; {@code promote} plans and delivers a request. */
  public AutoPromoter(
      PromotionModel model,
      Ports ports,
      Ledger ledger,
      Holds holds,
      Function<PromotionRequest, PromotionResult> promote) {
    this.model = model;
    this.ports = ports;
    this.ledger = ledger;
    this.holds = holds;
    this.promote = promote;
  }

  /** Runs the environment's policy for every application deployed there; see Promoter. */
  public List<AutoPromotion> run(Environment env, ImageRegistry registry, Actor actor) {
    TagPolicy policy =
        env.autoPromotion()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "environment '"
                            + env.name()
                            + "' does not promote automatically; give it a policy (auto: {policy:"
                            + " semver, range: \">=1.0.0\"} in promotion.yaml)"));
    List<Hold> held = holds.list(env);
    List<AutoPromotion> out = new ArrayList<>();
    for (Application app : model.applications().values()) {
      if (app.location(env.name()).isEmpty()) {
        continue;
      }
      Optional<Hold> hold = held.stream().filter(h -> h.covers(app.name())).findFirst();
      if (hold.isPresent()) {
        out.add(
            outcome(env, app, AutoPromotion.Outcome.HELD, null, null, null, hold.get().describe()));
        continue;
      }
      out.add(one(env, app, policy, registry, actor));
    }
    return out;
  }

  private AutoPromotion one(
      Environment env, Application app, TagPolicy policy, ImageRegistry registry, Actor actor) {
    List<String> tags = registry.tags(app.image());
    Optional<Selected> pick = policy.select(tags);
    if (pick.isEmpty()) {
      return outcome(
          env,
          app,
          AutoPromotion.Outcome.NO_CANDIDATE,
          null,
          null,
          null,
          policy.describe() + " found no eligible tag among " + tags.size());
    }
    String tag = pick.get().tag();
    ResolvedImage resolved = registry.resolve(app.image().withTag(tag));
    ImageReference image = resolved.pinned();
    Optional<PromotionRecord> current = ledger.current(env, app);
    if (current.isPresent()
        && current.get().image().digest().equals(Optional.of(resolved.digest()))) {
      return outcome(
          env,
          app,
          AutoPromotion.Outcome.UP_TO_DATE,
          tag,
          image,
          null,
          env.name() + " runs " + tag + " (" + resolved.digest().shortForm() + ") already");
    }
    PromotionRequest request =
        PromotionRequest.builder()
            .putImages(app.name(), image)
            .targetEnvironment(env.name())
            .actor(actor)
            .reason("Automatic promotion: " + pick.get().description() + ".")
            .addTrailers(new Trailer(CommitMessage.IMAGE_TAG, app.name() + "=" + tag))
            .addTrailers(new Trailer(CommitMessage.AUTO_PROMOTED, policy.describe()))
            .build();
    try {
      PromotionResult result = promote.apply(request);
      AutoPromotion.Outcome o =
          switch (result.outcome()) {
            case WAITING -> AutoPromotion.Outcome.WAITING;
            case NOTHING_TO_DO -> AutoPromotion.Outcome.UP_TO_DATE;
            default -> AutoPromotion.Outcome.PROMOTED;
          };
      return outcome(
          env,
          app,
          o,
          tag,
          image,
          result,
          pick.get().description()
              + "; "
              + result.outcome().name().toLowerCase().replace('_', ' '));
    } catch (NotPermittedException | GateRefusedException e) {
      return outcome(env, app, AutoPromotion.Outcome.REFUSED, tag, image, null, e.getMessage());
    }
  }

  private static AutoPromotion outcome(
      Environment env,
      Application app,
      AutoPromotion.Outcome outcome,
      String tag,
      ImageReference image,
      PromotionResult result,
      String message) {
    return new AutoPromotion(
        env.name(),
        app.name(),
        outcome,
        Optional.ofNullable(tag),
        Optional.ofNullable(image),
        Optional.ofNullable(result),
        message);
  }

  // ------------------------------------------------------------------ drift

  /** The tags that moved since the upstream environments recorded them; see Promoter. */
  public List<TagDrift> drift(PromotionRequest request, ImageRegistry registry) {
    Environment target = model.pipeline().environment(request.targetEnvironment());
    List<TagDrift> out = new ArrayList<>();
    for (Map.Entry<String, ImageReference> e : request.images().entrySet()) {
      Application app = model.requireApplication(e.getKey());
      Optional<ImageDigest> digest = e.getValue().digest();
      if (digest.isEmpty()) {
        continue;
      }
      for (Environment up : model.pipeline().upstreams(target.name())) {
        Optional<PromotionRecord> record = ledger.current(up, app);
        if (record.isEmpty() || !record.get().image().digest().equals(digest)) {
          continue;
        }
        Optional<String> tag =
            recordedTag(up, app, record.get())
                .or(() -> record.get().image().tag())
                .or(() -> e.getValue().tag());
        if (tag.isEmpty()) {
          continue;
        }
        ImageDigest now;
        try {
          now = registry.resolve(app.image().withTag(tag.get())).digest();
        } catch (InvalidInputException gone) {
          continue; // the tag was deleted: nothing to compare
        }
        if (!now.equals(digest.get())) {
          out.add(new TagDrift(app.name(), up.name(), tag.get(), digest.get(), now));
        }
      }
    }
    return out;
  }

  // the Image-Tag trailer of the commit that set the record (or of the promotion commit it merged)
  private Optional<String> recordedTag(Environment env, Application app, PromotionRecord record) {
    ConfigRepository repository = ports.repository(env.name());
    CommitInfo info = repository.commitInfo(record.commit());
    Optional<String> tag = imageTag(info, app);
    if (tag.isEmpty() && info.parents().size() > 1) {
      tag = imageTag(repository.commitInfo(info.parents().get(1)), app);
    }
    return tag;
  }

  private static Optional<String> imageTag(CommitInfo info, Application app) {
    String prefix = app.name() + "=";
    return info.parsedMessage().trailerValues(CommitMessage.IMAGE_TAG).stream()
        .filter(v -> v.startsWith(prefix))
        .map(v -> v.substring(prefix.length()))
        .findFirst();
  }
}
