package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OverlayFormat} must have. Extend it in a test and give it the format
 * and sample files:
 *
 * <pre>{@code
 * class KustomizeImagesContractTest extends OverlayFormatContract {
 *   protected OverlayFormat subject() { return KustomizeImages.create(); }
 *   protected String fileSetting(ImageReference image) {
 *     return "# production overlay\nimages:\n- name: " + image.name()
 *         + "\n  digest: " + image.digest().orElseThrow() + "  # pinned\n";
 *   }
 *   protected List<OverlayFile> malformedFiles() { ... }
 * }
 * }</pre>
 *
 * <p>What it pins down: a stable id; reading back the image a file sets, and nothing for another
 * repository; {@code read(write(f, i)) == i}; a write changes only the bytes of the value (no line
 * is added, removed or reflowed when the image is already set, so comments and the rest of the file
 * stay byte-for-byte); writes are idempotent and a write of the image already set changes nothing;
 * CRLF files stay CRLF; writing another repository's image and reading malformed files are refused
 * with {@link InvalidInputException} naming the file (and {@code file:line:col} where the format
 * can tell); formats are pure (the same input gives the same output).
 */
public abstract class OverlayFormatContract {

  /** The repository of the sample images. */
  protected static final String REPOSITORY = "ghcr.io/myorg/api-service";

  /** The format under test. */
  protected abstract OverlayFormat subject();

  /**
   * A file of this format that sets {@code image} (a pinned reference of {@link #REPOSITORY}) for
   * the selector {@link #selector()}, with at least one comment or other content around it, ending
   * with a newline, and using {@code \n} line endings.
   */
  protected abstract String fileSetting(ImageReference image);

  /**
   * Files this format must refuse to read (or, when reading passes, to write), each with
   * InvalidInputException naming the file.
   */
  protected abstract List<OverlayFile> malformedFiles();

  /** The selector of the sample images; by default the repository name with no options. */
  protected ImageSelector selector() {
    return ImageSelector.of(REPOSITORY);
  }

  /** A file path for the samples. */
  protected String path() {
    return "apps/api-service/overlays/staging/overlay";
  }

  /** Whether files with CRLF line endings are supported; true unless overridden. */
  protected boolean supportsCrlf() {
    return true;
  }

  /** A pinned image of {@link #REPOSITORY} made from {@code label}. */
  protected static ImageReference image(String label) {
    return TestImages.pinned(REPOSITORY, label);
  }

  private OverlayFile file(String content) {
    return new OverlayFile(path(), content);
  }

  @Test
  void theIdIsStableAndSafe() {
    OverlayFormat f = subject();
    assertThat(f.id()).matches("[a-z0-9][a-z0-9-]*");
    assertThat(subject().id()).isEqualTo(f.id());
  }

  @Test
  void readsTheImageAFileSets() {
    ImageReference image = image("build-1");
    Optional<ImageReference> read = subject().readImage(file(fileSetting(image)), selector());
    assertThat(read).isPresent();
    assertThat(read.get().digest()).isEqualTo(image.digest());
    assertThat(read.get().sameRepository(image)).isTrue();
  }

  @Test
  void readsNothingForAnotherRepository() {
    String content = fileSetting(image("build-1"));
    assertThat(
            subject()
                .readImage(file(content), ImageSelector.of("registry.invalid/other/unrelated")))
        .isEmpty();
  }

  @Test
  void whatIsWrittenReadsBack() {
    SplittableRandom random = new SplittableRandom(20251114L);
    String content = fileSetting(image("build-0"));
    for (int i = 1; i <= 25; i++) {
      ImageReference next = image("build-" + random.nextLong());
      content = subject().writeImage(file(content), selector(), next);
      Optional<ImageReference> read = subject().readImage(file(content), selector());
      assertThat(read).as("after writing %s", next).isPresent();
      assertThat(read.get().digest()).isEqualTo(next.digest());
    }
  }

  @Test
  void aWriteChangesOnlyTheBytesOfTheValue() {
    ImageReference from = image("build-1");
    ImageReference to = image("build-2");
    String before = fileSetting(from);
    String after = subject().writeImage(file(before), selector(), to);

    int prefix = 0;
    while (prefix < before.length()
        && prefix < after.length()
        && before.charAt(prefix) == after.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < before.length() - prefix
        && suffix < after.length() - prefix
        && before.charAt(before.length() - 1 - suffix)
            == after.charAt(after.length() - 1 - suffix)) {
      suffix++;
    }
    String removed = before.substring(prefix, before.length() - suffix);
    String inserted = after.substring(prefix, after.length() - suffix);
    assertThat(removed).as("removed bytes").doesNotContain("\n");
    assertThat(inserted).as("inserted bytes").doesNotContain("\n");
    assertThat(after.lines().count()).isEqualTo(before.lines().count());
    assertThat(after).contains(to.digest().orElseThrow().hex());
    assertThat(after).doesNotContain(from.digest().orElseThrow().hex());
  }

  @Test
  void writingTheImageAlreadySetChangesNothingAndWritesAreIdempotent() {
    ImageReference image = image("build-1");
    String content = fileSetting(image);
    assertThat(subject().writeImage(file(content), selector(), image)).isEqualTo(content);

    ImageReference next = image("build-2");
    String once = subject().writeImage(file(content), selector(), next);
    assertThat(subject().writeImage(file(once), selector(), next)).isEqualTo(once);
  }

  @Test
  void crlfFilesStayCrlf() {
    Assumptions.assumeTrue(supportsCrlf(), "this format does not support CRLF files");
    String crlf = fileSetting(image("build-1")).replace("\n", "\r\n");
    String after = subject().writeImage(file(crlf), selector(), image("build-2"));
    assertThat(after.replace("\r\n", "")).as("no bare line feed").doesNotContain("\n");
    assertThat(subject().readImage(file(after), selector()).orElseThrow().digest())
        .isEqualTo(image("build-2").digest());
  }

  @Test
  void writingAnotherRepositorysImageIsRefused() {
    String content = fileSetting(image("build-1"));
    ImageReference stranger = TestImages.pinned("registry.invalid/other/unrelated", "build-1");
    assertThatThrownBy(() -> subject().writeImage(file(content), selector(), stranger))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void malformedFilesAreRefusedNamingTheFile() {
    List<OverlayFile> bad = malformedFiles();
    assertThat(bad).as("malformedFiles() gives at least one sample").isNotEmpty();
    for (OverlayFile f : bad) {
      assertThatThrownBy(
              () -> {
                subject().readImage(f, selector());
                subject().writeImage(f, selector(), image("build-9"));
              })
          .as(f.path())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(f.path());
    }
  }

  @Test
  void theFormatIsPure() {
    String content = fileSetting(image("build-1"));
    String a = subject().writeImage(file(content), selector(), image("build-2"));
    String b = subject().writeImage(file(content), selector(), image("build-2"));
    assertThat(a).isEqualTo(b);
    assertThat(subject().readImage(file(content), selector()))
        .isEqualTo(subject().readImage(file(content), selector()));
  }
}
