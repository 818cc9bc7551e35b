package dev.gitops.promotion.git;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.git.internal.HistoryIndex;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The promotion ledger read from Git: what every application runs in every environment, since which
 * commit, promoted by whom and from where; the history of one application in one environment; where
 * a digest runs; how two environments differ.
 *
 * <p>Gives the same answers as the core's generic ledger over the same repository (the image is
 * read through the overlay formats at each commit that changed the overlay along the first-parent
 * history, and the record is the oldest commit of the run that set the current image), but reads
 * the history once per branch head through the repository's history index instead of once per
 * application, reuses image reads between queries by blob id, and spreads the work over the
 * processors. Who, from where and the promotion id come from the commit's trailers when it has
 * them; a commit made by hand or by another tool is read from its tree and its author.
 *
 * <pre>{@code
 * GitLedger ledger = GitLedger.of(Promoter.builder()
 *     .configRepository(repo)                      // a JGitConfigRepository
 *     .pipeline(pipeline)
 *     .addApplications(apps)
 *     .addOverlayFormats(OverlayFormats.kustomize())
 *     .clock(Clock.systemUTC())
 *     .build());
 * for (PromotionRecord r : ledger.state()) {
 *   System.out.println(r.environment() + " " + r.application() + " " + r.image()
 *       + " since " + r.commit().abbreviated() + " by " + r.promotedBy());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class GitLedger {
  private static final int IMAGE_CACHE_LIMIT = 200_000;

  private final JGitConfigRepository repository;
  private final Pipeline pipeline;
  private final Map<String, Application> applications; // sorted by name
  private final Map<String, OverlayFormat> formats;
  private final Map<ImageKey, Optional<ImageReference>> images = new ConcurrentHashMap<>();

  private record ImageKey(
      ObjectId blob, String format, String imageName, Map<String, String> opts) {}

  private record Pair(Environment env, Application app, OverlayLocation location) {}

  private GitLedger(
      JGitConfigRepository repository,
      Pipeline pipeline,
      Map<String, Application> applications,
      Map<String, OverlayFormat> formats) {
    this.repository = repository;
    this.pipeline = pipeline;
    this.applications = new TreeMap<>(applications);
    this.formats = Map.copyOf(formats);
  }

  /**
   * The ledger of {@code promoter}'s config repository, which must be a {@link
   * JGitConfigRepository}, read with its pipeline, applications and overlay formats.
   *
   * @throws InvalidInputException when the promoter works on another kind of repository
   */
  public static GitLedger of(Promoter promoter) {
    if (!(promoter.configRepository() instanceof JGitConfigRepository repository)) {
      throw new InvalidInputException(
          "GitLedger reads a JGitConfigRepository, not a "
              + promoter.configRepository().getClass().getSimpleName());
    }
    return new GitLedger(
        repository, promoter.pipeline(), promoter.applications(), promoter.overlayFormats());
  }

  /**
   * The current record of every application in every environment it is deployed in: environments in
   * pipeline order, applications by name. Pairs whose overlay never set an image are left out.
   */
  public List<PromotionRecord> state() {
    List<Pair> pairs = new ArrayList<>();
    for (Environment env : pipeline.environments()) {
      for (Application app : applications.values()) {
        app.location(env.name()).ifPresent(loc -> pairs.add(new Pair(env, app, loc)));
      }
    }
    List<Optional<PromotionRecord>> found = resolveAll(pairs);
    List<PromotionRecord> out = new ArrayList<>();
    found.forEach(r -> r.ifPresent(out::add));
    return out;
  }

  /** What {@code application} runs in {@code environment} now, and the commit that set it. */
  public Optional<PromotionRecord> current(String environment, String application) {
    List<PromotionRecord> h = read(environment, application, 1, true);
    return h.isEmpty() ? Optional.empty() : Optional.of(h.get(0));
  }

  /**
   * The image changes of {@code application} in {@code environment}, newest first, at most {@code
   * limit}: each record is the commit that set an image (the oldest commit of a run of commits with
   * the same image).
   */
  public List<PromotionRecord> history(String environment, String application, int limit) {
    return read(environment, application, limit, false);
  }

  // With currentOnly, an overlay whose latest version sets no image (or was deleted) has no record.
  private List<PromotionRecord> read(
      String environment, String application, int limit, boolean currentOnly) {
    Environment env = pipeline.environment(environment);
    Application app = application(application);
    Optional<OverlayLocation> loc = app.location(env.name());
    Optional<Revision> head = repository.head(env.branch());
    if (loc.isEmpty() || head.isEmpty() || limit <= 0) {
      return List.of();
    }
    HistoryIndex index = repository.historyIndex(repository.id(head.get()));
    try (ObjectReader reader = repository.repository().newObjectReader()) {
      return records(new Pair(env, app, loc.get()), index, limit, currentOnly, reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where {@code digest} runs now: the current records whose image has this digest. */
  public List<PromotionRecord> whereIs(ImageDigest digest) {
    return state().stream().filter(r -> r.image().digest().equals(Optional.of(digest))).toList();
  }

  /**
   * Which applications run different images in {@code from} and {@code to}, comparing the
   * repository and the digest (or the tag, for images not pinned by digest).
   */
  public EnvironmentDiff diff(String from, String to) {
    Environment a = pipeline.environment(from);
    Environment b = pipeline.environment(to);
    List<Pair> pairs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Application app : applications.values()) {
      if (app.location(a.name()).isEmpty() && app.location(b.name()).isEmpty()) {
        continue;
      }
      names.add(app.name());
      pairs.add(app.location(a.name()).map(l -> new Pair(a, app, l)).orElse(null));
      pairs.add(app.location(b.name()).map(l -> new Pair(b, app, l)).orElse(null));
    }
    List<Optional<PromotionRecord>> found = resolveAll(pairs);
    List<EnvironmentDiff.Difference> diffs = new ArrayList<>();
    List<String> same = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Optional<PromotionRecord> ra = found.get(2 * i);
      Optional<PromotionRecord> rb = found.get(2 * i + 1);
      if (ra.isPresent() && rb.isPresent() && sameImage(ra.get().image(), rb.get().image())) {
        same.add(names.get(i));
      } else if (ra.isPresent() || rb.isPresent()) {
        diffs.add(new EnvironmentDiff.Difference(names.get(i), ra, rb));
      }
    }
    return new EnvironmentDiff(from, to, diffs, same);
  }

  private static boolean sameImage(ImageReference x, ImageReference y) {
    if (!x.sameRepository(y)) {
      return false;
    }
    if (x.digest().isPresent() || y.digest().isPresent()) {
      return x.digest().equals(y.digest());
    }
    return x.tag().equals(y.tag());
  }

  // resolves current records for pairs (null entries stay empty), over all processors
  private List<Optional<PromotionRecord>> resolveAll(List<Pair> pairs) {
    Map<String, HistoryIndex> byBranch = new HashMap<>();
    for (Pair p : pairs) {
      if (p != null && !byBranch.containsKey(p.env().branch())) {
        byBranch.put(
            p.env().branch(),
            repository
                .head(p.env().branch())
                .map(h -> repository.historyIndex(repository.id(h)))
                .orElse(null));
      }
    }
    @SuppressWarnings("unchecked")
    Optional<PromotionRecord>[] out = new Optional[pairs.size()];
    java.util.Arrays.fill(out, Optional.empty());
    ExecutorService pool = repository.pool();
    int threads = pool == null ? 1 : repository.options().threads();
    int n = Math.max(1, Math.min(threads, pairs.size() / 32 + 1));
    int chunk = (pairs.size() + n - 1) / n;
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int from = t * chunk;
      int to = Math.min(pairs.size(), from + chunk);
      Runnable job =
          () -> {
            try (ObjectReader reader = repository.repository().newObjectReader()) {
              for (int i = from; i < to; i++) {
                Pair p = pairs.get(i);
                HistoryIndex idx = p == null ? null : byBranch.get(p.env().branch());
                if (idx != null) {
                  List<PromotionRecord> r = records(p, idx, 1, true, reader);
                  out[i] = r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
                }
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          };
      if (t == n - 1 || pool == null) {
        job.run();
      } else {
        futures.add(pool.submit(job));
      }
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the ledger", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("reading the ledger failed", e.getCause());
      }
    }
    return List.of(out);
  }

  // the run logic of the core ledger, over the indexed changes of the overlay path
  private List<PromotionRecord> records(
      Pair p, HistoryIndex index, int limit, boolean currentOnly, ObjectReader reader)
      throws IOException {
    HistoryIndex.Cursor events = index.cursor(p.location().path(), reader);
    List<PromotionRecord> records = new ArrayList<>();
    ImageReference runImage = null;
    int runSetter = -1;
    while (events.next()) {
      int position = events.position();
      Optional<ImageReference> image =
          imageAt(p, index.commit(position), events.id(), events.mode(), reader);
      if (currentOnly && runSetter < 0 && image.isEmpty()) {
        return records; // the latest version sets no image: nothing runs now
      }
      if (runImage != null && image.isPresent() && image.get().equals(runImage)) {
        runSetter = position;
        continue;
      }
      if (runImage != null) {
        records.add(record(p, runImage, index.commit(runSetter)));
        if (records.size() >= limit) {
          return records;
        }
      }
      runImage = image.orElse(null);
      runSetter = position;
    }
    if (runImage != null && records.size() < limit) {
      records.add(record(p, runImage, index.commit(runSetter)));
    }
    return records;
  }

  private Optional<ImageReference> imageAt(
      Pair p, ObjectId commit, ObjectId blob, int mode, ObjectReader reader) throws IOException {
    if (blob == null) {
      return Optional.empty();
    }
    OverlayLocation loc = p.location();
    OverlayFormat format = format(loc);
    ImageSelector selector = new ImageSelector(p.app().imageRepository(), loc.options());
    if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
      // a symbolic link or a submodule: read the path as the generic ledger would
      return repository
          .readFile(Revision.of(commit.name()), loc.path())
          .flatMap(c -> format.readImage(new OverlayFile(loc.path(), c), selector));
    }
    ImageKey key = new ImageKey(blob, format.id(), selector.imageName(), selector.options());
    Optional<ImageReference> cached = images.get(key);
    if (cached != null) {
      return cached;
    }
    String content =
        new String(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(), StandardCharsets.UTF_8);
    Optional<ImageReference> image =
        format.readImage(new OverlayFile(loc.path(), content), selector);
    if (images.size() > IMAGE_CACHE_LIMIT) {
      images.clear();
    }
    images.put(key, image);
    return image;
  }

  private PromotionRecord record(Pair p, ImageReference image, ObjectId commit) {
    CommitInfo info = repository.commitInfo(commit);
    CommitMessage message = info.parsedMessage();
    return PromotionRecord.builder()
        .environment(p.env().name())
        .application(p.app().name())
        .image(image)
        .commit(info.revision())
        .time(info.time())
        .promotedBy(
            message
                .trailer(CommitMessage.PROMOTED_BY)
                .orElse(info.authorName() + " <" + info.authorEmail() + ">"))
        .promotedFrom(message.trailer(CommitMessage.PROMOTED_FROM))
        .promotionId(message.trailer(CommitMessage.PROMOTION_ID))
        .approvals(message.trailerValues(CommitMessage.APPROVED_BY))
        .gateVerdicts(message.trailerValues(CommitMessage.GATE))
        .build();
  }

  private OverlayFormat format(OverlayLocation location) {
    OverlayFormat f = formats.get(location.format());
    if (f == null) {
      throw new InvalidInputException(
          "no overlay format '"
              + location.format()
              + "' is wired (needed for "
              + location.path()
              + "); known: "
              + new TreeSet<>(formats.keySet()));
    }
    return f;
  }

  private Application application(String name) {
    Application app = applications.get(name);
    if (app == null) {
      throw new InvalidInputException(
          "unknown application '" + name + "'; known: " + applications.keySet());
    }
    return app;
  }
}
