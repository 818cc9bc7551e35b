package dev.gitops.promotion.git;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How promotion commits are signed: with an OpenPGP key (JGit's Bouncy Castle signer, keys from the
 * GnuPG home of the user running the process) or with an SSH key (JGit's SSH signer, as {@code git
 * config gpg.format ssh} does).
 *
 * <p>Checked with {@code git verify-commit}: SSH (ed25519) keys and OpenPGP RSA keys verify. An
 * OpenPGP ed25519 key made by GnuPG 2.2 gave signatures whose issuer fingerprint GnuPG did not
 * match to that key (JGit 7.8.1 with Bouncy Castle 1.85); prefer RSA or SSH keys until that is
 * understood.
 *
 * @param format OpenPGP or SSH
 * @param signingKey the OpenPGP key id or user id, or the path of the SSH private (or public) key
 * @param passphrase the key's passphrase, when it has one; never shown by {@code toString()}
 */
public record CommitSigning(Format format, String signingKey, Optional<TokenSource> passphrase) {

  /** The signature formats. */
  public enum Format {
    /** OpenPGP, through Bouncy Castle. */
    OPENPGP,
    /** SSH signatures, as Git 2.34+ writes them. */
    SSH
  }

  /** Checks the parts are present. */
  public CommitSigning {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(passphrase, "passphrase");
  }

  /** Signs with the OpenPGP key {@code keyId} (a key id, fingerprint or user id). */
  public static CommitSigning openPgp(String keyId) {
    return new CommitSigning(Format.OPENPGP, keyId, Optional.empty());
  }

  /** Signs with the SSH private key at {@code privateKey}. */
  public static CommitSigning ssh(Path privateKey) {
    return new CommitSigning(Format.SSH, privateKey.toAbsolutePath().toString(), Optional.empty());
  }

  /** This signing set-up with a passphrase for the key. */
  public CommitSigning withPassphrase(TokenSource passphrase) {
    return new CommitSigning(format, signingKey, Optional.of(passphrase));
  }

  @Override
  public String toString() {
    return "CommitSigning[" + format + ", key=" + signingKey + "]";
  }
}
