package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmValuesTest {
  static final String D1 = "sha256:" + "a".repeat(64);
  static final String D2 = "sha256:" + "b".repeat(64);

  static OverlayFile values(String content) {
    return new OverlayFile("charts/api/values.yaml", content);
  }

  static String set(String content, HelmImageKeys keys, String image) {
    return HelmValues.set(values(content), keys, ImageReference.parse(image)).content();
  }

  @Test
  void helmCreateShapePutsTheDigestIntoTheTag() {
    String before =
        """
        replicaCount: 1
        image:
          repository: ghcr.io/myorg/api
          pullPolicy: IfNotPresent
          # Overrides the image tag whose default is the chart appVersion.
          tag: "1.4.2"
        """;
    assertThat(set(before, HelmImageKeys.defaults(), "ghcr.io/myorg/api:1.4.3@" + D1))
        .isEqualTo(before.replace("\"1.4.2\"", "\"1.4.3@" + D1 + "\""));
    // digest only: the tag part stays
    assertThat(set(before, HelmImageKeys.defaults(), "ghcr.io/myorg/api@" + D1))
        .isEqualTo(before.replace("\"1.4.2\"", "\"1.4.2@" + D1 + "\""));
    // empty tag and a digest: latest@digest, as Argo CD Image Updater writes it
    assertThat(
            set("image:\n  repository: a/b\n  tag: \"\"\n", HelmImageKeys.defaults(), "a/b@" + D1))
        .isEqualTo("image:\n  repository: a/b\n  tag: \"latest@" + D1 + "\"\n");
    assertThat(
            HelmValues.read(
                values(before.replace("1.4.2", "1.4.2@" + D1)), HelmImageKeys.defaults()))
        .contains(ImageReference.parse("ghcr.io/myorg/api:1.4.2@" + D1));
  }

  @Test
  void digestKeyIsSetAndTheTagKept() {
    String before =
        "image:\n  repository: ghcr.io/myorg/api\n  tag: v1 # human readable\n  digest: \"\"\n";
    assertThat(set(before, HelmImageKeys.defaults(), "ghcr.io/myorg/api@" + D1))
        .isEqualTo(
            "image:\n  repository: ghcr.io/myorg/api\n  tag: v1 # human readable\n  digest: \""
                + D1
                + "\"\n");
    // a tag without a digest clears the digest, which would otherwise win
    String pinned = before.replace("\"\"", D1);
    assertThat(set(pinned, HelmImageKeys.defaults(), "ghcr.io/myorg/api:v2"))
        .isEqualTo(
            "image:\n  repository: ghcr.io/myorg/api\n  tag: v2 # human readable\n  digest: \"\"\n");
  }

  @Test
  void standardShapeAddsADigestKeyWhenAsked() {
    String before = "image:\n    repository: a/b\n    tag: '1.0'\n    pullPolicy: Always\n";
    assertThat(
            set(
                before,
                HelmImageKeys.defaults().withShape(HelmImageKeys.Shape.STANDARD),
                "a/b:1.0@" + D1))
        .isEqualTo(
            "image:\n    repository: a/b\n    tag: '1.0'\n    digest: '"
                + D1
                + "'\n    pullPolicy: Always\n");
  }

  @Test
  void bitnamiShapeSplitsTheRegistry() {
    String before =
        "image:\n  registry: docker.io\n  repository: bitnami/nginx\n  tag: 1.25.3-debian-11-r1\n  digest: \"\"\n";
    HelmImageKeys keys = HelmImageKeys.defaults();
    assertThat(HelmValues.read(values(before), keys))
        .contains(ImageReference.parse("docker.io/bitnami/nginx:1.25.3-debian-11-r1"));
    assertThat(set(before, keys, "bitnami/nginx@" + D1))
        .isEqualTo(before.replace("digest: \"\"", "digest: \"" + D1 + "\""));
    assertThat(set(before, keys, "registry.example.com/mirror/nginx:1.26@" + D1))
        .isEqualTo(
            "image:\n  registry: registry.example.com\n  repository: mirror/nginx\n  tag: \"1.26\"\n  digest: \""
                + D1
                + "\"\n");
  }

  @Test
  void nestedPerComponentAndLiteralDottedKeys() {
    String before =
        "api:\n  image:\n    repository: ghcr.io/o/api\n    tag: v1\nworker:\n  image:\n    repository: ghcr.io/o/worker\n    tag: v1\n";
    assertThat(set(before, HelmImageKeys.of("worker.image"), "ghcr.io/o/worker:v2"))
        .isEqualTo(before.replace("worker\n    tag: v1", "worker\n    tag: v2"));
    String dotted =
        "image.repository: a/b\nimage:\n  tag: v1\napi.image:\n  repository: c/d\n  tag: v3\n";
    assertThat(HelmValues.read(values(dotted), HelmImageKeys.of("api.image")))
        .contains(ImageReference.parse("c/d:v3"));
  }

  @Test
  void aStringValueIsOneImage() {
    assertThat(
            set(
                "image: ghcr.io/o/api:v1 # pinned\n",
                HelmImageKeys.defaults(),
                "ghcr.io/o/api@" + D1))
        .isEqualTo("image: ghcr.io/o/api:v1@" + D1 + " # pinned\n");
  }

  @Test
  void missingKeysAreCreatedInTheFilesIndentation() {
    String before = "replicaCount: 2\nresources:\n    limits:\n        cpu: 1\n";
    assertThat(set(before, HelmImageKeys.of("api.image"), "ghcr.io/o/api:1.2"))
        .isEqualTo(
            before + "api:\n    image:\n        repository: ghcr.io/o/api\n        tag: \"1.2\"\n");
    assertThat(set("", HelmImageKeys.defaults(), "ghcr.io/o/api@" + D1))
        .isEqualTo("image:\n  repository: ghcr.io/o/api\n  tag: latest@" + D1 + "\n");
    assertThat(set("image:\n  pullPolicy: Always\n", HelmImageKeys.defaults(), "a/b:v1"))
        .isEqualTo("image:\n  pullPolicy: Always\n  repository: a/b\n  tag: v1\n");
  }

  @Test
  void applyTakesSetImageArguments() {
    String before = "image:\n  repository: ghcr.io/o/api\n  tag: v1\n  digest: \"\"\n";
    assertThat(
            HelmValues.apply(
                    values(before),
                    HelmImageKeys.defaults(),
                    KustomizeImageEdit.parse("ghcr.io/o/api=*:*@" + D1))
                .content())
        .isEqualTo(before.replace("digest: \"\"", "digest: \"" + D1 + "\""));
    assertThat(
            HelmValues.apply(
                    values(before),
                    HelmImageKeys.defaults(),
                    KustomizeImageEdit.parse("ghcr.io/o/api=reg.io/api:v2"))
                .content())
        .isEqualTo("image:\n  repository: reg.io/api\n  tag: v2\n  digest: \"\"\n");
    assertThatThrownBy(
            () ->
                HelmValues.apply(
                    values(before),
                    HelmImageKeys.defaults(),
                    KustomizeImageEdit.parse("other=x:v2")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has the repository 'ghcr.io/o/api', not 'other'");
  }

  @Test
  void refusesAnchoredAndAliasedValues() {
    String anchored = "image: &img\n  repository: a/b\n  tag: v1\nsidecar:\n  image: *img\n";
    assertThatThrownBy(() -> set(anchored, HelmImageKeys.defaults(), "a/b:v2"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.ANCHOR);
              assertThat(e.getMessage())
                  .startsWith("charts/api/values.yaml:3:8: ")
                  .contains("*img");
            });
    assertThatThrownBy(() -> set(anchored, HelmImageKeys.of("sidecar.image"), "a/b:v2"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.ALIAS));
    String merged = "base: &b\n  repository: a/b\n  tag: v1\nimage:\n  <<: *b\n";
    assertThatThrownBy(() -> set(merged, HelmImageKeys.defaults(), "a/b:v2"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.ALIAS));
  }

  @Test
  void theFormatTakesItsKeysFromTheOptions() {
    OverlayFormat helm = OverlayFormats.helm();
    OverlayFile file = values("web:\n  img:\n    name: a/web\n    version: v1\n");
    ImageSelector selector =
        new ImageSelector(
            "a/web",
            Map.of(
                HelmImageKeys.KEY,
                "web.img",
                HelmImageKeys.REPOSITORY_KEY,
                "name",
                HelmImageKeys.TAG_KEY,
                "version"));
    assertThat(helm.readImage(file, selector)).contains(ImageReference.parse("a/web:v1"));
    assertThat(helm.writeImage(file, selector, ImageReference.parse("a/web:v2@" + D2)))
        .isEqualTo("web:\n  img:\n    name: a/web\n    version: v2@" + D2 + "\n");
    assertThat(
            HelmImageKeys.fromOptions(
                HelmImageKeys.of("x.y").withShape(HelmImageKeys.Shape.TAG_DIGEST).toOptions()))
        .isEqualTo(HelmImageKeys.of("x.y").withShape(HelmImageKeys.Shape.TAG_DIGEST));
    assertThatThrownBy(() -> HelmImageKeys.fromOptions(Map.of(HelmImageKeys.SHAPE, "weird")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown Helm image shape 'weird'");
  }
}
