package dev.gitops.promotion.git;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.git.testing.Overlays;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Real repositories for tests: the seed's layout, written with the git CLI. */
final class Fixture {
  private Fixture() {}

  static final List<String> ENVS = List.of("dev", "staging", "production");
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  static final Actor BOT = Actor.bot("CI Bot", "ci-bot@example.com");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  static String digest(String seed) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String imageRepo(String app) {
    return "ghcr.io/myorg/" + app;
  }

  static ImageReference image(String app, String seed) {
    return ImageReference.parse(imageRepo(app) + "@" + digest(seed));
  }

  /** A commit by Ada on main on top of {@code parent}, expecting main at {@code expected}. */
  static CommitRequest.Builder request(Revision parent, Optional<Revision> expected) {
    return CommitRequest.builder()
        .branch("main")
        .parent(parent)
        .expectedHead(expected)
        .author(ADA)
        .time(Instant.parse("2026-03-01T10:00:00Z"));
  }

  /** Commits one file on top of main's head, as Ada, and returns the new commit. */
  static Revision commitFile(ConfigRepository repo, String path, String content, String message) {
    Revision head = repo.head("main").orElseThrow();
    return repo.commit(
        request(head, Optional.of(head))
            .addEdits(new FileEdit(path, content))
            .message(message)
            .build());
  }

  static String kustomization(String app, String digest, int replicas) {
    return Overlays.kustomization(imageRepo(app), digest, app, replicas);
  }

  static Application app(String name) {
    Application.Builder b = Application.builder().name(name).imageRepository(imageRepo(name));
    for (String env : ENVS) {
      b.putLocations(env, OverlayLocation.seedLayout(name, env));
    }
    return b.build();
  }

  static List<Application> apps(List<String> names) {
    return names.stream().map(Fixture::app).toList();
  }

  static Pipeline pipeline() {
    return Pipeline.chain(
        Environment.of("dev", Delivery.DIRECT_COMMIT),
        Environment.of("staging", Delivery.DIRECT_COMMIT),
        Environment.of("production", Delivery.DIRECT_COMMIT));
  }

  static String overlay(String app, String env) {
    return "apps/" + app + "/overlays/" + env + "/kustomization.yaml";
  }

  /** A work-tree repository with the seed layout, every app at digest "<app>-v1" everywhere. */
  static Path seedRepo(Path dir, List<String> apps) throws IOException {
    Files.createDirectories(dir);
    git(dir, "init", "-q", "-b", "main");
    for (String app : apps) {
      write(dir, "apps/" + app + "/base/kustomization.yaml", "resources:\n  - deployment.yaml\n");
      write(
          dir,
          "apps/" + app + "/base/deployment.yaml",
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app + "\n");
      for (String env : ENVS) {
        write(dir, overlay(app, env), kustomization(app, digest(app + "-v1"), 1));
      }
    }
    write(dir, "README.md", "# gitops-config\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "Initial layout");
    return dir;
  }

  /** A bare repository cloned from a fresh seed repository. */
  static Path bareRemote(Path tmp, List<String> apps) throws IOException {
    Path work = seedRepo(tmp.resolve("seed"), apps);
    Path bare = tmp.resolve("remote.git");
    git(tmp, "clone", "-q", "--bare", work.toString(), bare.toString());
    return bare;
  }

  static void write(Path dir, String path, String content) throws IOException {
    Path f = dir.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
  }

  /** Runs git in {@code dir}; returns stdout; fails the test on a non-zero exit. */
  static String git(Path dir, String... args) {
    Result r = gitResult(dir, args);
    if (r.exit != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed: " + r.err + r.out);
    }
    return r.out;
  }

  record Result(int exit, String out, String err) {}

  static Result gitResult(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("GIT_AUTHOR_NAME", "Hand Editor");
    env.put("GIT_AUTHOR_EMAIL", "hand@example.com");
    env.put("GIT_COMMITTER_NAME", "Hand Editor");
    env.put("GIT_COMMITTER_EMAIL", "hand@example.com");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", dir.toAbsolutePath().toString());
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      int exit = p.waitFor();
      return new Result(
          exit, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run git", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
