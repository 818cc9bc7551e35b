package dev.gitops.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitSigningTest {
  @TempDir Path tmp;

  private static boolean onPath(String tool) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String run(Path dir, Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  @Test
  void sshSignedCommitsVerifyWithTheGitCli() throws Exception {
    assumeTrue(onPath("ssh-keygen"), "ssh-keygen is not on PATH; SSH signing cannot be checked");
    Path key = tmp.resolve("id_ed25519");
    run(
        tmp,
        Map.of(),
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "ada",
        "-f",
        key.toString());
    Path dir = Fixture.seedRepo(tmp.resolve("r"), List.of("api"));
    GitOptions options = GitOptions.builder().signing(CommitSigning.ssh(key)).build();
    try (JGitConfigRepository repo = JGitConfigRepository.open(dir, options)) {
      Revision c =
          Fixture.commitFile(repo, "signed.txt", "signed\n", "chore(dev): a signed promotion\n");
      Path allowed = tmp.resolve("allowed_signers");
      String pub = Files.readString(tmp.resolve("id_ed25519.pub")).strip();
      Files.writeString(allowed, "ada@example.com " + pub + "\n");
      String out =
          run(
              dir,
              Map.of(),
              "git",
              "-c",
              "gpg.ssh.allowedSignersFile=" + allowed,
              "verify-commit",
              "-v",
              c.id());
      assertThat(out).contains("Good \"git\" signature");
      assertThat(Fixture.git(dir, "fsck", "--full", "--no-dangling")).isEmpty();
    }
  }

  @Test
  void openPgpSignedCommitsVerifyWithTheGitCli() throws Exception {
    assumeTrue(onPath("gpg"), "gpg is not on PATH; OpenPGP signing cannot be checked");
    Path home = Files.createDirectories(tmp.resolve("gnupg"));
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = Map.of("GNUPGHOME", home.toString());
    run(
        tmp,
        env,
        "gpg",
        "--batch",
        "--passphrase",
        "",
        "--quick-gen-key",
        "Ada Lovelace <ada@example.com>",
        "rsa2048",
        "sign",
        "never");
    Path dir = Fixture.seedRepo(tmp.resolve("r"), List.of("api"));
    org.eclipse.jgit.util.SystemReader original = org.eclipse.jgit.util.SystemReader.getInstance();
    // JGit's Bouncy Castle signer finds keys in $GNUPGHOME; point it at the test's keyring
    org.eclipse.jgit.util.SystemReader.setInstance(
        new org.eclipse.jgit.util.SystemReader.Delegate(original) {
          @Override
          public String getenv(String variable) {
            return "GNUPGHOME".equals(variable) ? home.toString() : super.getenv(variable);
          }
        });
    try (JGitConfigRepository repo =
        JGitConfigRepository.open(
            dir, GitOptions.builder().signing(CommitSigning.openPgp("ada@example.com")).build())) {
      Revision c =
          Fixture.commitFile(
              repo, "signed.txt", "signed\n", "chore(dev): an OpenPGP-signed promotion\n");
      String out = run(dir, env, "git", "verify-commit", "-v", c.id());
      assertThat(out).contains("Good signature from \"Ada Lovelace <ada@example.com>\"");
    } finally {
      org.eclipse.jgit.util.SystemReader.setInstance(original);
    }
  }

  @Test
  void signingSetUpNeverShowsThePassphrase() {
    CommitSigning s =
        CommitSigning.openPgp("ada@example.com")
            .withPassphrase(TokenSource.of("ada", () -> "hunter2"));
    assertThat(s.toString()).doesNotContain("hunter2").contains("OPENPGP");
  }
}
