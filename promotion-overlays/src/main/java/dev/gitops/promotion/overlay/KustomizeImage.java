package dev.gitops.promotion.overlay;

import dev.gitops.promotion.overlay.internal.ImageNames;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a kustomization's {@code images:} list, and what kustomize's images transformer does
 * with it. Empty strings count as absent, as they do for kustomize.
 *
 * <pre>{@code
 * KustomizeImage entry = KustomizeImage.of("nginx").withNewTag("1.27");
 * entry.matches("nginx:1.25");      // true: same repository, any tag
 * entry.transform("nginx:1.25");    // "nginx:1.27"
 * }</pre>
 *
 * @param name the image name the entry matches, exactly as written in manifests
 * @param newName the replacement repository, if any
 * @param newTag the replacement tag, if any
 * @param digest the replacement digest, if any
 * @param tagSuffix a suffix appended to the existing tag, if any
 */
public record KustomizeImage(
    String name,
    Optional<String> newName,
    Optional<String> newTag,
    Optional<String> digest,
    Optional<String> tagSuffix) {

  private static final String TAG_CHARS = "[a-zA-Z0-9_.{}-]*";
  private static final Pattern VERSION =
      Pattern.compile("(:" + TAG_CHARS + ")?(@[A-Za-z0-9_+.-]+:" + TAG_CHARS + ")?");

  /** Normalizes empty strings to absent. */
  public KustomizeImage {
    Objects.requireNonNull(name, "name");
    newName = nonEmpty(newName);
    newTag = nonEmpty(newTag);
    digest = nonEmpty(digest);
    tagSuffix = nonEmpty(tagSuffix);
  }

  /** An entry with only a name (a no-op for the transformer). */
  public static KustomizeImage of(String name) {
    return new KustomizeImage(
        name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** This entry with {@code newName} set. */
  public KustomizeImage withNewName(String value) {
    return new KustomizeImage(name, Optional.of(value), newTag, digest, tagSuffix);
  }

  /** This entry with {@code newTag} set. */
  public KustomizeImage withNewTag(String value) {
    return new KustomizeImage(name, newName, Optional.of(value), digest, tagSuffix);
  }

  /** This entry with {@code digest} set. */
  public KustomizeImage withDigest(String value) {
    return new KustomizeImage(name, newName, newTag, Optional.of(value), tagSuffix);
  }

  /** This entry with {@code tagSuffix} set. */
  public KustomizeImage withTagSuffix(String value) {
    return new KustomizeImage(name, newName, newTag, digest, Optional.of(value));
  }

  /**
   * Whether the transformer rewrites {@code image}: the image is this entry's name followed by an
   * optional {@code :tag} and an optional {@code @algorithm:hex} digest. Unlike kustomize, which
   * uses the name as a regular expression, the name is matched literally.
   */
  public boolean matches(String image) {
    return image.startsWith(name)
        && VERSION.matcher(image).region(name.length(), image.length()).matches();
  }

  /**
   * What the transformer turns {@code image} into, or {@code image} itself when the entry does not
   * match it: {@code newName} replaces the name; {@code newTag} and {@code digest} together give
   * {@code :tag@digest}; only {@code newTag} drops an existing digest; only {@code digest} drops an
   * existing tag; only {@code tagSuffix} appends to the tag and drops the digest; none of them
   * keeps the tag and digest.
   */
  public String transform(String image) {
    if (!matches(image)) {
      return image;
    }
    String[] parts = ImageNames.split(image);
    String repository = newName.orElse(parts[0]);
    String tag = parts[1];
    String imageDigest = parts[2];
    if (newTag.isPresent() && digest.isPresent()) {
      tag = newTag.get();
      imageDigest = digest.get();
    } else if (newTag.isPresent()) {
      tag = newTag.get();
      imageDigest = "";
    } else if (digest.isPresent()) {
      tag = "";
      imageDigest = digest.get();
    } else if (tagSuffix.isPresent()) {
      tag = tag + tagSuffix.get();
      imageDigest = "";
    }
    StringBuilder sb = new StringBuilder(repository);
    if (!tag.isEmpty()) {
      sb.append(':').append(tag);
    }
    if (!imageDigest.isEmpty()) {
      sb.append('@').append(imageDigest);
    }
    return sb.toString();
  }

  /**
   * The image this entry pins on its own: the new name (or the name), the new tag and the digest.
   * Without a tag or digest the image's version comes from the manifests it is applied to.
   */
  public String image() {
    StringBuilder sb = new StringBuilder(newName.orElse(name));
    newTag.ifPresent(t -> sb.append(':').append(t));
    digest.ifPresent(d -> sb.append('@').append(d));
    return sb.toString();
  }

  private static Optional<String> nonEmpty(Optional<String> value) {
    Objects.requireNonNull(value);
    return value.filter(v -> !v.isEmpty());
  }
}
