package dev.gitops.promotion.overlay.bench;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.overlay.HelmImageKeys;
import dev.gitops.promotion.overlay.HelmValues;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.KustomizeImages;
import dev.gitops.promotion.overlay.OverlayFormats;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;

/**
 * Throughput of byte-preserving edits against SnakeYAML Engine's bare parse of the same file (the
 * floor for any parser-based edit). Not a test: run it with {@code mvn -B -pl promotion-overlays
 * -Pbench test -DskipTests}; figures go to docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class OverlayBench {
  static final String DIGEST =
      "sha256:"
          + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".substring(0, 64);

  String kustomization;
  OverlayFile kustomizationFile;
  KustomizeImageEdit setDigest;
  OverlayFormat kustomizeFormat;
  ImageSelector api;
  ImageReference pinned;
  String values;
  OverlayFile valuesFile;
  HelmImageKeys component;
  ImageReference componentImage;
  LoadSettings settings;

  @Setup
  public void setUp() {
    kustomization = kustomization1k();
    kustomizationFile =
        new OverlayFile("apps/api/overlays/staging/kustomization.yaml", kustomization);
    setDigest = KustomizeImageEdit.parse("ghcr.io/myorg/api-service@" + DIGEST);
    kustomizeFormat = OverlayFormats.kustomize();
    api = ImageSelector.of("ghcr.io/myorg/api-service");
    pinned = ImageReference.parse("ghcr.io/myorg/api-service@" + DIGEST);
    values = values1m();
    valuesFile = new OverlayFile("charts/platform/values.yaml", values);
    component = HelmImageKeys.of("component2500.image");
    componentImage = ImageReference.parse("ghcr.io/myorg/component2500:2.0.0@" + DIGEST);
    settings = LoadSettings.builder().setCodePointLimit(16 * 1024 * 1024).build();
    String edited = KustomizeImages.apply(kustomizationFile, setDigest).content();
    if (!edited.contains(DIGEST) || edited.length() == kustomization.length()) {
      throw new IllegalStateException("the benchmark edit does not change the file");
    }
  }

  /** The 1 KB kustomization: set a digest with {@code kustomize edit set image} semantics. */
  @Benchmark
  public String kustomizeSetDigest1k() {
    return KustomizeImages.apply(kustomizationFile, setDigest).content();
  }

  /** The same through the SPI, as the planner calls it. */
  @Benchmark
  public String kustomizeFormatWriteImage1k() {
    return kustomizeFormat.writeImage(kustomizationFile, api, pinned);
  }

  /** Floor: SnakeYAML Engine's parse of the 1 KB file to events, with marks. */
  @Benchmark
  public int snakeyamlParseEvents1k() {
    int n = 0;
    for (Event e : new Parse(settings).parseString(kustomization)) {
      n += e.getEventId().ordinal();
    }
    return n;
  }

  /** SnakeYAML Engine's full load of the 1 KB file to Java maps and lists. */
  @Benchmark
  public Object snakeyamlLoad1k() {
    return new Load(settings).loadFromString(kustomization);
  }

  /** The 1 MB values file: set one component's tag and digest. */
  @Benchmark
  public String helmSetImage1m() {
    return HelmValues.set(valuesFile, component, componentImage).content();
  }

  /** Floor: SnakeYAML Engine's parse of the 1 MB file to events. */
  @Benchmark
  public int snakeyamlParseEvents1m() {
    int n = 0;
    for (Event e : new Parse(settings).parseString(values)) {
      n += e.getEventId().ordinal();
    }
    return n;
  }

  /** SnakeYAML Engine's full load of the 1 MB file. */
  @Benchmark
  public Object snakeyamlLoad1m() {
    return new Load(settings).loadFromString(values);
  }

  public static String kustomization1k() {
    StringBuilder sb =
        new StringBuilder(
            """
            # staging overlay of api-service: promoted by PR, gated by smoke tests
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: api-staging
            resources:
              - ../../base
              - hpa.yaml   # staging scales 2..4
            commonLabels:
              app.kubernetes.io/part-of: payments
              environment: staging
            patches:
              - patch: |-
                  - op: replace
                    path: /spec/replicas
                    value: 2
                target:
                  kind: Deployment
                  name: api-service
            images:
              - name: ghcr.io/myorg/api-service
                newTag: sha-abc1234 # <-- promotion updates this
              - name: ghcr.io/myorg/worker
                newTag: "1.4.2"
              - name: redis
                newName: mirror.gcr.io/library/redis
                newTag: "7.2"
              - name: ghcr.io/myorg/migrations
                digest: sha256:0a3bf4f1b2b0b822cd15d6c15b0f00a089f86d081884c7d659a2feaa0c55ad01
            """);
    while (sb.length() < 1000) {
      sb.append("# padding to 1 KB: a comment line the edit must keep as it is\n");
    }
    return sb.toString();
  }

  public static String values1m() {
    StringBuilder sb =
        new StringBuilder(
            "# platform chart values, one block per component\nglobal:\n  imageRegistry: \"\"\n");
    for (int i = 0; sb.length() < 1_000_000; i++) {
      String name = String.format("component%04d", i);
      sb.append(name)
          .append(":\n")
          .append("  enabled: true\n")
          .append("  replicaCount: ")
          .append(1 + i % 5)
          .append('\n')
          .append("  image:\n")
          .append("    repository: ghcr.io/myorg/")
          .append(name)
          .append('\n')
          .append("    tag: \"1.")
          .append(i % 40)
          .append(".0\"   # app version\n")
          .append("    digest: \"\"\n")
          .append("    pullPolicy: IfNotPresent\n")
          .append("  resources:\n    limits: {cpu: 500m, memory: 256Mi}\n")
          .append("  env:\n    - name: LOG_LEVEL\n      value: info\n");
    }
    return sb.toString();
  }

  /**
   * Runs every benchmark (or those matching the first argument) with a forked JVM; with {@code
   * --paired}, runs {@link PairedBench} instead.
   *
   * @throws RunnerException when JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    if (args.length > 0 && args[0].equals("--paired")) {
      PairedBench.run();
      return;
    }
    String include = args.length > 0 ? args[0] : OverlayBench.class.getSimpleName();
    new Runner(new OptionsBuilder().include(include).build()).run();
  }
}
