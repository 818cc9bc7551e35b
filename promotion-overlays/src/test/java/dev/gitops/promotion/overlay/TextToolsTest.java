package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextToolsTest {
  @TempDir Path dir;

  @Test
  void unifiedDiffMatchesDiffU() {
    String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    String after = "a\nb\nc\nD\ne\nf\ng\nh\ni";
    assertThat(UnifiedDiff.of("a/f", "b/f", before, after, 1))
        .isEqualTo(
            "--- a/f\n+++ b/f\n@@ -3,3 +3,3 @@\n c\n-d\n+D\n e\n@@ -8 +8,2 @@\n h\n+i\n"
                + "\\ No newline at end of file\n");
    assertThat(UnifiedDiff.of("a", "b", "x\n", "x\n", 3)).isEmpty();
    assertThat(UnifiedDiff.of("a", "b", "", "new\n", 3))
        .isEqualTo("--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
  }

  @Test
  void atomicWriteReplacesContentAndKeepsPermissions() throws Exception {
    Path file = dir.resolve("kustomization.yaml");
    Files.writeString(file, "old\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    AtomicFileWriter.write(file, "\uFEFFnew\r\n");
    assertThat(Files.readAllBytes(file))
        .isEqualTo("\uFEFFnew\r\n".getBytes(StandardCharsets.UTF_8));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void aFailedWriteLeavesTheTargetAlone() throws Exception {
    Path target = dir.resolve("sub");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep"), "x");
    // moving a file over a non-empty directory fails: the directory stays, no temp file remains
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicFileWriter.write(target, "data"))
        .isInstanceOf(dev.gitops.promotion.RemoteUnavailableException.class)
        .hasMessageContaining("the file was not changed");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(target);
    }
    assertThat(Files.readString(target.resolve("keep"))).isEqualTo("x");
  }
}
