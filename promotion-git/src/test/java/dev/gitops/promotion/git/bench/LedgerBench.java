package dev.gitops.promotion.git.bench;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionPlan;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.overlay.OverlayFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The promotion-git benchmark (a main, not a test): generates the 1,000 applications x 3
 * environments x 20,000 commits repository and measures the state query (ours, cold and warm; the
 * seed's {@code git log -1} per pair, sampled; one {@code git log --name-only} walk; a naive JGit
 * walk), the whole state in a fresh JVM on a fresh clone, and a 1,000-application promotion in one
 * commit against a {@code sed -i} + {@code git add} + {@code git commit} loop.
 *
 * <p>Run: {@code mvn -B -q -pl promotion-git test-compile exec:java
 * -Dexec.mainClass=dev.gitops.promotion.git.bench.LedgerBench -Dexec.classpathScope=test
 * -Dexec.args=/tmp/promotion-bench}, or with {@code java -cp} as docs/benchmarks.md shows.
 */
public final class LedgerBench {
  static final int APPS = 1000;
  static final int COMMITS = 20_000;

  private LedgerBench() {}

  static List<Application> apps() {
    List<Application> apps = new ArrayList<>();
    for (int i = 0; i < APPS; i++) {
      Application.Builder b =
          Application.builder().name(BenchRepo.app(i)).imageRepository(BenchRepo.imageRepo(i));
      for (String env : BenchRepo.ENVS) {
        b.putLocations(env, OverlayLocation.seedLayout(BenchRepo.app(i), env));
      }
      apps.add(b.build());
    }
    return apps;
  }

  static Pipeline pipeline() {
    return Pipeline.chain(
        Environment.of("dev", Delivery.DIRECT_COMMIT),
        Environment.of("staging", Delivery.DIRECT_COMMIT),
        Environment.of("production", Delivery.CHANGE_REQUEST));
  }

  static List<PromotionRecord> state(Path repoDir) {
    return state(repoDir, true);
  }

  static List<PromotionRecord> state(Path repoDir, boolean persist) {
    try (JGitConfigRepository repo =
        JGitConfigRepository.open(
            repoDir,
            dev.gitops.promotion.git.GitOptions.builder().persistHistoryIndex(persist).build())) {
      return ledger(repo).state();
    }
  }

  static Promoter ledger(JGitConfigRepository repo) {
    return Promoter.builder()
        .configRepository(repo)
        .pipeline(pipeline())
        .addApplications(apps())
        .addOverlayFormats(OverlayFormats.kustomize())
        .clock(Clock.systemUTC())
        .build();
  }

  /** Entry point: {@code LedgerBench <work dir>}, or {@code LedgerBench --state <repo>}. */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--bulk")) {
      bulk(Path.of(args[1]));
      return;
    }
    if (args.length == 2 && args[0].equals("--state")) {
      // what a status command does, in a fresh JVM
      long t = System.nanoTime();
      int n = state(Path.of(args[1])).size();
      System.out.println("state " + n + " records in-process " + ms(t) + " ms");
      return;
    }
    Path work = Path.of(args.length > 0 ? args[0] : "/tmp/promotion-bench");
    Files.createDirectories(work);
    Path repo = work.resolve("config.git");
    if (!Files.exists(repo)) {
      long t = System.nanoTime();
      BenchRepo.generate(repo, APPS, COMMITS, 42);
      System.out.println(
          "generated " + APPS + " apps x 3 envs, " + COMMITS + " commits in " + ms(t) + " ms");
    }
    BenchRepo.deleteTree(repo.resolve("promotion"));
    String head = git(repo, "rev-parse", "main").strip();
    System.out.println(
        "head " + head + ", " + git(repo, "rev-list", "--count", "main").strip() + " commits");

    // ours: the first query in this JVM (cold), then fresh repository objects (warm JIT, no caches)
    long t = System.nanoTime();
    long c0 = cpu();
    List<PromotionRecord> first = state(repo, false);
    System.out.println(
        "ours, cold JVM, first query: "
            + ms(t)
            + " ms wall, "
            + (cpu() - c0)
            + " ms CPU ("
            + first.size()
            + " records)");
    long[] warm = new long[7];
    long[] warmCpu = new long[7];
    for (int i = 0; i < warm.length; i++) {
      t = System.nanoTime();
      c0 = cpu();
      List<PromotionRecord> again = state(repo, false);
      warm[i] = ms(t);
      warmCpu[i] = cpu() - c0;
      if (!again.equals(first)) {
        throw new IllegalStateException("state differs between runs");
      }
    }
    System.out.println(
        "ours, warm JIT, fresh repository each time (no caches): wall "
            + summary(warm)
            + "; CPU (both cores) "
            + summary(warmCpu));
    state(repo, true); // writes the persisted history index
    long[] persisted = new long[5];
    for (int i = 0; i < persisted.length; i++) {
      t = System.nanoTime();
      state(repo, true);
      persisted[i] = ms(t);
    }
    System.out.println(
        "ours, warm JIT, fresh repository, persisted history index: " + summary(persisted));
    BenchRepo.deleteTree(repo.resolve("promotion"));
    try (JGitConfigRepository r = JGitConfigRepository.open(repo)) {
      Promoter ledger = ledger(r);
      ledger.state();
      long[] cached = new long[5];
      for (int i = 0; i < cached.length; i++) {
        t = System.nanoTime();
        ledger.state();
        cached[i] = ms(t);
      }
      System.out.println(
          "ours, same ledger again (history index and image cache kept): " + summary(cached));
    }

    // the naive JGit walk: RevWalk over first parents, TreeWalk ANY_DIFF against the first parent
    long[] naive = new long[3];
    Map<String, ObjectId> naiveLatest = null;
    for (int i = 0; i < naive.length; i++) {
      t = System.nanoTime();
      naiveLatest = naiveWalk(repo);
      naive[i] = ms(t);
    }
    System.out.println(
        "naive JGit walk (latest commit per overlay): "
            + summary(naive)
            + ", "
            + naiveLatest.size()
            + " paths");
    // cross-check: the commit that set the current image is never newer than the last change
    for (PromotionRecord r : first) {
      if (!naiveLatest.containsKey(
          BenchRepo.overlay(Integer.parseInt(r.application().substring(4)), r.environment()))) {
        throw new IllegalStateException("naive walk misses " + r.application());
      }
    }

    // the seed's method: git log -1 per pair, sampled and extrapolated
    int sample = 30;
    t = System.nanoTime();
    for (int i = 0; i < sample; i++) {
      int a = (i * 37) % APPS;
      git(
          repo,
          "log",
          "-1",
          "--format=%H",
          "main",
          "--",
          BenchRepo.overlay(a, BenchRepo.ENVS.get(i % 3)));
    }
    long perPair = ms(t) / sample;
    System.out.println(
        "seed's git log -1 per pair: "
            + perPair
            + " ms/pair x 3000 = ~"
            + (perPair * 3000 / 1000)
            + " s (sampled "
            + sample
            + ")");
    t = System.nanoTime();
    git(
        repo,
        "log",
        "--format=%H",
        "--name-only",
        "main",
        "--",
        "apps/*/overlays/*/kustomization.yaml");
    System.out.println("one git log --name-only walk over all overlays: " + ms(t) + " ms");

    // a status-like run in a fresh JVM on a fresh clone, JVM start included
    Path clone = work.resolve("fresh-clone.git");
    BenchRepo.deleteTree(clone);
    git(work, "clone", "-q", "--bare", "--no-local", repo.toString(), clone.toString());
    String cp = System.getProperty("java.class.path");
    System.out.println(
        "fresh JVM on a fresh clone, JVM start included: " + child(cp, clone, List.of()));
    System.out.println(
        "fresh JVM again on that clone (its persisted history index now there): "
            + child(cp, clone, List.of()));
    Path clone2 = work.resolve("fresh-clone-2.git");
    BenchRepo.deleteTree(clone2);
    git(work, "clone", "-q", "--bare", "--no-local", repo.toString(), clone2.toString());
    System.out.println(
        "fresh JVM on another fresh clone, -XX:TieredStopAtLevel=1 -Xshare:auto: "
            + child(cp, clone2, List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto")));

    // 1,000 applications from dev to staging in one commit, in-process, on a copy
    // three copies in this JVM: the first run warms the commit path up, the later ones are warm
    for (int copy = 1; copy <= 3; copy++) {
      Path bulk = work.resolve("bulk-" + copy + ".git");
      BenchRepo.deleteTree(bulk);
      git(work, "clone", "-q", "--bare", "--no-local", repo.toString(), bulk.toString());
      System.out.print("[copy " + copy + "] ");
      bulk(bulk);
      BenchRepo.deleteTree(bulk);
    }

    // the shell loop on a work tree: sed -i + git add per app, one git commit
    Path wt = work.resolve("shell-loop");
    BenchRepo.deleteTree(wt);
    git(work, "clone", "-q", repo.toString(), wt.toString());
    StringBuilder script = new StringBuilder("set -e\n");
    for (int i = 0; i < APPS; i++) {
      String f = BenchRepo.overlay(i, "staging");
      script
          .append("sed -i 's/digest: sha256:.*/digest: ")
          .append(BenchRepo.digest("bulk" + i))
          .append("/' ")
          .append(f)
          .append(" && git add ")
          .append(f)
          .append('\n');
    }
    script.append(
        "git -c user.name=Ada -c user.email=ada@example.com commit -q -m 'chore(staging): promote 1000 applications'\n");
    Files.writeString(wt.resolve("promote.sh"), script.toString());
    t = System.nanoTime();
    BenchRepo.run(wt, "bash", "promote.sh");
    System.out.println("shell loop sed -i + git add x1000 + git commit: " + ms(t) + " ms");
  }

  /** Promotes every application's dev image to staging in one commit; prints the times. */
  static void bulk(Path bulk) throws Exception {
    try (JGitConfigRepository r = JGitConfigRepository.open(bulk)) {
      Promoter gp = ledger(r);
      PromotionRequest.Builder req =
          PromotionRequest.builder()
              .targetEnvironment("staging")
              .actor(Actor.human("Ada", "ada@example.com"));
      for (PromotionRecord rec : gp.state()) {
        if (rec.environment().equals("dev")) {
          req.putImages(rec.application(), rec.image());
        }
      }
      PromotionRequest request = req.build();
      for (int i = 0; i < 3; i++) {
        gp.plan(request); // warm up planning in this JVM
      }
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long t = System.nanoTime();
      long c = threads.getCurrentThreadCpuTime();
      PromotionPlan plan = gp.plan(request);
      long planMs = ms(t);
      long planCpu = (threads.getCurrentThreadCpuTime() - c) / 1_000_000;
      t = System.nanoTime();
      c = threads.getCurrentThreadCpuTime();
      PromotionResult result = gp.execute(plan);
      long execMs = ms(t);
      long execCpu = (threads.getCurrentThreadCpuTime() - c) / 1_000_000;
      System.out.println(
          "  same, CPU time of the promoting thread: plan "
              + planCpu
              + " ms + deliver "
              + execCpu
              + " ms = "
              + (planCpu + execCpu)
              + " ms");
      System.out.println(
          "promote "
              + plan.edits().size()
              + " apps dev->staging in one commit: plan "
              + planMs
              + " ms + deliver (gates, commit) "
              + execMs
              + " ms = "
              + (planMs + execMs)
              + " ms ("
              + result.outcome()
              + ")");
      String fsck = git(bulk, "fsck", "--no-dangling");
      System.out.println("git fsck after the bulk commit: " + (fsck.isBlank() ? "clean" : fsck));
    }
  }

  static String child(String cp, Path clone, List<String> jvmFlags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", cp, LedgerBench.class.getName(), "--state", clone.toString()));
    long t = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> !l.startsWith("SLF4J"))
            .reduce("", (x, y) -> x + y);
    p.waitFor();
    return ms(t) + " ms [" + out + "]";
  }

  static Map<String, ObjectId> naiveWalk(Path dir) throws IOException {
    Map<String, ObjectId> latest = new HashMap<>();
    try (Repository repo =
            new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(dir.toFile())
                .build();
        RevWalk rw = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      rw.setFirstParent(true);
      rw.markStart(rw.parseCommit(repo.resolve("main")));
      for (RevCommit c : rw) {
        try (TreeWalk tw = new TreeWalk(reader)) {
          tw.setRecursive(true);
          tw.setFilter(TreeFilter.ANY_DIFF);
          tw.addTree(c.getTree());
          if (c.getParentCount() > 0) {
            tw.addTree(rw.parseCommit(c.getParent(0)).getTree());
          } else {
            tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
          }
          while (tw.next()) {
            String p = tw.getPathString();
            if (p.endsWith("/kustomization.yaml") && p.contains("/overlays/")) {
              latest.putIfAbsent(p, c.copy());
            }
          }
        }
      }
    }
    return latest;
  }

  static String summary(long[] ms) {
    long[] s = ms.clone();
    Arrays.sort(s);
    return "min "
        + s[0]
        + " ms, median "
        + s[s.length / 2]
        + " ms, max "
        + s[s.length - 1]
        + " ms ("
        + s.length
        + " runs)";
  }

  /** CPU time of this process, all threads, in ms: the load-independent figure. */
  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1_000_000;
  }

  static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
