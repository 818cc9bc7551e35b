package dev.gitops.promotion.git.config;

import dev.gitops.promotion.git.testing.Overlays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A real Git work tree in a temporary folder, written and committed with JGit. */
final class GitFixture implements AutoCloseable {
  final Path dir;
  final Git git;
  private int commits;

  private GitFixture(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  static GitFixture init(Path dir, String branch) {
    try {
      return new GitFixture(
          dir, Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call());
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  static GitFixture open(Path dir) {
    try {
      return new GitFixture(dir, Git.open(dir.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GitFixture write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GitFixture delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GitFixture symlink(String path, String target) {
    try {
      Path link = dir.resolve(path);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The seed's overlay for {@code app} in {@code env}, setting {@code image}. */
  GitFixture overlay(String app, String env, String imageName, String digestHex) {
    return write(Overlays.path(app, env), Overlays.kustomization(imageName, "sha256:" + digestHex));
  }

  GitFixture commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      PersonIdent who =
          new PersonIdent(
              "Test",
              "test@example.com",
              Date.from(Instant.parse("2026-11-01T09:00:00Z").plusSeconds(60L * commits++)),
              TimeZone.getTimeZone(ZoneOffset.UTC));
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  GitFixture branch(String name) {
    try {
      git.checkout().setCreateBranch(true).setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  GitFixture checkout(String name) {
    try {
      git.checkout().setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
