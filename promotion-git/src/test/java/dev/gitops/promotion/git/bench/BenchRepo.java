package dev.gitops.promotion.git.bench;

import dev.gitops.promotion.git.testing.Overlays;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Generates the benchmark repository with {@code git fast-import}: the seed's layout with {@code
 * apps} applications in dev, staging and production, then {@code commits} promotion commits (most
 * with the library's trailers, one in ten by hand without trailers, some that only change the
 * replica count), on {@code main}. The result is cloned with {@code git clone --bare --no-local} so
 * it is packed as a fresh clone is.
 */
public final class BenchRepo {
  static final List<String> ENVS = List.of("dev", "staging", "production");

  private BenchRepo() {}

  /** Application {@code i}'s name. */
  public static String app(int i) {
    return String.format("app-%04d", i);
  }

  /** Application {@code i}'s image repository. */
  public static String imageRepo(int i) {
    return "ghcr.io/myorg/" + app(i);
  }

  static String digest(String seed) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String kustomization(int app, String digest, int replicas) {
    return Overlays.kustomization(imageRepo(app), digest, app(app), replicas);
  }

  /** Creates the repository at {@code target} (a bare clone); returns it. */
  public static Path generate(Path target, int apps, int commits, long seed)
      throws IOException, InterruptedException {
    Path raw = target.resolveSibling(target.getFileName() + ".import");
    run(target.getParent(), "git", "init", "-q", "--bare", "-b", "main", raw.toString());
    Process p =
        new ProcessBuilder("git", "fast-import", "--quiet")
            .directory(raw.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    Random rnd = new Random(seed);
    long t0 = 1_704_067_200L; // 2024-01-01
    try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
      StringBuilder first = new StringBuilder();
      first.append("commit refs/heads/main\nmark :1\n");
      first.append("author Platform Team <platform@example.com> ").append(t0).append(" +0000\n");
      first.append("committer Platform Team <platform@example.com> ").append(t0).append(" +0000\n");
      data(first, "Initial layout: " + apps + " applications\n");
      inline(first, "README.md", "# gitops-config\n");
      for (int a = 0; a < apps; a++) {
        inline(
            first,
            "apps/" + app(a) + "/base/kustomization.yaml",
            "resources:\n  - deployment.yaml\n");
        inline(
            first,
            "apps/" + app(a) + "/base/deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app(a) + "\n");
        for (String env : ENVS) {
          inline(first, overlay(a, env), kustomization(a, digest(app(a) + "-" + env + "-0"), 1));
        }
      }
      first.append('\n');
      out.write(first.toString().getBytes(StandardCharsets.UTF_8));
      for (int i = 1; i <= commits; i++) {
        int a = rnd.nextInt(apps);
        int r = rnd.nextInt(100);
        String env = r < 60 ? "dev" : r < 85 ? "staging" : "production";
        int kind = rnd.nextInt(20); // 0-1: hand edit, no trailers; 2: replicas only
        String d = digest(app(a) + "-" + env + "-" + i);
        int replicas = kind == 2 ? 2 + rnd.nextInt(5) : 1;
        StringBuilder c = new StringBuilder();
        long t = t0 + 60L * i;
        c.append("commit refs/heads/main\nmark :").append(i + 1).append('\n');
        String msg;
        if (kind < 2 || kind == 2) {
          c.append("author Hand Editor <hand@example.com> ").append(t).append(" +0000\n");
          msg =
              kind == 2
                  ? "scale " + app(a) + " in " + env + " to " + replicas + "\n"
                  : "bump " + app(a) + " in " + env + " by hand\n";
        } else {
          c.append("author CI Bot <ci-bot@example.com> ").append(t).append(" +0000\n");
          msg =
              "chore("
                  + env
                  + "): promote "
                  + app(a)
                  + " to "
                  + d.substring(0, 19)
                  + "\n\nPromotion-Id: prm-"
                  + digest("id" + i).substring(7, 23)
                  + "\nPromoted-Image: "
                  + app(a)
                  + "="
                  + imageRepo(a)
                  + "@"
                  + d
                  + (env.equals("dev")
                      ? ""
                      : "\nPromoted-From: "
                          + (env.equals("staging") ? "dev" : "staging")
                          + "@"
                          + digest("c" + i).substring(7, 47))
                  + "\nPromoted-By: CI Bot <ci-bot@example.com>\n";
        }
        c.append("committer CI Bot <ci-bot@example.com> ").append(t).append(" +0000\n");
        data(c, msg);
        c.append("from :").append(i).append('\n');
        if (kind == 2) {
          // only the replica count: keep the digest the overlay has now (read back below)
          c.append("M 100644 inline ").append(overlay(a, env)).append('\n');
          String current = Current.get(a, env);
          data(c, kustomization(a, current, replicas));
        } else {
          Current.put(a, env, d);
          inline(c, overlay(a, env), kustomization(a, d, 1));
        }
        c.append('\n');
        out.write(c.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    if (p.waitFor() != 0) {
      throw new IOException("git fast-import failed");
    }
    Current.clear();
    run(
        target.getParent(),
        "git",
        "clone",
        "-q",
        "--bare",
        "--no-local",
        raw.toString(),
        target.toString());
    deleteTree(raw);
    return target;
  }

  // the digest each overlay has, so replica-only commits keep it
  private static final class Current {
    private static final java.util.Map<String, String> MAP = new java.util.HashMap<>();

    static String get(int a, String env) {
      return MAP.getOrDefault(app(a) + "/" + env, digest(app(a) + "-" + env + "-0"));
    }

    static void put(int a, String env, String d) {
      MAP.put(app(a) + "/" + env, d);
    }

    static void clear() {
      MAP.clear();
    }
  }

  static String overlay(int a, String env) {
    return "apps/" + app(a) + "/overlays/" + env + "/kustomization.yaml";
  }

  private static void data(StringBuilder sb, String s) {
    sb.append("data ").append(s.getBytes(StandardCharsets.UTF_8).length).append('\n').append(s);
  }

  private static void inline(StringBuilder sb, String path, String content) {
    sb.append("M 100644 inline ").append(path).append('\n');
    data(sb, content);
    sb.append('\n');
  }

  static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed");
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
