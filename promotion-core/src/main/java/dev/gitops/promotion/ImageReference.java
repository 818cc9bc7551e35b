package dev.gitops.promotion;

import java.util.Objects;
import java.util.Optional;

/**
 * A container image reference in the Docker/OCI grammar: {@code
 * [registry[:port]/]path[:tag][@digest]}.
 *
 * <p>The reference keeps the form it was written in ({@link #toString()}); {@link #canonical()} and
 * {@link #familiar()} give the normalized forms Docker uses ({@code docker.io/library/nginx} and
 * {@code nginx}). Two references name the same repository when their {@link #canonicalName()}s are
 * equal.
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("ghcr.io/myorg/api:1.4.2");
 * ref.isPinned();                                   // false: a tag can move
 * ImageReference pinned = ref.withDigest(digest);   // ghcr.io/myorg/api:1.4.2@sha256:...
 * }</pre>
 *
 * @param registry the registry host (with port) as written, or empty when the reference has none
 * @param path the repository path below the registry, lowercase components separated by {@code /}
 * @param tag the tag, if any
 * @param digest the digest, if any
 */
public record ImageReference(
    Optional<String> registry, String path, Optional<String> tag, Optional<ImageDigest> digest) {

  /** Docker Hub's canonical registry name. */
  public static final String DOCKER_HUB = "docker.io";

  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_TAG_LENGTH = 128;

  /** Validates every part against the reference grammar. */
  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
    String shown = render(registry, path, tag, digest);
    registry.ifPresent(r -> checkRegistry(shown, r));
    checkPath(shown, path);
    tag.ifPresent(t -> checkTag(shown, t));
    int nameLength = registry.map(r -> r.length() + 1).orElse(0) + path.length();
    if (nameLength > MAX_NAME_LENGTH) {
      throw invalid(
          shown, "repository name is " + nameLength + " characters, at most 255 are allowed");
    }
  }

  /**
   * Parses a reference such as {@code nginx}, {@code nginx:1.27}, {@code
   * ghcr.io/myorg/api@sha256:...} or {@code localhost:5000/team/app:v1@sha256:...}.
   *
   * @throws InvalidInputException naming the part that breaks the grammar
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw invalid(text, "the reference is empty");
    }
    String rest = text;
    Optional<ImageDigest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0
        && (rest.lastIndexOf('/', at) < 0 || rest.substring(0, at).contains("://"))
        && rest.indexOf('/', at) > at) {
      // user:password@registry/...: a login, never part of a reference (and never shown)
      throw invalid(
          text,
          "it holds a login (user-info before '@'); credentials never go into an image"
              + " reference: log in with docker login (the Docker config.json) or the registry"
              + " settings instead");
    }
    if (at >= 0) {
      String digestText = rest.substring(at + 1);
      try {
        digest = Optional.of(ImageDigest.parse(digestText));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            SafeText.forDisplay("invalid image reference '" + text + "': " + e.getMessage()),
            null,
            e);
      }
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.indexOf(':', lastSlash + 1);
    if (colon >= 0) {
      tag = Optional.of(rest.substring(colon + 1));
      if (tag.get().isEmpty()) {
        throw invalid(text, "the tag after ':' is empty");
      }
      rest = rest.substring(0, colon);
    }
    Optional<String> registry = Optional.empty();
    int firstSlash = rest.indexOf('/');
    if (firstSlash >= 0 && looksLikeRegistry(rest.substring(0, firstSlash))) {
      registry = Optional.of(rest.substring(0, firstSlash));
      rest = rest.substring(firstSlash + 1);
    }
    if (rest.isEmpty()) {
      throw invalid(text, "the repository name is empty");
    }
    // the parts render back to exactly the text, so errors from the constructor quote it as written
    return new ImageReference(registry, rest, tag, digest);
  }

  /**
   * Parses like {@link #parse(String)}, or returns empty when the text is not a valid reference.
   */
  public static Optional<ImageReference> tryParse(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(parse(text));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  /** Whether a digest pins this reference to one immutable manifest. */
  public boolean isPinned() {
    return digest.isPresent();
  }

  /** The repository name as written, without tag or digest: {@code ghcr.io/myorg/api}. */
  public String name() {
    return registry.map(r -> r + "/" + path).orElse(path);
  }

  /** The registry a client would contact: the one written, or {@code docker.io}. */
  public String effectiveRegistry() {
    return registry.map(r -> "index.docker.io".equals(r) ? DOCKER_HUB : r).orElse(DOCKER_HUB);
  }

  /** The fully qualified repository name: {@code nginx} becomes {@code docker.io/library/nginx}. */
  public String canonicalName() {
    String host = effectiveRegistry();
    String canonicalPath =
        DOCKER_HUB.equals(host) && path.indexOf('/') < 0 ? "library/" + path : path;
    return host + "/" + canonicalPath;
  }

  /**
   * The shortest repository name Docker accepts: {@code docker.io/library/nginx} becomes {@code
   * nginx}.
   */
  public String familiarName() {
    String host = effectiveRegistry();
    if (!DOCKER_HUB.equals(host)) {
      return host + "/" + path;
    }
    if (path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0) {
      return path.substring("library/".length());
    }
    return path;
  }

  /** This reference with the canonical name: {@code docker.io/library/nginx:1.27}. */
  public ImageReference canonical() {
    String name = canonicalName();
    int slash = name.indexOf('/');
    return new ImageReference(
        Optional.of(name.substring(0, slash)), name.substring(slash + 1), tag, digest);
  }

  /** This reference with the familiar name: {@code nginx:1.27}. */
  public ImageReference familiar() {
    return parse(render(Optional.empty(), familiarName(), tag, digest));
  }

  /** Whether both name the same repository once normalized, ignoring tags and digests. */
  public boolean sameRepository(ImageReference other) {
    return canonicalName().equals(other.canonicalName());
  }

  /** This reference pinned to {@code newDigest}, keeping the tag for readers. */
  public ImageReference withDigest(ImageDigest newDigest) {
    return new ImageReference(registry, path, tag, Optional.of(newDigest));
  }

  /** This reference with {@code newTag}, keeping any digest. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, path, Optional.of(newTag), digest);
  }

  /** This reference with neither tag nor digest. */
  public ImageReference withoutVersion() {
    return new ImageReference(registry, path, Optional.empty(), Optional.empty());
  }

  /** The reference as written: {@code registry/path:tag@digest}. */
  @Override
  public String toString() {
    return render(registry, path, tag, digest);
  }

  private static String render(
      Optional<String> registry, String path, Optional<String> tag, Optional<ImageDigest> digest) {
    StringBuilder sb = new StringBuilder();
    registry.ifPresent(r -> sb.append(r).append('/'));
    sb.append(path);
    tag.ifPresent(t -> sb.append(':').append(t));
    digest.ifPresent(d -> sb.append('@').append(d));
    return sb.toString();
  }

  // Docker's rule: the first component is a registry when it has a dot or a port, is "localhost",
  // or has an uppercase letter (a repository never may).
  private static boolean looksLikeRegistry(String component) {
    return component.indexOf('.') >= 0
        || component.indexOf(':') >= 0
        || component.equals("localhost")
        || !component.equals(component.toLowerCase(java.util.Locale.ROOT));
  }

  private static void checkRegistry(String shown, String registry) {
    String host = registry;
    int colon = registry.lastIndexOf(':');
    if (registry.startsWith("[")) {
      int close = registry.indexOf(']');
      if (close < 0) {
        throw invalid(shown, "registry '" + registry + "' has an unclosed IPv6 bracket");
      }
      colon = registry.indexOf(':', close);
      host = registry.substring(0, close + 1);
    } else if (colon >= 0) {
      host = registry.substring(0, colon);
    }
    if (colon >= 0) {
      String port = registry.substring(colon + 1);
      if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(shown, "registry port '" + port + "' is not a number");
      }
    }
    if (host.startsWith("[")) {
      return;
    }
    if (host.isEmpty()) {
      throw invalid(shown, "the registry host is empty");
    }
    for (String label : host.split("\\.", -1)) {
      if (label.isEmpty()) {
        throw invalid(shown, "registry host '" + host + "' has an empty component");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw invalid(shown, "registry host component '" + label + "' starts or ends with '-'");
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-') {
          throw invalid(shown, "registry host '" + host + "' has the character '" + c + "'");
        }
      }
    }
  }

  private static void checkPath(String shown, String path) {
    if (path.isEmpty()) {
      throw invalid(shown, "the repository name is empty");
    }
    for (String component : path.split("/", -1)) {
      if (component.isEmpty()) {
        throw invalid(shown, "the repository path has an empty component");
      }
      checkPathComponent(shown, component);
    }
  }

  // path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := '.' | '_' | '__' | '-'+
  private static void checkPathComponent(String shown, String component) {
    int i = 0;
    int n = component.length();
    while (i < n) {
      int start = i;
      while (i < n && isLowerAlnum(component.charAt(i))) {
        i++;
      }
      if (i == start) {
        char c = component.charAt(i);
        if (Character.isUpperCase(c)) {
          throw invalid(shown, "repository name must be lowercase, found '" + c + "'");
        }
        if (c == '.' || c == '_' || c == '-') {
          throw invalid(
              shown,
              "repository component '"
                  + component
                  + "' has a separator '"
                  + c
                  + "' that is not between letters or digits");
        }
        throw invalid(
            shown, "repository component '" + component + "' has the character '" + c + "'");
      }
      if (i == n) {
        return;
      }
      int sep = i;
      char c = component.charAt(i);
      if (c == '.') {
        i++;
      } else if (c == '_') {
        i += (i + 1 < n && component.charAt(i + 1) == '_') ? 2 : 1;
      } else if (c == '-') {
        while (i < n && component.charAt(i) == '-') {
          i++;
        }
      } else if (Character.isUpperCase(c)) {
        throw invalid(shown, "repository name must be lowercase, found '" + c + "'");
      } else {
        throw invalid(
            shown, "repository component '" + component + "' has the character '" + c + "'");
      }
      if (i == n) {
        throw invalid(
            shown,
            "repository component '"
                + component
                + "' ends with the separator '"
                + component.substring(sep)
                + "'");
      }
    }
  }

  // tag := [\w][\w.-]{0,127}
  private static void checkTag(String shown, String tag) {
    if (tag.length() > MAX_TAG_LENGTH) {
      throw invalid(shown, "tag is " + tag.length() + " characters, at most 128 are allowed");
    }
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      boolean word = isLowerAlnum(c) || (c >= 'A' && c <= 'Z') || c == '_';
      if (!(word || (i > 0 && (c == '.' || c == '-')))) {
        throw invalid(
            shown,
            i == 0
                ? "tag '" + tag + "' must start with a letter, digit or '_', not '" + c + "'"
                : "tag '" + tag + "' has the character '" + c + "'");
      }
    }
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static InvalidInputException invalid(String shown, String problem) {
    // the text is the user's: a login in it is redacted, control characters are escaped
    return new InvalidInputException(
        SafeText.forDisplay("invalid image reference '" + shown + "': " + problem));
  }
}
