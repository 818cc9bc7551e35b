package dev.gitops.promotion.overlay;

import dev.gitops.promotion.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a Helm chart's values set one image: the dotted path of the image's mapping (for example
 * {@code image}, {@code api.image}) and how the image is spread over its keys.
 *
 * <p>As {@link dev.gitops.promotion.spi.ImageSelector#options()} (and {@code
 * OverlayLocation.options()}) the keys are {@value #KEY}, {@value #SHAPE}, {@value #REGISTRY_KEY},
 * {@value #REPOSITORY_KEY}, {@value #TAG_KEY} and {@value #DIGEST_KEY}; all are optional.
 *
 * <pre>{@code
 * HelmImageKeys.of("api.image");                                  // shape detected from the file
 * HelmImageKeys.of("image").withShape(HelmImageKeys.Shape.BITNAMI);
 * HelmImageKeys.fromOptions(Map.of("key", "worker.image", "tagKey", "version"));
 * }</pre>
 *
 * @param path the dotted path of the image's mapping (or string); a literal dotted key such as
 *     {@code image.tag:} is found too
 * @param shape how the image is spread over keys
 * @param registryKey the registry key of the {@link Shape#BITNAMI} shape
 * @param repositoryKey the repository key
 * @param tagKey the tag key
 * @param digestKey the digest key
 */
public record HelmImageKeys(
    String path,
    Shape shape,
    String registryKey,
    String repositoryKey,
    String tagKey,
    String digestKey) {

  /** Option key of {@link #path()}. */
  public static final String KEY = "key";

  /** Option key of {@link #shape()}: auto, standard, bitnami, tag-digest or string. */
  public static final String SHAPE = "shape";

  /** Option key of {@link #registryKey()}. */
  public static final String REGISTRY_KEY = "registryKey";

  /** Option key of {@link #repositoryKey()}. */
  public static final String REPOSITORY_KEY = "repositoryKey";

  /** Option key of {@link #tagKey()}. */
  public static final String TAG_KEY = "tagKey";

  /** Option key of {@link #digestKey()}. */
  public static final String DIGEST_KEY = "digestKey";

  /** How a chart spreads an image over its values. */
  public enum Shape {
    /**
     * Decided from the file: a string value is {@link #STRING}; a mapping with a registry key is
     * {@link #BITNAMI}; with a digest key {@link #STANDARD}; otherwise {@link #TAG_DIGEST}.
     */
    AUTO,
    /** {@code repository}, {@code tag} and {@code digest}; a digest key is added when needed. */
    STANDARD,
    /**
     * Bitnami's {@code registry}, {@code repository}, {@code tag}, {@code digest}; a non-empty
     * digest wins over the tag.
     */
    BITNAMI,
    /**
     * {@code repository} and {@code tag} only, as {@code helm create} scaffolds it; a digest goes
     * into the tag as {@code tag@sha256:...} ({@code latest@sha256:...} when there is no tag).
     */
    TAG_DIGEST,
    /** The whole image as one string, {@code image: ghcr.io/org/app:1.2}. */
    STRING;

    /** The option spelling: {@code auto}, {@code standard}, {@code bitnami}... */
    public String option() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Shape parse(String text) {
      for (Shape s : values()) {
        if (s.option().equals(text)) {
          return s;
        }
      }
      throw new InvalidInputException(
          "unknown Helm image shape '"
              + text
              + "'; use auto, standard, bitnami, tag-digest or string");
    }
  }

  /** Checks the parts. */
  public HelmImageKeys {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(registryKey, "registryKey");
    Objects.requireNonNull(repositoryKey, "repositoryKey");
    Objects.requireNonNull(tagKey, "tagKey");
    Objects.requireNonNull(digestKey, "digestKey");
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw new InvalidInputException(
          "invalid Helm values key '" + path + "': use a dotted path such as image or api.image");
    }
  }

  /** The image at {@code path}, with the conventional key names and the shape detected. */
  public static HelmImageKeys of(String path) {
    return new HelmImageKeys(path, Shape.AUTO, "registry", "repository", "tag", "digest");
  }

  /** The keys for {@code image} (the {@code helm create} default). */
  public static HelmImageKeys defaults() {
    return of("image");
  }

  /** This with another shape. */
  public HelmImageKeys withShape(Shape newShape) {
    return new HelmImageKeys(path, newShape, registryKey, repositoryKey, tagKey, digestKey);
  }

  /**
   * The keys from format options ({@value #KEY}, {@value #SHAPE}, ...); missing options take the
   * defaults.
   *
   * @throws InvalidInputException for an unknown shape or an invalid path
   */
  public static HelmImageKeys fromOptions(Map<String, String> options) {
    return new HelmImageKeys(
        options.getOrDefault(KEY, "image"),
        Shape.parse(options.getOrDefault(SHAPE, "auto")),
        options.getOrDefault(REGISTRY_KEY, "registry"),
        options.getOrDefault(REPOSITORY_KEY, "repository"),
        options.getOrDefault(TAG_KEY, "tag"),
        options.getOrDefault(DIGEST_KEY, "digest"));
  }

  /** These keys as format options, the inverse of {@link #fromOptions(Map)}. */
  public Map<String, String> toOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put(KEY, path);
    options.put(SHAPE, shape.option());
    options.put(REGISTRY_KEY, registryKey);
    options.put(REPOSITORY_KEY, repositoryKey);
    options.put(TAG_KEY, tagKey);
    options.put(DIGEST_KEY, digestKey);
    return java.util.Collections.unmodifiableMap(options);
  }
}
