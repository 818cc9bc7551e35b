package dev.gitops.promotion.git;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How SSH remotes are reached, through JGit's Apache MINA SSHD transport.
 *
 * @param sshDirectory the directory with {@code config}, {@code known_hosts} and default keys
 *     (usually {@code ~/.ssh})
 * @param identities private key files to offer; empty for the defaults of {@code sshDirectory}
 * @param knownHosts known-hosts files; empty for those of {@code sshDirectory}
 */
public record SshOptions(Path sshDirectory, List<Path> identities, List<Path> knownHosts) {

  /** Copies the lists. */
  public SshOptions {
    Objects.requireNonNull(sshDirectory, "sshDirectory");
    identities = List.copyOf(identities);
    knownHosts = List.copyOf(knownHosts);
  }

  /** The keys and known hosts of {@code sshDirectory}. */
  public static SshOptions of(Path sshDirectory) {
    return new SshOptions(sshDirectory, List.of(), List.of());
  }
}
