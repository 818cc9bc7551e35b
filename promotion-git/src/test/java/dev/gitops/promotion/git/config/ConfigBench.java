package dev.gitops.promotion.git.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A harness main, not a test: how long loading a config repository's pipeline takes for a large
 * repository (1,000 applications in dev, staging and production): layout discovery without a
 * pipeline file, parsing a pipeline file that declares every application, and loading it from the
 * repository (which also checks every location for symbolic links on the tree).
 *
 * <p>Run: {@code mvn -B -q -pl promotion-git test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt && java -cp
 * promotion-git/target/test-classes:promotion-git/target/classes:$(cat promotion-git/target/cp.txt)
 * dev.gitops.promotion.git.config.ConfigBench}
 */
public final class ConfigBench {
  private static final int APPS = 1000;
  private static final String[] ENVS = {"dev", "staging", "production"};

  private ConfigBench() {}

  public static void main(String[] args) throws IOException {
    Path root = Files.createTempDirectory("config-bench-");
    Path seed = root.resolve("seed");
    Path withFile = root.resolve("with-file");
    StringBuilder file =
        new StringBuilder("environments: [dev, staging, production]\napplications:\n");
    for (int i = 0; i < APPS; i++) {
      file.append("  - name: app-")
          .append(i)
          .append("\n    image: ghcr.io/myorg/app-")
          .append(i)
          .append('\n');
    }
    String pipelineFile = file.toString();
    for (Path dir : List.of(seed, withFile)) {
      try (GitFixture g = GitFixture.init(dir, "main")) {
        for (int i = 0; i < APPS; i++) {
          for (String env : ENVS) {
            g.overlay("app-" + i, env, "ghcr.io/myorg/app-" + i, "a".repeat(64));
          }
        }
        if (dir.equals(withFile)) {
          g.write("promotion.yaml", pipelineFile);
        }
        g.commit("layout");
      }
    }
    System.out.println("repository: " + APPS + " applications x 3 environments, one commit");
    report("discover the seed layout (load, no promotion.yaml)", () -> PromotionConfig.load(seed));
    report(
        "parse promotion.yaml declaring every application",
        () -> PipelineFile.parse("promotion.yaml", pipelineFile));
    report(
        "load promotion.yaml from the repository (with link checks)",
        () -> PromotionConfig.load(withFile));
  }

  private static void report(String what, Supplier<PromotionConfig> run) {
    for (int i = 0; i < 5; i++) {
      check(run.get());
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      long t0 = System.nanoTime();
      PromotionConfig c = run.get();
      nanos.add(System.nanoTime() - t0);
      check(c);
    }
    nanos.sort(Comparator.naturalOrder());
    System.out.printf(
        "%-62s median %7.1f ms  best %7.1f ms  worst %7.1f ms%n",
        what, nanos.get(7) / 1e6, nanos.get(0) / 1e6, nanos.get(14) / 1e6);
  }

  private static void check(PromotionConfig c) {
    if (c.applications().size() != APPS || c.pipelineWithoutGates().environments().size() != 3) {
      throw new IllegalStateException("wrong configuration: " + c.applications().size() + " apps");
    }
  }
}
