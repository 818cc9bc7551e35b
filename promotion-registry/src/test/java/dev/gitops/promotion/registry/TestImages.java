package dev.gitops.promotion.registry;

import dev.gitops.promotion.ImageDigest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds and pushes OCI images, indexes and cosign-style signatures to a {@link LocalRegistry}. */
public final class TestImages {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private TestImages() {}

  public static KeyPair newKeyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** Pushes a one-layer image with this config and returns its manifest digest. */
  public static ImageDigest pushImage(
      LocalRegistry registry,
      String repository,
      String tag,
      String created,
      Map<String, String> labels)
      throws Exception {
    String labelJson =
        labels.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
            .collect(Collectors.joining(","));
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\""
                + created
                + "\",\"config\":{\"Labels\":{"
                + labelJson
                + "}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer =
        ("layer of " + repository + ":" + tag + " " + created).getBytes(StandardCharsets.UTF_8);
    ImageDigest c = registry.pushBlob(repository, config);
    ImageDigest l = registry.pushBlob(repository, layer);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\""
            + OCI_CONFIG
            + "\",\"digest\":\""
            + c
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\""
            + LAYER
            + "\",\"digest\":\""
            + l
            + "\",\"size\":"
            + layer.length
            + "}]}";
    return registry.pushManifest(repository, tag, OCI_MANIFEST, manifest);
  }

  /** Pushes an index of two platform images under {@code tag}. */
  public static ImageDigest pushIndex(LocalRegistry registry, String repository, String tag)
      throws Exception {
    ImageDigest amd =
        pushImage(registry, repository, tag + "-amd64", "2026-11-01T08:00:00Z", Map.of());
    ImageDigest arm =
        pushImage(registry, repository, tag + "-arm64", "2026-11-01T08:00:00Z", Map.of());
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_INDEX
            + "\",\"manifests\":["
            + entry(amd, "amd64", null)
            + ","
            + entry(arm, "arm64", "v8")
            + "]}";
    return registry.pushManifest(repository, tag, OCI_INDEX, index);
  }

  private static String entry(ImageDigest d, String arch, String variant) {
    return "{\"mediaType\":\""
        + OCI_MANIFEST
        + "\",\"digest\":\""
        + d
        + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\""
        + arch
        + "\""
        + (variant == null ? "" : ",\"variant\":\"" + variant + "\"")
        + "}}";
  }

  /** The simple-signing payload cosign signs for {@code digest}. */
  public static String payload(String reference, ImageDigest digest) {
    return "{\"critical\":{\"identity\":{\"docker-reference\":\""
        + reference
        + "\"},\"image\":{\"docker-manifest-digest\":\""
        + digest
        + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}";
  }

  public static String sign(PrivateKey key, byte[] payload) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key);
    s.update(payload);
    return Base64.getEncoder().encodeToString(s.sign());
  }

  /**
   * Pushes a signature manifest at {@code sha256-<hex>.sig} for {@code signedDigest}, whose payload
   * names {@code claimedDigest}, signed with {@code key}.
   */
  public static void pushSignature(
      LocalRegistry registry,
      String repository,
      ImageDigest signedDigest,
      ImageDigest claimedDigest,
      PrivateKey key)
      throws Exception {
    byte[] payload =
        payload(registry.host() + "/" + repository, claimedDigest).getBytes(StandardCharsets.UTF_8);
    ImageDigest p = registry.pushBlob(repository, payload);
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    ImageDigest c = registry.pushBlob(repository, config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\""
            + OCI_CONFIG
            + "\",\"digest\":\""
            + c
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
            + CosignVerifier.PAYLOAD_TYPE
            + "\",\"digest\":\""
            + p
            + "\",\"size\":"
            + payload.length
            + ",\"annotations\":{\""
            + CosignVerifier.SIGNATURE_ANNOTATION
            + "\":\""
            + sign(key, payload)
            + "\"}}]}";
    registry.pushManifest(
        repository, CosignVerifier.signatureTag(signedDigest), OCI_MANIFEST, manifest);
  }
}
