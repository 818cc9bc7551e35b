package dev.gitops.promotion;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an application's image is set for one environment: a file in the config repository, the
 * {@link dev.gitops.promotion.spi.OverlayFormat} that reads and edits it, and format options (for
 * example the values key of a Helm chart's image).
 *
 * @param path the file's path relative to the repository root, with {@code /} separators
 * @param format the overlay format's id, for example {@code kustomize} or {@code helm}
 * @param options format-specific options, empty for most formats
 */
public record OverlayLocation(String path, String format, Map<String, String> options) {

  /** The format id of kustomization files. */
  public static final String KUSTOMIZE = "kustomize";

  /** Validates that the path is relative and stays inside the repository. */
  public OverlayLocation {
    Objects.requireNonNull(format, "format");
    options = Map.copyOf(options);
    checkPath(path);
  }

  /** A location with no options. */
  public static OverlayLocation of(String path, String format) {
    return new OverlayLocation(path, format, Map.of());
  }

  /** The seed's layout: {@code apps/<app>/overlays/<env>/kustomization.yaml}, kustomize format. */
  public static OverlayLocation seedLayout(String application, String environment) {
    return of(
        "apps/" + application + "/overlays/" + environment + "/kustomization.yaml", KUSTOMIZE);
  }

  /** The folder that holds the file, or the empty string at the root. */
  public String directory() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /**
   * Checks that a repository path is relative, normalized and cannot leave the repository.
   *
   * @throws InvalidInputException naming the path and the problem
   */
  public static String checkPath(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException("a repository path is empty");
    }
    if (path.startsWith("/") || hasDriveLetter(path) || path.contains("\\")) {
      throw new InvalidInputException(
          "path '" + path + "' must be relative to the repository root, with '/' separators");
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new InvalidInputException(
            "path '"
                + path
                + "' has an empty, '.' or '..' component; paths must stay inside the repository");
      }
      if (part.equals(".git")) {
        throw new InvalidInputException("path '" + path + "' points into .git");
      }
    }
    return path;
  }

  /**
   * The repository path that {@code relative}, written in the folder {@code directory}, names:
   * {@code .} and empty components dropped, {@code ..} resolved. The one path normaliser of the
   * project: kustomize references and symbolic-link targets go through it, and every path it
   * returns other than the root passes {@link #checkPath}.
   *
   * <pre>{@code
   * OverlayLocation.resolve("apps/api/overlays/dev", "../../base");   // "apps/api/base"
   * OverlayLocation.resolve("apps/api", "../..");                      // "" (the root folder)
   * OverlayLocation.resolve("apps", "../../etc");                      // empty: leaves the root
   * }</pre>
   *
   * @param directory a repository folder, {@code ""} for the root
   * @param relative a path relative to that folder, with {@code /} separators
   * @return the normalised path ({@code ""} for the root folder itself), or empty when {@code
   *     relative} is absolute, holds a {@code \}, climbs above the root, or names something in
   *     {@code .git}
   */
  public static Optional<String> resolve(String directory, String relative) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(relative, "relative");
    if (relative.startsWith("/") || hasDriveLetter(relative) || relative.contains("\\")) {
      return Optional.empty();
    }
    Deque<String> parts = new ArrayDeque<>();
    String joined = directory.isEmpty() ? relative : directory + "/" + relative;
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else if (part.equals(".git")) {
        return Optional.empty();
      } else {
        parts.addLast(part);
      }
    }
    return Optional.of(String.join("/", parts));
  }

  /** Whether {@code path} is absolute on some system: a leading {@code /} or a drive letter. */
  public static boolean isAbsolute(String path) {
    return path.startsWith("/") || hasDriveLetter(path);
  }

  private static boolean hasDriveLetter(String path) {
    return path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0));
  }
}
