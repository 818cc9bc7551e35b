package dev.gitops.promotion.overlay;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads files of a config repository by repository-relative path, for {@link BlastRadius}. A
 * functional interface: any {@code path -> Optional<String>} works.
 */
@FunctionalInterface
public interface RepositoryFiles {

  /**
   * The content of the file at {@code path} (relative, {@code /}-separated), or empty when there is
   * no such file.
   */
  Optional<String> read(String path);

  /** The files of {@code repository} at {@code revision}. */
  static RepositoryFiles of(ConfigRepository repository, Revision revision) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(revision, "revision");
    return path -> repository.readFile(revision, path);
  }

  /**
   * The files under a working-tree directory, read as UTF-8.
   *
   * @throws RemoteUnavailableException from {@link #read(String)} when a file exists but cannot be
   *     read, and {@link InvalidInputException} when it is not UTF-8
   */
  static RepositoryFiles directory(Path root) {
    Objects.requireNonNull(root, "root");
    return path -> {
      try {
        OverlayLocation.checkPath(path);
      } catch (InvalidInputException e) {
        return Optional.empty();
      }
      Path file = root.resolve(path);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new InvalidInputException("the file is not valid UTF-8", path, e);
      } catch (IOException e) {
        throw new RemoteUnavailableException(
            String.valueOf(root), -1, false, "cannot read " + file + ": " + e.getMessage(), e);
      }
    };
  }
}
