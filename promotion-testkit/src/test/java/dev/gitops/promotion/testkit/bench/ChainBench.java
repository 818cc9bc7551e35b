package dev.gitops.promotion.testkit.bench;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.gates.Approvals;
import dev.gitops.promotion.gates.Pinning;
import dev.gitops.promotion.gates.RequiredChecks;
import dev.gitops.promotion.gates.Soak;
import dev.gitops.promotion.gates.UpstreamHealthy;
import dev.gitops.promotion.gates.Window;
import dev.gitops.promotion.schedule.DateRange;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.SimulatedWorld;
import dev.gitops.promotion.testkit.Timeline;
import dev.gitops.promotion.testkit.TimelineEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Bench harness (not a test): runs whole promotion chains, CI to dev to staging to production with
 * five gates per environment, each in a fresh {@link SimulatedWorld}, through the scenario runner.
 * Reports wall time for 10,000 chains and the heap retained after GC at growing chain counts.
 *
 * <p>Run: {@code mvn -B -q -pl promotion-testkit -Pbench test-compile exec:exec}
 */
public final class ChainBench {
  private static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  private static final String REPOSITORY = "ghcr.io/myorg/api-service";

  private ChainBench() {}

  static Pipeline pipeline() {
    Instant freezeFrom = Instant.parse("2025-12-24T00:00:00Z");
    Instant freezeTo = Instant.parse("2026-01-02T00:00:00Z");
    Gate holidays = Window.freeze("holidays", DateRange.between(freezeFrom, freezeTo));
    Gate trusted =
        Gate.named(
            "trusted-registry",
            ctx ->
                ctx.plan().edits().stream()
                        .allMatch(e -> e.toImage().name().startsWith("ghcr.io/myorg/"))
                    ? Verdict.pass("images come from ghcr.io/myorg/")
                    : Verdict.fail("an image does not come from ghcr.io/myorg/"));
    return Pipeline.chain(
        Environment.builder()
            .name("dev")
            .delivery(Delivery.DIRECT_COMMIT)
            .addGates(Pinning.create(), trusted, holidays, UpstreamHealthy.create())
            .build(),
        Environment.builder()
            .name("staging")
            .addGates(
                RequiredChecks.of("smoke-tests"),
                UpstreamHealthy.create(),
                Soak.of(Duration.ofMinutes(1)),
                trusted,
                holidays)
            .build(),
        Environment.builder()
            .name("production")
            .addGates(
                Approvals.of(2).andCodeOwners(),
                holidays,
                UpstreamHealthy.create(),
                Soak.of(Duration.ofMinutes(5)),
                trusted)
            .build());
  }

  static Scenario chain() {
    return Scenario.builder("chain")
        .ciBuilds("build-1")
        .awaitHealthy("dev", Duration.ofMinutes(5))
        .promote("staging", "build-1", ADA)
        .reportCheck("staging", "smoke-tests", Check.State.SUCCESS)
        .awaitMerge("staging", Duration.ofHours(1))
        .awaitHealthy("staging", Duration.ofMinutes(5))
        .promote("production", "build-1", ADA)
        .approve("production", "bob")
        .approve("production", "carol")
        .awaitMerge("production", Duration.ofHours(1))
        .awaitHealthy("production", Duration.ofMinutes(5))
        .build();
  }

  static SimulatedWorld world(Pipeline pipeline) {
    return SimulatedWorld.builder()
        .pipeline(pipeline)
        .addApplications(SimulatedWorld.application("api-service", REPOSITORY, pipeline))
        .protect("main", BranchProtection.builder().requireCodeOwnerReview(true).build())
        .codeOwners("/apps/*/overlays/production/", "bob", "carol", "dave")
        .syncDelay(Duration.ofSeconds(30))
        .rolloutDuration(Duration.ofSeconds(45))
        .build();
  }

  // Runs n chains; returns a checksum so nothing is optimized away, and checks each chain landed.
  static long run(Pipeline pipeline, Scenario scenario, int n) {
    long checksum = 0;
    for (int i = 0; i < n; i++) {
      Timeline t = scenario.runIn(world(pipeline));
      List<TimelineEvent> merged = t.events(TimelineEvent.Kind.MERGED);
      List<TimelineEvent> verified = t.events(TimelineEvent.Kind.VERIFIED);
      if (merged.size() != 2 || verified.size() != 3) {
        throw new IllegalStateException("a chain did not reach production:\n" + t.render());
      }
      checksum += t.events().size();
    }
    return checksum;
  }

  static long retainedHeap(MemoryMXBean memory) throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  /** Entry point; optional argument: the chain count of the timed runs (10,000). */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Pipeline pipeline = pipeline();
    Scenario scenario = chain();
    System.out.println(scenario.runIn(world(pipeline)).render());

    for (int i = 0; i < 6; i++) {
      run(pipeline, scenario, count); // warm-up: let the JIT settle
    }
    int rounds = 7;
    double[] seconds = new double[rounds];
    long checksum = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      checksum += run(pipeline, scenario, count);
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%,d chains (3 environments, 5 gates each): best %.3f s, median %.3f s, worst %.3f s"
            + " (%.1f us per chain, median); rounds %s; checksum %d%n",
        count,
        sorted[0],
        sorted[rounds / 2],
        sorted[rounds - 1],
        sorted[rounds / 2] * 1e6 / count,
        Arrays.toString(seconds),
        checksum);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long a0 = threads.getCurrentThreadAllocatedBytes();
    run(pipeline, scenario, 1_000);
    long perChain = (threads.getCurrentThreadAllocatedBytes() - a0) / 1_000;
    System.out.printf(Locale.ROOT, "allocation: %,d bytes per chain%n", perChain);

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long base = retainedHeap(memory);
    System.out.printf(Locale.ROOT, "heap after GC before: %,d KiB%n", base / 1024);
    List<String> rows = new ArrayList<>();
    int done = 0;
    for (int target : new int[] {1_000, 5_000, 10_000, 20_000}) {
      run(pipeline, scenario, target - done);
      done = target;
      long used = retainedHeap(memory);
      rows.add(String.format(Locale.ROOT, "%,d chains: %,d KiB", target, used / 1024));
    }
    rows.forEach(r -> System.out.println("heap after GC at " + r));
    System.out.printf(
        Locale.ROOT,
        "jvm: %s %s, %d cpus, max heap %,d MiB%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
