package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleImageFormatTest {
  private final SimpleImageFormat format = SimpleImageFormat.create();
  private final ImageSelector api = ImageSelector.of("ghcr.io/myorg/api");
  private final ImageReference image = TestImages.pinned("ghcr.io/myorg/api", "b1");

  @Test
  void errorsNameFileLineAndColumn() {
    assertThatThrownBy(() -> format.readImage(new OverlayFile("o.txt", "# ok\n\nimag: x\n"), api))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.location()).contains("o.txt:3:1"));
    assertThatThrownBy(
            () -> format.readImage(new OverlayFile("o.txt", "image:   Bad/Ref:@\n"), api))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.location()).contains("o.txt:1:10"));
    assertThatThrownBy(() -> format.readImage(new OverlayFile("o.txt", "image:x\n"), api))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.location()).contains("o.txt:1:7"));
  }

  @Test
  void aFileWithoutTheImageGetsALineInItsOwnStyle() {
    assertThat(format.writeImage(new OverlayFile("o", ""), api, image))
        .isEqualTo("image: " + image + "\n");
    assertThat(format.writeImage(new OverlayFile("o", "# c"), api, image))
        .isEqualTo("# c\nimage: " + image + "\n");
    assertThat(format.writeImage(new OverlayFile("o", "# c\r\n"), api, image))
        .isEqualTo("# c\r\nimage: " + image + "\r\n");
  }

  @Test
  void repositoriesMatchOnceNormalizedAndTrailingSpacesStay() {
    ImageSelector nginx = ImageSelector.of("docker.io/library/nginx");
    String content = "image: nginx:1.27   \n";
    assertThat(format.readImage(new OverlayFile("o", content), nginx)).isPresent();
    String written =
        format.writeImage(new OverlayFile("o", content), nginx, ImageReference.parse("nginx:1.28"));
    assertThat(written).isEqualTo("image: nginx:1.28   \n");
  }

  @Test
  void optionsAndByteOrderMarksAreRefused() {
    assertThatThrownBy(
            () ->
                format.readImage(
                    new OverlayFile("o", "image: x\n"),
                    new ImageSelector("ghcr.io/myorg/api", Map.of("key", "image.tag"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no options");
    assertThatThrownBy(() -> format.readImage(new OverlayFile("o", "\uFEFFimage: x\n"), api))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("byte order mark");
  }

  @Test
  void fileForMakesAFileTheFormatReads() {
    String content = SimpleImageFormat.fileFor("api in dev", image);
    assertThat(format.readImage(new OverlayFile("o", content), api)).contains(image);
    assertThat(format.id()).isEqualTo(SimpleImageFormat.ID);
  }
}
