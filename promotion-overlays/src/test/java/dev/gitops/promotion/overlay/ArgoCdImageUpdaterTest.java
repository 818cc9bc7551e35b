package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgoCdImageUpdaterTest {
  static final String D1 = "sha256:" + "a".repeat(64);
  final OverlayFormat format = OverlayFormats.argoCdImageUpdater();

  static OverlayFile file(String content) {
    return new OverlayFile("apps/api/" + ArgoCdSourceFiles.fileName("api"), content);
  }

  @Test
  void namesFilesAsImageUpdaterDoes() {
    assertThat(ArgoCdSourceFiles.fileName("api")).isEqualTo(".argocd-source-api.yaml");
    assertThat(ArgoCdSourceFiles.fileName("api", "team-a", "argocd"))
        .isEqualTo(".argocd-source-team-a_api.yaml");
    assertThat(ArgoCdSourceFiles.fileName("api", "argocd", "argocd"))
        .isEqualTo(".argocd-source-api.yaml");
    assertThat(ArgoCdSourceFiles.fileName("api", "team-a", "default"))
        .isEqualTo(".argocd-source-api.yaml");
    assertThat(ArgoCdSourceFiles.isOverrideFile("x/.argocd-source-api.yaml")).isTrue();
    assertThat(ArgoCdSourceFiles.isOverrideFile("x/values.yaml")).isFalse();
  }

  @Test
  void kustomizeImagesAreReplacedInPlaceAndNewOnesAppended() {
    String before = "kustomize:\n  images:\n  - ghcr.io/o/web:2.0 # web\n  - ghcr.io/o/api:1.0\n";
    ImageSelector api = ImageSelector.of("ghcr.io/o/api");
    assertThat(format.readImage(file(before), api))
        .contains(ImageReference.parse("ghcr.io/o/api:1.0"));
    assertThat(
            format.writeImage(file(before), api, ImageReference.parse("ghcr.io/o/api:1.1@" + D1)))
        .isEqualTo(before.replace("- ghcr.io/o/api:1.0", "- ghcr.io/o/api:1.1@" + D1));
    assertThat(
            format.writeImage(
                file(before),
                ImageSelector.of("ghcr.io/o/db"),
                ImageReference.parse("ghcr.io/o/db:3")))
        .isEqualTo(before + "  - ghcr.io/o/db:3\n");
    String aliased = "kustomize:\n  images:\n  - api=ghcr.io/o/api:1.0\n";
    assertThat(format.readImage(file(aliased), ImageSelector.of("api")))
        .contains(ImageReference.parse("ghcr.io/o/api:1.0"));
    assertThat(
            format.writeImage(
                file(aliased), ImageSelector.of("api"), ImageReference.parse("ghcr.io/o/api:2.0")))
        .isEqualTo("kustomize:\n  images:\n  - api=ghcr.io/o/api:2.0\n");
  }

  @Test
  void anEmptyFileIsCreated() {
    assertThat(
            format.writeImage(
                file(""),
                ImageSelector.of("ghcr.io/o/api"),
                ImageReference.parse("ghcr.io/o/api@" + D1)))
        .isEqualTo("kustomize:\n  images:\n  - ghcr.io/o/api@" + D1 + "\n");
    assertThat(format.readImage(file(""), ImageSelector.of("ghcr.io/o/api"))).isEmpty();
    ImageSelector helm = new ImageSelector("ghcr.io/o/api", Map.of("mode", "helm"));
    assertThat(format.writeImage(file(""), helm, ImageReference.parse("ghcr.io/o/api:1.2@" + D1)))
        .isEqualTo(
            "helm:\n  parameters:\n  - name: image.name\n    value: ghcr.io/o/api\n    forcestring: true\n"
                + "  - name: image.tag\n    value: 1.2@"
                + D1
                + "\n    forcestring: true\n");
  }

  @Test
  void helmParametersAreUpdatedAndNewOnesGoInNameOrder() {
    String before =
        "helm:\n  parameters:\n    - name: image.name\n      value: ghcr.io/o/api\n      forcestring: true\n"
            + "    - name: replicas\n      value: \"3\"\n      forcestring: true\n";
    ImageSelector helm = ImageSelector.of("ghcr.io/o/api");
    assertThat(format.readImage(file(before), helm))
        .contains(ImageReference.parse("ghcr.io/o/api"));
    String after = format.writeImage(file(before), helm, ImageReference.parse("ghcr.io/o/api:1.2"));
    assertThat(after)
        .isEqualTo(
            "helm:\n  parameters:\n    - name: image.name\n      value: ghcr.io/o/api\n      forcestring: true\n"
                + "    - name: image.tag\n      value: \"1.2\"\n      forcestring: true\n"
                + "    - name: replicas\n      value: \"3\"\n      forcestring: true\n");
    assertThat(format.readImage(file(after), helm))
        .contains(ImageReference.parse("ghcr.io/o/api:1.2"));
    ImageSelector spec = new ImageSelector("ghcr.io/o/api", Map.of("helmImageSpec", "api.image"));
    assertThat(format.writeImage(file(after), spec, ImageReference.parse("ghcr.io/o/api:1.3")))
        .startsWith(
            "helm:\n  parameters:\n    - name: api.image\n      value: ghcr.io/o/api:1.3\n");
  }

  @Test
  void refusesDuplicateParameters() {
    String dup =
        "helm:\n  parameters:\n  - name: image.tag\n    value: a\n  - name: image.tag\n    value: b\n";
    assertThatThrownBy(() -> format.readImage(file(dup), ImageSelector.of("x")))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.DUPLICATE_IMAGE);
              assertThat(e.location()).contains("apps/api/.argocd-source-api.yaml:5:5");
            });
  }
}
