package dev.gitops.promotion.registry;

import dev.gitops.promotion.ImageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking an image's signatures against trusted keys.
 *
 * @param digest the digest whose signatures were checked
 * @param verified whether at least one signature of a trusted key covers exactly this digest
 * @param signedBy the trusted key that signed it, when verified
 * @param signatureReference where the signatures were looked for, {@code repo:sha256-<hex>.sig}
 * @param findings what was found, one line per signature (why each one did or did not count)
 */
public record SignatureCheck(
    ImageDigest digest,
    boolean verified,
    Optional<TrustedKey> signedBy,
    String signatureReference,
    List<String> findings) {

  /** Copies the findings. */
  public SignatureCheck {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(signedBy, "signedBy");
    Objects.requireNonNull(signatureReference, "signatureReference");
    findings = List.copyOf(findings);
  }

  /** One line: verified by which key, or why not. */
  public String summary() {
    if (verified) {
      return digest.shortForm() + " is signed by " + signedBy.orElseThrow();
    }
    return digest.shortForm()
        + " has no valid signature from a trusted key"
        + (findings.isEmpty() ? "" : ": " + String.join("; ", findings));
  }
}
