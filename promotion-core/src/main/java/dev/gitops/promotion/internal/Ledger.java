package dev.gitops.promotion.internal;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.Revision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the promotion ledger from a {@link ConfigRepository} through the ports: the image an
 * application runs in an environment and the commit that set it. Works on any history, trailers or
 * not, by reading the overlay at each commit that touched it. Adapters with faster indexes (the
 * JGit one) answer the same questions their own way.
 */
public final class Ledger {
  private final ConfigRepository repository;
  private final Map<String, OverlayFormat> formats;

  /** A ledger over {@code repository}, reading overlays with {@code formats} (by id). */
  public Ledger(ConfigRepository repository, Map<String, OverlayFormat> formats) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.formats = Map.copyOf(formats);
  }

  /** The format with this id. */
  public OverlayFormat format(OverlayLocation location) {
    OverlayFormat f = formats.get(location.format());
    if (f == null) {
      throw new InvalidInputException(
          "no overlay format '"
              + location.format()
              + "' is wired (needed for "
              + location.path()
              + "); known: "
              + formats.keySet());
    }
    return f;
  }

  /** The image set in {@code location} at {@code revision}, if the file exists and sets one. */
  public Optional<ImageReference> imageAt(
      Revision revision, OverlayLocation location, Application app) {
    return repository
        .readFile(revision, location.path())
        .flatMap(
            content ->
                format(location)
                    .readImage(
                        new OverlayFile(location.path(), content),
                        new ImageSelector(app.imageRepository(), location.options())));
  }

  /** The record of what {@code app} runs in {@code env} now, if it is deployed there. */
  public Optional<PromotionRecord> current(Environment env, Application app) {
    List<PromotionRecord> h = read(env, app, 1, true);
    return h.isEmpty() ? Optional.empty() : Optional.of(h.get(0));
  }

  /**
   * The image changes of {@code app} in {@code env}, newest first, at most {@code limit}: each
   * record is the oldest commit of a run of commits with the same image, that is the commit that
   * set it.
   */
  public List<PromotionRecord> history(Environment env, Application app, int limit) {
    return read(env, app, limit, false);
  }

  // With currentOnly, an overlay whose latest version sets no image (or was deleted) has no record.
  private List<PromotionRecord> read(
      Environment env, Application app, int limit, boolean currentOnly) {
    Optional<OverlayLocation> location = app.location(env.name());
    Optional<Revision> head = repository.head(env.branch());
    if (location.isEmpty() || head.isEmpty()) {
      return List.of();
    }
    // Read history in growing windows: the current record usually needs only a few commits.
    for (int window = 16;
        ;
        window = window > Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : window * 4) {
      List<CommitInfo> commits = repository.log(head.get(), location.get().path(), window);
      boolean complete = commits.size() < window;
      List<PromotionRecord> records =
          records(env, app, location.get(), commits, complete, limit, currentOnly);
      if (complete || records.size() >= limit) {
        return records;
      }
    }
  }

  // Runs of equal images, newest first; the last run counts only when the history is complete.
  private List<PromotionRecord> records(
      Environment env,
      Application app,
      OverlayLocation location,
      List<CommitInfo> commits,
      boolean complete,
      int limit,
      boolean currentOnly) {
    List<PromotionRecord> records = new ArrayList<>();
    ImageReference runImage = null;
    CommitInfo runSetter = null;
    for (CommitInfo c : commits) {
      Optional<ImageReference> image = imageAt(c.revision(), location, app);
      if (currentOnly && runSetter == null && image.isEmpty()) {
        return records; // the latest version sets no image: nothing runs now
      }
      if (runImage != null && image.isPresent() && image.get().equals(runImage)) {
        runSetter = c; // same image further back: the run started earlier
        continue;
      }
      if (runImage != null) {
        records.add(record(env, app, runImage, runSetter));
        if (records.size() >= limit) {
          return records;
        }
      }
      runImage = image.orElse(null);
      runSetter = c;
    }
    if (complete && runImage != null && records.size() < limit) {
      records.add(record(env, app, runImage, runSetter));
    }
    return records;
  }

  /** Whether {@code app} ran {@code image} in {@code env} at some commit of its history. */
  public boolean everRan(Environment env, Application app, ImageReference image) {
    return history(env, app, Integer.MAX_VALUE).stream()
        .anyMatch(r -> Images.satisfies(r.image(), image));
  }

  private static PromotionRecord record(
      Environment env, Application app, ImageReference image, CommitInfo commit) {
    CommitMessage message = commit.parsedMessage();
    return PromotionRecord.builder()
        .environment(env.name())
        .application(app.name())
        .image(image)
        .commit(commit.revision())
        .time(commit.time())
        .promotedBy(
            message
                .trailer(CommitMessage.PROMOTED_BY)
                .orElse(commit.authorName() + " <" + commit.authorEmail() + ">"))
        .promotedFrom(message.trailer(CommitMessage.PROMOTED_FROM))
        .promotionId(message.trailer(CommitMessage.PROMOTION_ID))
        .approvals(message.trailerValues(CommitMessage.APPROVED_BY))
        .gateVerdicts(message.trailerValues(CommitMessage.GATE))
        .build();
  }
}
