package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.Revision;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promotion-git without its optional jars: a class loader that holds the test class path minus
 * Apache MINA SSHD, Bouncy Castle and the JGit bundles on them clones, commits and pushes over
 * HTTP, and refuses SSH and signing with a message naming the artifact to add.
 */
class WithoutOptionalJarsTest {
  private static final Pattern OPTIONAL =
      Pattern.compile(
          "(org\\.eclipse\\.jgit\\.ssh\\.apache|org\\.eclipse\\.jgit\\.gpg\\.bc|sshd-|/bc[a-z]+-jdk"
              + "|jcl-over-slf4j)[^/]*\\.jar$");

  @TempDir Path tmp;

  @Test
  void httpAndUnsignedCommitsWorkAndSshAndSigningNameTheirArtifact() throws Exception {
    try (Isolated isolated = withoutOptionalJars()) {
      assertThatThrownBy(() -> Class.forName("org.apache.sshd.client.SshClient", false, isolated))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(
              () -> Class.forName("org.bouncycastle.openpgp.PGPSignature", false, isolated))
          .isInstanceOf(ClassNotFoundException.class);
      @SuppressWarnings("unchecked")
      Function<Path, List<String>> run =
          (Function<Path, List<String>>)
              Class.forName(Scenario.class.getName(), true, isolated)
                  .getDeclaredConstructor()
                  .newInstance();
      // JGit finds signers and SSH through the context class loader's service files
      Thread thread = Thread.currentThread();
      ClassLoader context = thread.getContextClassLoader();
      List<String> seen;
      try {
        thread.setContextClassLoader(isolated);
        seen = run.apply(tmp);
      } finally {
        thread.setContextClassLoader(context);
      }
      assertThat(seen.get(0)).as("the pushed commit is main on the remote").isEqualTo("pushed");
      assertThat(seen.get(1)).isEqualTo("local commit");
      assertThat(seen.get(2)).as("SSH options on an HTTP remote are never used").isEqualTo("ok");
      assertThat(seen.get(3))
          .startsWith(InvalidInputException.class.getName())
          .contains("fetching from")
          .contains("needs SSH")
          .contains("add the Maven artifact org.eclipse.jgit:org.eclipse.jgit.ssh.apache:");
      assertThat(seen.get(4))
          .startsWith(InvalidInputException.class.getName())
          .contains("cloning")
          .contains("org.eclipse.jgit:org.eclipse.jgit.ssh.apache");
      assertThat(seen.get(5))
          .startsWith(InvalidInputException.class.getName())
          .contains("signing commits with OpenPGP")
          .contains("org.eclipse.jgit:org.eclipse.jgit.gpg.bc");
      assertThat(seen.get(6))
          .startsWith(InvalidInputException.class.getName())
          .contains("signing commits with an SSH key")
          .contains("org.eclipse.jgit:org.eclipse.jgit.ssh.apache");
      assertThat(isolated.hasLoaded("dev.gitops.promotion.git.internal.SshSessions")).isFalse();
      assertThat(isolated.hasLoaded("dev.gitops.promotion.git.JGitConfigRepository")).isTrue();
    }
  }

  /** A class loader that says which classes it has loaded. */
  private static final class Isolated extends URLClassLoader {
    Isolated(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    boolean hasLoaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  private static Isolated withoutOptionalJars() throws Exception {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    int dropped = 0;
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      if (OPTIONAL.matcher(entry.replace('\\', '/')).find()) {
        dropped++;
      } else {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(dropped).as("optional jars found on the test class path").isGreaterThanOrEqualTo(4);
    return new Isolated(urls.toArray(URL[]::new));
  }

  /** Runs inside the isolated class loader; returns what it saw, one line per step. */
  public static final class Scenario implements Function<Path, List<String>> {
    @Override
    public List<String> apply(Path tmp) {
      try {
        return run(tmp);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private static List<String> run(Path tmp) throws Exception {
      List<String> seen = new ArrayList<>();
      Path bare = Fixture.bareRemote(tmp, List.of("api"));
      git(bare, "config", "http.receivepack", "true");
      try (GitHttpServer server = new GitHttpServer(tmp, "x-access-token", "t0ken");
          JGitConfigRepository repo =
              JGitConfigRepository.cloneOf(
                  server.url("remote.git"),
                  tmp.resolve("clone"),
                  GitOptions.builder()
                      .tokenSource(TokenSource.of("x-access-token", () -> "t0ken"))
                      .ssh(SshOptions.of(tmp.resolve(".ssh")))
                      .build())) {
        Revision c = Fixture.commitFile(repo, "over-http.txt", "pushed\n", "pushed over http\n");
        seen.add(git(bare, "rev-parse", "main").strip().equals(c.id()) ? "pushed" : "not pushed");
      }
      Path local = Fixture.seedRepo(tmp.resolve("local"), List.of("api"));
      try (JGitConfigRepository repo = JGitConfigRepository.open(local)) {
        Revision c = Fixture.commitFile(repo, "local.txt", "x\n", "local\n");
        seen.add(git(local, "rev-parse", "main").strip().equals(c.id()) ? "local commit" : "?");
      }
      seen.add("ok");
      git(local, "remote", "add", "origin", "ssh://git@127.0.0.1:1/remote.git");
      seen.add(
          outcome(
              () -> {
                try (JGitConfigRepository repo =
                    JGitConfigRepository.open(
                        local, GitOptions.builder().remote("origin").build())) {
                  repo.fetch();
                }
                return "fetched";
              }));
      seen.add(
          outcome(
              () ->
                  JGitConfigRepository.cloneOf(
                      "git@127.0.0.1:remote.git",
                      tmp.resolve("ssh-clone"),
                      GitOptions.defaults())));
      seen.add(
          outcome(
              () ->
                  JGitConfigRepository.open(
                      local,
                      GitOptions.builder()
                          .signing(CommitSigning.openPgp("0123456789ABCDEF"))
                          .build())));
      seen.add(
          outcome(
              () ->
                  JGitConfigRepository.open(
                      local,
                      GitOptions.builder()
                          .signing(CommitSigning.ssh(tmp.resolve("id_ed25519")))
                          .build())));
      return seen;
    }

    private static String outcome(Callable<?> step) {
      try {
        Object result = step.call();
        if (result instanceof AutoCloseable c) {
          c.close();
        }
        return "no error: " + result;
      } catch (Exception e) {
        return e.getClass().getName() + ": " + e.getMessage();
      }
    }
  }
}
