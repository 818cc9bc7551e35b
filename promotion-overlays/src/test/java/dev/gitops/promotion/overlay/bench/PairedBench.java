package dev.gitops.promotion.overlay.bench;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.overlay.HelmImageKeys;
import dev.gitops.promotion.overlay.HelmValues;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.KustomizeImages;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;

/**
 * The edit against SnakeYAML Engine's bare parse, measured in alternating batches in the same time
 * window, so that a machine shared with other jobs slows both alike: the ratio stays meaningful
 * when absolute figures wander. Run with {@code mvn -B -pl promotion-overlays -Pbench test
 * -DskipTests -Dbench=--paired}.
 */
final class PairedBench {
  private PairedBench() {}

  static void run() {
    String kustomization = OverlayBench.kustomization1k();
    OverlayFile kFile = new OverlayFile("kustomization.yaml", kustomization);
    KustomizeImageEdit edit =
        KustomizeImageEdit.parse("ghcr.io/myorg/api-service@" + OverlayBench.DIGEST);
    String values = OverlayBench.values1m();
    OverlayFile vFile = new OverlayFile("values.yaml", values);
    HelmImageKeys keys = HelmImageKeys.of("component2500.image");
    ImageReference image =
        ImageReference.parse("ghcr.io/myorg/component2500:2.0.0@" + OverlayBench.DIGEST);
    LoadSettings settings = LoadSettings.builder().setCodePointLimit(16 * 1024 * 1024).build();

    pair(
        "1 KB kustomization: set digest",
        kustomization.length(),
        () -> KustomizeImages.apply(kFile, edit).content().length(),
        () -> parse(settings, kustomization),
        2_000,
        40);
    pair(
        "1 MB Helm values: set tag and digest",
        values.length(),
        () -> HelmValues.set(vFile, keys, image).content().length(),
        () -> parse(settings, values),
        3,
        30);
  }

  private static int parse(LoadSettings settings, String text) {
    int n = 0;
    for (Event e : new Parse(settings).parseString(text)) {
      n += e.getEventId().ordinal();
    }
    return n;
  }

  private static void pair(
      String name, int size, IntSupplier edit, IntSupplier parse, int batch, int rounds) {
    long warmEnd = System.nanoTime() + 8_000_000_000L;
    int sink = 0;
    while (System.nanoTime() < warmEnd) {
      sink += edit.getAsInt() + parse.getAsInt();
    }
    double[] editRate = new double[rounds];
    double[] parseRate = new double[rounds];
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long e;
      long p;
      if (r % 2 == 0) {
        e = time(edit, batch);
        p = time(parse, batch);
      } else {
        p = time(parse, batch);
        e = time(edit, batch);
      }
      editRate[r] = batch * 1e9 / e;
      parseRate[r] = batch * 1e9 / p;
      ratio[r] = (double) e / p;
    }
    System.out.printf(
        Locale.ROOT,
        "%s (%d chars), %d rounds of %d:%n"
            + "  edit : median %,.0f ops/s, best %,.0f ops/s%n"
            + "  parse: median %,.0f ops/s, best %,.0f ops/s%n"
            + "  edit time / parse time: median %.2f (quartiles %.2f .. %.2f)%n",
        name,
        size,
        rounds,
        batch,
        median(editRate),
        max(editRate),
        median(parseRate),
        max(parseRate),
        median(ratio),
        quantile(ratio, 0.25),
        quantile(ratio, 0.75));
    if (sink == 42) {
      System.out.println();
    }
  }

  private static long time(IntSupplier op, int batch) {
    int sink = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      sink += op.getAsInt();
    }
    long t = System.nanoTime() - t0;
    return sink == Integer.MIN_VALUE ? t + 1 : t;
  }

  private static double median(double[] v) {
    return quantile(v, 0.5);
  }

  private static double quantile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(0);
  }
}
