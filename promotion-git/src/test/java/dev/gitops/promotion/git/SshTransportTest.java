package dev.gitops.promotion.git;

import static dev.gitops.promotion.git.Fixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitops.promotion.spi.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clone, fetch and push over SSH through JGit's Apache MINA SSHD transport, against an SSH server
 * (MINA SSHD's) that runs the real {@code git-upload-pack} and {@code git-receive-pack}, with key
 * authentication and a pinned host key.
 */
class SshTransportTest {
  @TempDir Path tmp;

  private static boolean onPath(String tool) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static void keygen(Path file) throws Exception {
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
  }

  @Test
  void clonesAndPushesOverSshWithAKeyAndAKnownHost() throws Exception {
    assumeTrue(onPath("ssh-keygen"), "ssh-keygen is not on PATH");
    assumeTrue(onPath("git-upload-pack"), "git-upload-pack is not on PATH");
    Path bare = Fixture.bareRemote(tmp, List.of("api"));
    Path sshDir = Files.createDirectories(tmp.resolve("home/.ssh"));
    Path hostKey = tmp.resolve("host_ed25519");
    Path userKey = sshDir.resolve("id_ed25519");
    keygen(hostKey);
    keygen(userKey);
    Path authorized = tmp.resolve("authorized_keys");
    Files.copy(sshDir.resolve("id_ed25519.pub"), authorized);
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(new FileKeyPairProvider(hostKey));
    sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized));
    sshd.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
    sshd.start();
    try {
      int port = sshd.getPort();
      String[] pub = Files.readString(tmp.resolve("host_ed25519.pub")).strip().split(" ");
      Path known = sshDir.resolve("known_hosts");
      Files.writeString(known, "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1] + "\n");
      GitOptions options =
          GitOptions.builder()
              .ssh(new SshOptions(sshDir, List.of(userKey), List.of(known)))
              .build();
      String uri = "ssh://git@127.0.0.1:" + port + bare.toAbsolutePath();
      try (JGitConfigRepository repo =
          JGitConfigRepository.cloneOf(uri, tmp.resolve("c"), options)) {
        Revision c = Fixture.commitFile(repo, "over-ssh.txt", "pushed\n", "pushed over ssh\n");
        assertThat(git(bare, "rev-parse", "main").strip()).isEqualTo(c.id());
        repo.fetch();
        assertThat(repo.head("main")).contains(c);
      }
    } finally {
      sshd.stop(true);
    }
  }
}
