package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import java.util.Locale;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

/**
 * The optional dependencies of promotion-git: SSH (JGit's {@code org.eclipse.jgit.ssh.apache} on
 * Apache MINA SSHD, also needed for SSH commit signatures) and OpenPGP commit signatures (JGit's
 * {@code org.eclipse.jgit.gpg.bc} on Bouncy Castle). A user who only uses HTTPS carries neither:
 * the code that touches them ({@link SshSessions}, and the signers JGit finds through its service
 * loader) runs only when SSH or signing is used, and these checks turn a missing jar into an {@link
 * InvalidInputException} naming the artifact to add.
 */
public final class OptionalDependencies {
  /** The Maven artifact that brings SSH transport and SSH signatures. */
  public static final String SSH_ARTIFACT = "org.eclipse.jgit:org.eclipse.jgit.ssh.apache";

  /** The Maven artifact that brings OpenPGP signatures. */
  public static final String OPENPGP_ARTIFACT = "org.eclipse.jgit:org.eclipse.jgit.gpg.bc";

  private OptionalDependencies() {}

  /** Whether {@code uri} is reached over SSH: {@code ssh://} or the scp-like {@code host:path}. */
  public static boolean isSsh(URIish uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return uri.getHost() != null; // git@host:org/repo.git
    }
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "ssh", "ssh+git", "git+ssh" -> true;
      default -> false;
    };
  }

  /**
   * Refuses SSH when its jars are not on the class path.
   *
   * @param what what needs SSH, for the message
   * @throws InvalidInputException naming the artifact to add
   */
  public static void requireSsh(String what) {
    if (!present("org.eclipse.jgit.transport.sshd.SshdSessionFactory")
        || !present("org.apache.sshd.client.SshClient")) {
      throw missing(what + " needs SSH", SSH_ARTIFACT);
    }
  }

  /**
   * The refusal of a commit signature format whose signer is not on the class path.
   *
   * @param ssh whether the format is SSH (else OpenPGP)
   */
  public static InvalidInputException missingSigner(boolean ssh) {
    return ssh
        ? missing("signing commits with an SSH key needs SSH support", SSH_ARTIFACT)
        : missing("signing commits with OpenPGP needs Bouncy Castle", OPENPGP_ARTIFACT);
  }

  private static InvalidInputException missing(String what, String artifact) {
    String version = Repository.class.getPackage().getImplementationVersion();
    return new InvalidInputException(
        what
            + ", an optional dependency of promotion-git that is not on the class path: add the"
            + " Maven artifact "
            + artifact
            + (version == null ? "" : ":" + version)
            + " (the version of org.eclipse.jgit) to your build");
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, OptionalDependencies.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
