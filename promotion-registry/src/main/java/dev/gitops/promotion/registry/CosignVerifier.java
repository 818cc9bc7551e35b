package dev.gitops.promotion.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks cosign-style signatures by public key, with the JDK's crypto only. For a digest {@code
 * sha256:<hex>} of repository {@code R}, the signatures are the layers of the manifest tagged
 * {@code R:sha256-<hex>.sig}: each layer is a simple-signing payload ({@code
 * application/vnd.dev.cosign.simplesigning.v1+json}) whose {@code
 * critical.image.docker-manifest-digest} must be the digest, and whose annotation {@code
 * dev.cosignproject.cosign/signature} is the base64 ECDSA P-256 / SHA-256 signature of the payload
 * bytes. One layer signed by a trusted key is enough.
 *
 * <pre>{@code
 * CosignVerifier verifier = new CosignVerifier(registry);
 * SignatureCheck check = verifier.verify(
 *     ImageReference.parse("ghcr.io/myorg/api@sha256:..."), List.of(TrustedKey.load("ci", pub)));
 * check.verified();   // true when CI signed exactly this digest
 * }</pre>
 *
 * <p>Keyless signatures (Fulcio certificates, Rekor transparency-log entries) are out of scope: a
 * layer that carries only a certificate is reported, never trusted.
 */
public final class CosignVerifier {
  /** The annotation holding a layer's signature. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** The media type of a simple-signing payload layer. */
  public static final String PAYLOAD_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OciRegistry registry;

  /** A verifier reading signatures through {@code registry}. */
  public CosignVerifier(OciRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The tag cosign stores the signatures of {@code digest} under: {@code sha256-<hex>.sig}. */
  public static String signatureTag(ImageDigest digest) {
    return digest.algorithm() + "-" + digest.hex() + ".sig";
  }

  /**
   * Checks the signatures of {@code image} (its digest, or its tag resolved now) against {@code
   * keys}.
   *
   * @throws InvalidInputException when no key is given, or the image does not exist
   * @throws dev.gitops.promotion.RemoteUnavailableException when the registry cannot be reached
   */
  public SignatureCheck verify(ImageReference image, List<TrustedKey> keys) {
    if (keys.isEmpty()) {
      throw new InvalidInputException("verifying a signature needs at least one trusted key");
    }
    ImageDigest digest =
        image.digest().isPresent() ? image.digest().get() : registry.resolve(image).digest();
    ImageReference repository = image.withoutVersion();
    String tag = signatureTag(digest);
    String where = repository + ":" + tag;
    Optional<OciRegistry.Fetched> sig = registry.findManifest(repository, tag);
    if (sig.isEmpty()) {
      return new SignatureCheck(
          digest, false, Optional.empty(), where, List.of("no signature manifest at " + where));
    }
    List<String> findings = new ArrayList<>();
    int index = 0;
    for (JsonNode layer : sig.get().json().path("layers")) {
      index++;
      String label = "layer " + index;
      String mediaType = layer.path("mediaType").asText("");
      if (!PAYLOAD_TYPE.equals(mediaType)) {
        findings.add(label + " is " + SafeText.forDisplay(mediaType) + ", not a signing payload");
        continue;
      }
      String signature = layer.path("annotations").path(SIGNATURE_ANNOTATION).asText("");
      if (signature.isEmpty()) {
        findings.add(
            label
                + " has no "
                + SIGNATURE_ANNOTATION
                + " annotation"
                + (layer.path("annotations").has("dev.sigstore.cosign/certificate")
                    ? " (keyless signatures are out of scope)"
                    : ""));
        continue;
      }
      Optional<ImageDigest> payloadDigest = ImageDigest.tryParse(layer.path("digest").asText(null));
      if (payloadDigest.isEmpty()) {
        findings.add(label + " has no valid digest");
        continue;
      }
      byte[] payload = registry.blob(repository, payloadDigest.get());
      byte[] signatureBytes;
      try {
        signatureBytes = Base64.getDecoder().decode(signature.strip());
      } catch (IllegalArgumentException e) {
        findings.add(label + " has a signature that is not base64");
        continue;
      }
      Optional<TrustedKey> signer = signer(keys, payload, signatureBytes);
      if (signer.isEmpty()) {
        findings.add(label + " is not signed by any trusted key (" + names(keys) + ")");
        continue;
      }
      Optional<String> claimed = claimedDigest(payload);
      if (claimed.isEmpty()) {
        findings.add(label + " is signed by " + signer.get() + " but its payload names no digest");
        continue;
      }
      if (!claimed.get().equals(digest.toString())) {
        findings.add(
            label
                + " is signed by "
                + signer.get()
                + " for another digest, "
                + SafeText.forDisplay(claimed.get()));
        continue;
      }
      findings.add(label + " is signed by " + signer.get());
      return new SignatureCheck(digest, true, signer, where, findings);
    }
    if (index == 0) {
      findings.add("the signature manifest at " + where + " has no layers");
    }
    return new SignatureCheck(digest, false, Optional.empty(), where, findings);
  }

  private static Optional<TrustedKey> signer(List<TrustedKey> keys, byte[] payload, byte[] sig) {
    for (TrustedKey k : keys) {
      try {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(k.key());
        s.update(payload);
        if (s.verify(sig)) {
          return Optional.of(k);
        }
      } catch (GeneralSecurityException e) {
        // a malformed signature verifies under no key
      }
    }
    return Optional.empty();
  }

  private static Optional<String> claimedDigest(byte[] payload) {
    try {
      JsonNode root = JSON.readTree(payload);
      JsonNode d = root.path("critical").path("image").path("docker-manifest-digest");
      return d.isTextual() ? Optional.of(d.asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String names(List<TrustedKey> keys) {
    return String.join(", ", keys.stream().map(TrustedKey::toString).toList());
  }
}
