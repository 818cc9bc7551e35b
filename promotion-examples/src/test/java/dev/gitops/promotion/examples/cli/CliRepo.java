package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.git.testing.Overlays;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import picocli.CommandLine;

/** A real config repository with a work tree, in the seed's layout, for CLI tests. */
final class CliRepo implements AutoCloseable {
  static final String IMAGE = "ghcr.io/myorg/api-service";
  static final String PAYMENTS = "ghcr.io/myorg/payments";

  final Path dir;
  final Git git;

  private CliRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  static String hex(char c) {
    return String.valueOf(c).repeat(64);
  }

  /** The seed layout: api-service and payments in dev, staging, production, all at digest a... */
  static CliRepo seed(Path dir) {
    CliRepo repo = init(dir, "main");
    for (String env : new String[] {"dev", "staging", "production"}) {
      repo.overlay("api-service", env, IMAGE, hex('a'));
      repo.overlay("payments", env, PAYMENTS, hex('a'));
    }
    return repo.commit("seed", Instant.parse("2026-10-01T08:00:00Z"));
  }

  /** An empty repository at {@code dir} on {@code branch}, where git commits as Ada Lovelace. */
  static CliRepo init(Path dir, String branch) {
    try {
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call();
      StoredConfig config = git.getRepository().getConfig();
      config.setString("user", null, "name", "Ada Lovelace");
      config.setString("user", null, "email", "ada@myorg.com");
      config.save();
      return new CliRepo(dir, git);
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A clone of {@code from} (a directory or bare repository) at {@code to}: {@code bare} without a
   * work tree (a remote), else a working checkout with {@code origin} set.
   */
  static Path cloneTo(Path from, Path to, boolean bare) {
    try {
      Git.cloneRepository()
          .setURI(from.toUri().toString())
          .setDirectory(to.toFile())
          .setBare(bare)
          .call()
          .close();
      return to;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bare remote at {@code origin} holding the seed layout (seeded in {@code seedDir} first). */
  static Path seedRemote(Path seedDir, Path origin) {
    try (CliRepo seed = seed(seedDir)) {
      return cloneTo(seedDir, origin, true);
    }
  }

  CliRepo overlay(String app, String env, String image, String digestHex) {
    return write(Overlays.path(app, env), Overlays.kustomization(image, "sha256:" + digestHex));
  }

  CliRepo write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String path) {
    try {
      return Files.readString(dir.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  CliRepo commit(String message, Instant when) {
    try {
      git.add().addFilepattern(".").call();
      PersonIdent who =
          new PersonIdent(
              "Platform Team",
              "platform@myorg.com",
              Date.from(when),
              TimeZone.getTimeZone(ZoneOffset.UTC));
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  String head() {
    try {
      return git.getRepository().resolve("refs/heads/main").name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit HEAD is at (the last one a command wrote on the checked-out branch). */
  RevCommit top() {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.parseCommit(git.getRepository().resolve("HEAD"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isClean() {
    try {
      return git.status().call().isClean();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }

  /** What one command run printed and returned. */
  record Run(int exit, String out, String err) {}

  /** Runs {@code command} with {@code args}, capturing its output. */
  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * Runs {@code command} on api-service in {@code env} of the repository {@code repo}, pushing,
   * with {@code more} arguments (the shape of hold, release, advance and abort in the host flow
   * tests).
   */
  static Run onApi(Object command, Path repo, String env, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("--repo", repo.toString(), "--push", "--env", env, "--app", "api-service"));
    args.addAll(List.of(more));
    return run(command, args.toArray(String[]::new));
  }

  static boolean gitOnPath() {
    try {
      return new ProcessBuilder("git", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static String git(Path cwd, String... args) {
    try {
      String[] command = new String[args.length + 1];
      command[0] = "git";
      System.arraycopy(args, 0, command, 1, args.length);
      Process p =
          new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
