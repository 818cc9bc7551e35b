package dev.gitops.promotion.overlay;

import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.SafeText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces a file's content all at once: the new bytes go to a temporary file in the same
 * directory, are flushed to disk, and the temporary file is moved over the target. A reader sees
 * the old content or the new, never a half-written file; on failure the target is untouched and the
 * temporary file is removed. The target keeps its POSIX permissions.
 */
public final class AtomicFileWriter {
  private AtomicFileWriter() {}

  /**
   * Writes {@code content} as UTF-8 (no BOM is added; a BOM in the content is kept).
   *
   * @throws RemoteUnavailableException naming the file and the reason when it cannot be written;
   *     the target is then unchanged
   */
  public static void write(Path target, String content) {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code bytes}.
   *
   * @throws RemoteUnavailableException naming the file and the reason when it cannot be written;
   *     the target is then unchanged
   */
  public static void write(Path target, byte[] bytes) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bytes, "bytes");
    try {
      replace(target, bytes);
    } catch (IOException e) {
      throw new RemoteUnavailableException(
          target.toString(),
          -1,
          false,
          "cannot write "
              + SafeText.escapeControls(target.toString())
              + ": "
              + SafeText.escapeControls(String.valueOf(e.getMessage()))
              + " ("
              + e.getClass().getSimpleName()
              + "); the file was not changed",
          e);
    }
  }

  private static void replace(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Set<PosixFilePermission> permissions = null;
    if (Files.exists(absolute)
        && Files.getFileAttributeView(absolute, PosixFileAttributeView.class) != null) {
      permissions = Files.getPosixFilePermissions(absolute);
    }
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (permissions != null) {
        Files.setPosixFilePermissions(temp, permissions);
      }
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }
}
