package dev.gitops.promotion.internal;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.EnvironmentDiff;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.PromotionModel;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.StateReport;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.PathHistory;
import dev.gitops.promotion.spi.Revision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The promotion ledger, read from the config repositories through the ports: what an application
 * runs in an environment and the commit that set it, its history, where a digest runs, how two
 * environments differ. Works on any history, trailers or not, by reading the overlay at each commit
 * that changed it along the first-parent history; a record is the oldest commit of a run of commits
 * with the same image (the commit that set it). A repository with the {@link PathHistory}
 * capability is read through it, and each distinct file content is parsed once.
 */
public final class Ledger {
  private static final int IMAGE_CACHE_LIMIT = 200_000;

  /** How many change requests one listing may ask the host about. */
  public static final int HOST_LOOKUPS = 100;

  private final PromotionModel model;
  private final Function<String, ConfigRepository> repositories; // by environment name
  private final Function<String, Optional<ChangeRequestHost>> hosts; // by environment name
  private final Provenance provenance = new Provenance();
  private final Memo<ImageKey, Optional<ImageReference>> images = new Memo<>(IMAGE_CACHE_LIMIT);

  private record ImageKey(String content, String format, String imageName, Map<String, String> o) {}

  // A record is a function of its pair, image and setting commit (trust as far as it is known
  // without asking a host; listings confirm with the host afterwards). Gates ask for the same
  // upstream record at every evaluation, and one bulk commit sets many pairs.
  private record RecordKey(String env, String app, ImageReference image, Revision setter) {}

  private static final int RECORD_CACHE_LIMIT = 20_000;
  private final Memo<RecordKey, PromotionRecord> recordMemo = new Memo<>(RECORD_CACHE_LIMIT);

  private record Pair(Environment env, Application app, OverlayLocation location) {}

  /**
   * A ledger over {@code model}, reading environment {@code e} from {@code repositories.apply(e)}.
   */
  public Ledger(PromotionModel model, Function<String, ConfigRepository> repositories) {
    this(model, repositories, env -> Optional.empty());
  }

  /**
   * A ledger that also asks {@code hosts.apply(e)} to confirm the merges of environment {@code e}
   * (see {@link PromotionRecord#trust()}).
   */
  public Ledger(
      PromotionModel model,
      Function<String, ConfigRepository> repositories,
      Function<String, Optional<ChangeRequestHost>> hosts) {
    this.model = Objects.requireNonNull(model, "model");
    this.repositories = Objects.requireNonNull(repositories, "repositories");
    this.hosts = Objects.requireNonNull(hosts, "hosts");
  }

  /** The image set in {@code location} at {@code revision}, if the file exists and sets one. */
  public Optional<ImageReference> imageAt(
      ConfigRepository repository, Revision revision, OverlayLocation location, Application app) {
    return repository
        .readFile(revision, location.path())
        .flatMap(content -> readImage(location, app, content));
  }

  /** The image {@code content} of {@code location} sets for {@code app}. */
  public Optional<ImageReference> readImage(
      OverlayLocation location, Application app, String content) {
    OverlayFormat format = model.format(location);
    return format.readImage(
        new OverlayFile(location.path(), content),
        new ImageSelector(app.imageRepository(), location.options()));
  }

  /** What {@code app} runs in {@code env} now, if it is deployed there and its overlay sets one. */
  public Optional<PromotionRecord> current(Environment env, Application app) {
    List<PromotionRecord> h = read(env, app, 1, true);
    return h.isEmpty() ? Optional.empty() : Optional.of(h.get(0));
  }

  /** The image changes of {@code app} in {@code env}, newest first, at most {@code limit}. */
  public List<PromotionRecord> history(Environment env, Application app, int limit) {
    return read(env, app, limit, false);
  }

  /** Whether {@code app} ran {@code image} in {@code env} at some commit of its history. */
  public boolean everRan(Environment env, Application app, ImageReference image) {
    return history(env, app, Integer.MAX_VALUE).stream()
        .anyMatch(r -> Images.satisfies(r.image(), image));
  }

  /**
   * The current record of every application in every environment it is deployed in: environments in
   * pipeline order, applications by name; pairs whose overlay sets no image are left out.
   */
  public List<PromotionRecord> state() {
    List<PromotionRecord> out = new ArrayList<>();
    currentAll(allPairs(), null).forEach(r -> r.ifPresent(out::add));
    return out;
  }

  /** Like {@link #state()}, with unreadable overlays reported per pair instead of thrown. */
  public StateReport stateReport() {
    List<Pair> pairs = allPairs();
    Map<Integer, String> problems = new ConcurrentHashMap<>();
    List<Optional<PromotionRecord>> found = currentAll(pairs, problems);
    List<PromotionRecord> out = new ArrayList<>();
    List<StateReport.Problem> broken = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      found.get(i).ifPresent(out::add);
      String problem = problems.get(i);
      if (problem != null) {
        broken.add(
            new StateReport.Problem(pairs.get(i).app().name(), pairs.get(i).env().name(), problem));
      }
    }
    return new StateReport(out, broken);
  }

  private List<Pair> allPairs() {
    List<Pair> pairs = new ArrayList<>();
    for (Environment env : model.pipeline().environments()) {
      for (Application app : model.applications().values()) {
        app.location(env.name()).ifPresent(loc -> pairs.add(new Pair(env, app, loc)));
      }
    }
    return pairs;
  }

  /** Where {@code digest} runs now: the current records whose image has this digest. */
  public List<PromotionRecord> whereIs(ImageDigest digest) {
    return state().stream().filter(r -> r.image().digest().equals(Optional.of(digest))).toList();
  }

  /**
   * Which applications run different images in {@code from} and {@code to}, comparing repository
   * and digest (or the tag, for images not pinned by digest).
   */
  public EnvironmentDiff diff(Environment from, Environment to) {
    List<Pair> pairs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Application app : model.applications().values()) {
      if (app.location(from.name()).isEmpty() && app.location(to.name()).isEmpty()) {
        continue;
      }
      names.add(app.name());
      pairs.add(app.location(from.name()).map(l -> new Pair(from, app, l)).orElse(null));
      pairs.add(app.location(to.name()).map(l -> new Pair(to, app, l)).orElse(null));
    }
    List<Optional<PromotionRecord>> found = currentAll(pairs, null);
    List<EnvironmentDiff.Difference> diffs = new ArrayList<>();
    List<String> same = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Optional<PromotionRecord> a = found.get(2 * i);
      Optional<PromotionRecord> b = found.get(2 * i + 1);
      if (a.isPresent() && b.isPresent() && Images.sameVersion(a.get().image(), b.get().image())) {
        same.add(names.get(i));
      } else if (a.isPresent() || b.isPresent()) {
        diffs.add(new EnvironmentDiff.Difference(names.get(i), a, b));
      }
    }
    return new EnvironmentDiff(from.name(), to.name(), diffs, same);
  }

  // current records for pairs (null entries stay empty), in parallel where a repository can
  // problems: when not null, an unreadable overlay is recorded there by pair index instead of
  // thrown
  private List<Optional<PromotionRecord>> currentAll(
      List<Pair> pairs, Map<Integer, String> problems) {
    Map<ConfigRepository, List<Integer>> byRepository = new HashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.get(i) != null) {
        byRepository
            .computeIfAbsent(repositories.apply(pairs.get(i).env().name()), r -> new ArrayList<>())
            .add(i);
      }
    }
    List<Optional<PromotionRecord>> out = new ArrayList<>(pairs.size());
    pairs.forEach(p -> out.add(Optional.empty()));
    byRepository.forEach(
        (repository, indexes) -> {
          Function<Integer, Optional<PromotionRecord>> one =
              i -> {
                try {
                  List<PromotionRecord> r = read(repository, pairs.get(i), 1, true);
                  return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
                } catch (InvalidInputException e) {
                  if (problems == null) {
                    throw e;
                  }
                  problems.put(i, String.valueOf(e.getMessage()));
                  return Optional.empty();
                }
              };
          Optional<PathHistory> fast = repository.capability(PathHistory.class);
          List<Optional<PromotionRecord>> found;
          if (fast.isPresent()) {
            // every head the readers need is prepared before they run side by side
            indexes.stream()
                .map(i -> pairs.get(i).env().branch())
                .distinct()
                .forEach(branch -> repository.head(branch).ifPresent(fast.get()::prepare));
            found = fast.get().parallelMap(indexes, one);
          } else {
            found = indexes.stream().map(one).toList();
          }
          for (int k = 0; k < indexes.size(); k++) {
            out.set(indexes.get(k), found.get(k));
          }
        });
    return out;
  }

  private List<PromotionRecord> read(
      Environment env, Application app, int limit, boolean currentOnly) {
    Optional<OverlayLocation> location = app.location(env.name());
    if (location.isEmpty() || limit <= 0) {
      return List.of();
    }
    return read(
        repositories.apply(env.name()), new Pair(env, app, location.get()), limit, currentOnly);
  }

  // Runs of equal images, newest first. With currentOnly, an overlay whose latest version sets no
  // image (or was deleted) has no record.
  private List<PromotionRecord> read(
      ConfigRepository repository, Pair p, int limit, boolean currentOnly) {
    Optional<Revision> head = repository.head(p.env().branch());
    if (head.isEmpty()) {
      return List.of();
    }
    List<PromotionRecord> records = new ArrayList<>();
    try (PathHistory.Versions versions = versions(repository, head.get(), p.location().path())) {
      ImageReference runImage = null;
      Revision runSetter = null;
      while (versions.next()) {
        Optional<ImageReference> image = image(p, versions);
        if (currentOnly && runSetter == null && image.isEmpty()) {
          return records; // the latest version sets no image: nothing runs now
        }
        if (runImage != null && image.isPresent() && image.get().equals(runImage)) {
          runSetter = versions.commit(); // same image further back: the run started earlier
          continue;
        }
        if (runImage != null) {
          records.add(record(repository, p, runImage, runSetter));
          if (records.size() >= limit) {
            return records;
          }
        }
        runImage = image.orElse(null);
        runSetter = versions.commit();
      }
      if (runImage != null && records.size() < limit) {
        records.add(record(repository, p, runImage, runSetter));
      }
    }
    return records;
  }

  private Optional<ImageReference> image(Pair p, PathHistory.Versions versions) {
    Optional<String> key = versions.contentKey();
    if (key.isEmpty()) {
      return Optional.empty();
    }
    OverlayLocation loc = p.location();
    ImageKey cacheKey =
        new ImageKey(key.get(), loc.format(), p.app().imageRepository(), loc.options());
    return images.get(
        cacheKey, () -> versions.content().flatMap(content -> readImage(loc, p.app(), content)));
  }

  private static PathHistory.Versions versions(
      ConfigRepository repository, Revision head, String path) {
    Optional<PathHistory> fast = repository.capability(PathHistory.class);
    return fast.isPresent()
        ? fast.get().versions(head, path)
        : new LogVersions(repository, head, path);
  }

  private static PromotionRecord.Builder withTrust(
      PromotionRecord.Builder b, Provenance.Finding trust) {
    return b.promotedBy(trust.promotedBy())
        .author(trust.author())
        .committer(trust.committer())
        .promoterIsAuthor(trust.promoterIsAuthor())
        .trust(trust.trust())
        .evidence(trust.evidence())
        .trustReason(trust.reason());
  }

  /**
   * {@code records} with the merges they name confirmed by the host where one is configured, for
   * display. Records are read for planning and gates without asking the host (nothing there depends
   * on trust); a listing asks it about at most {@link #HOST_LOOKUPS} change requests it has not
   * asked about before, and says so on the records beyond.
   */
  public List<PromotionRecord> confirmed(List<PromotionRecord> records) {
    Provenance.Budget budget = Provenance.Budget.of(HOST_LOOKUPS);
    List<PromotionRecord> out = new ArrayList<>(records.size());
    for (PromotionRecord r : records) {
      out.add(confirmed(r, budget));
    }
    return out;
  }

  /** Like {@link #confirmed(List)} for one record. */
  public Optional<PromotionRecord> confirmed(Optional<PromotionRecord> record) {
    Provenance.Budget budget = Provenance.Budget.of(HOST_LOOKUPS);
    return record.map(r -> confirmed(r, budget));
  }

  private PromotionRecord confirmed(PromotionRecord r, Provenance.Budget budget) {
    Optional<ChangeRequestHost> host = hosts.apply(r.environment());
    if (host.isEmpty() || r.trust() != PromotionRecord.Trust.CLAIMED) {
      return r;
    }
    CommitInfo commit = repositories.apply(r.environment()).commitInfo(r.commit());
    if (commit.parsedMessage().trailer(CommitMessage.CHANGE_REQUEST).isEmpty()) {
      return r;
    }
    return withTrust(PromotionRecord.builder().from(r), provenance.check(commit, host, budget))
        .build();
  }

  private PromotionRecord record(
      ConfigRepository repository, Pair p, ImageReference image, Revision setter) {
    return recordMemo.get(
        new RecordKey(p.env().name(), p.app().name(), image, setter),
        () -> makeRecord(repository, p, image, setter));
  }

  private PromotionRecord makeRecord(
      ConfigRepository repository, Pair p, ImageReference image, Revision setter) {
    CommitInfo commit = repository.commitInfo(setter);
    CommitMessage message = commit.parsedMessage();
    Provenance.Finding trust =
        provenance.check(commit, hosts.apply(p.env().name()), Provenance.Budget.none());
    return withTrust(PromotionRecord.builder(), trust)
        .environment(p.env().name())
        .application(p.app().name())
        .image(image)
        .commit(commit.revision())
        .time(commit.time())
        .promotedFrom(message.trailer(CommitMessage.PROMOTED_FROM))
        .promotionId(message.trailer(CommitMessage.PROMOTION_ID))
        .approvals(message.trailerValues(CommitMessage.APPROVED_BY))
        .gateVerdicts(message.trailerValues(CommitMessage.GATE))
        .build();
  }

  /**
   * The versions of a path read through the plain port: {@link ConfigRepository#log} in growing
   * windows (the current record usually needs only a few commits) and {@link
   * ConfigRepository#readFile} per version. Content keys are per commit, so nothing is shared.
   */
  private static final class LogVersions implements PathHistory.Versions {
    private final ConfigRepository repository;
    private final Revision head;
    private final String path;
    private List<CommitInfo> window = List.of();
    private int windowSize = 16;
    private boolean complete;
    private int index = -1;
    private Optional<String> content;

    LogVersions(ConfigRepository repository, Revision head, String path) {
      this.repository = repository;
      this.head = head;
      this.path = path;
    }

    @Override
    public boolean next() {
      content = null;
      if (index + 1 < window.size()) {
        index++;
        return true;
      }
      if (complete || (window.size() > 0 && window.size() < windowSize)) {
        return false;
      }
      if (!window.isEmpty()) {
        windowSize = windowSize > Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : windowSize * 4;
      }
      List<CommitInfo> wider = repository.log(head, path, windowSize);
      complete = wider.size() < windowSize;
      if (wider.size() <= index + 1) {
        return false;
      }
      window = wider;
      index++;
      return true;
    }

    @Override
    public Revision commit() {
      return window.get(index).revision();
    }

    @Override
    public Optional<String> contentKey() {
      return content().map(c -> "commit:" + commit().id());
    }

    @Override
    public Optional<String> content() {
      if (content == null) {
        content = repository.readFile(commit(), path);
      }
      return content;
    }

    @Override
    public void close() {}
  }
}
