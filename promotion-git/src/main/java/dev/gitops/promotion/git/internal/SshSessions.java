package dev.gitops.promotion.git.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/** SSH sessions on Apache MINA SSHD (JGit's {@code org.eclipse.jgit.ssh.apache}). */
public final class SshSessions {
  private SshSessions() {}

  /** An SSH session factory with these keys and known hosts. */
  public static SshSessionFactory factory(
      Path sshDirectory, List<Path> identities, List<Path> known) {
    SshdSessionFactoryBuilder b =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(sshDirectory.toAbsolutePath().getParent().toFile())
            .setSshDirectory(sshDirectory.toFile());
    if (!identities.isEmpty()) {
      b.setDefaultIdentities((File dir) -> identities);
    }
    if (!known.isEmpty()) {
      b.setDefaultKnownHostsFiles((File dir) -> known);
    }
    return b.build(null);
  }
}
