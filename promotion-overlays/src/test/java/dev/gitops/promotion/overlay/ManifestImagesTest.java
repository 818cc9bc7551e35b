package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestImagesTest {
  static final String D1 = "sha256:" + "a".repeat(64);

  static final String MANIFESTS =
      """
      %YAML 1.2
      ---
      # the api
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api}
      spec:
        template:
          spec:
            initContainers:
              - name: migrate
                image: ghcr.io/o/api:1.0 # same image
            containers:
              - name: api
                image: "ghcr.io/o/api:1.0"
              - name: proxy
                image: envoyproxy/envoy:v1.30
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: report
      spec:
        jobTemplate:
          spec:
            template:
              spec:
                containers:
                - name: report
                  image: ghcr.io/o/api:1.0
      ---
      kind: Pod
      metadata:
        name: debug
      spec:
        containers: []
        ephemeralContainers:
        - name: shell
          image: ghcr.io/o/api-debug:1.0
      ...
      """;

  static OverlayFile file() {
    return new OverlayFile("base/all.yaml", MANIFESTS);
  }

  @Test
  void listsEveryContainerImageWithItsPlace() {
    assertThat(ManifestImages.list(file()))
        .extracting(
            ManifestImage::kind,
            ManifestImage::list,
            ManifestImage::container,
            ManifestImage::image)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Deployment", "initContainers", "migrate", "ghcr.io/o/api:1.0"),
            org.assertj.core.groups.Tuple.tuple(
                "Deployment", "containers", "api", "ghcr.io/o/api:1.0"),
            org.assertj.core.groups.Tuple.tuple(
                "Deployment", "containers", "proxy", "envoyproxy/envoy:v1.30"),
            org.assertj.core.groups.Tuple.tuple(
                "CronJob", "containers", "report", "ghcr.io/o/api:1.0"),
            org.assertj.core.groups.Tuple.tuple(
                "Pod", "ephemeralContainers", "shell", "ghcr.io/o/api-debug:1.0"));
    assertThat(ManifestImages.list(file()).get(1).location()).isEqualTo("base/all.yaml:15:18");
  }

  @Test
  void setImageRewritesEveryMatchingImageOnly() {
    EditResult r =
        ManifestImages.apply(file(), KustomizeImageEdit.parse("ghcr.io/o/api=*:*@" + D1));
    assertThat(r.content())
        .isEqualTo(
            MANIFESTS
                .replace(
                    "image: ghcr.io/o/api:1.0 # same", "image: ghcr.io/o/api:1.0@" + D1 + " # same")
                .replace("image: \"ghcr.io/o/api:1.0\"", "image: \"ghcr.io/o/api:1.0@" + D1 + "\"")
                .replace(
                    "          image: ghcr.io/o/api:1.0\n",
                    "          image: ghcr.io/o/api:1.0@" + D1 + "\n"));
    assertThat(r.changes()).hasSize(3);
    assertThat(r.content()).contains("image: ghcr.io/o/api-debug:1.0");
  }

  @Test
  void transformFollowsKustomize() {
    String img = "nginx:1.7@" + D1;
    assertThat(ManifestImages.transform(KustomizeImageEdit.parse("nginx=r/nginx"), img))
        .isEqualTo("r/nginx:1.7@" + D1);
    assertThat(ManifestImages.transform(KustomizeImageEdit.parse("nginx:1.8"), img))
        .isEqualTo("nginx:1.8");
    assertThat(ManifestImages.transform(KustomizeImageEdit.parse("nginx@" + D1), "nginx:1.7"))
        .isEqualTo("nginx@" + D1);
    assertThat(ManifestImages.transform(KustomizeImageEdit.parse("nginx="), img)).isEqualTo(img);
    assertThat(ManifestImages.transform(KustomizeImageEdit.parse("nginx=*:1.9"), img))
        .isEqualTo("nginx:1.9");
  }

  @Test
  void theFormatReadsAndWritesByRepository() {
    var format = OverlayFormats.manifest();
    ImageSelector api = ImageSelector.of("ghcr.io/o/api");
    assertThat(format.readImage(file(), api)).contains(ImageReference.parse("ghcr.io/o/api:1.0"));
    String after = format.writeImage(file(), api, ImageReference.parse("ghcr.io/o/api:2.0@" + D1));
    assertThat(after).contains("image: ghcr.io/o/api:2.0@" + D1 + " # same image");
    assertThat(after).contains("image: \"ghcr.io/o/api:2.0@" + D1 + "\"");
    assertThat(format.readImage(new OverlayFile("x.yaml", after), api))
        .contains(ImageReference.parse("ghcr.io/o/api:2.0@" + D1));
    assertThat(format.readImage(file(), ImageSelector.of("ghcr.io/o/none"))).isEmpty();
    // the container option narrows it
    String one =
        format.writeImage(
            file(),
            new ImageSelector("ghcr.io/o/api", Map.of("container", "migrate")),
            ImageReference.parse("ghcr.io/o/api:3.0"));
    assertThat(one)
        .contains("image: ghcr.io/o/api:3.0 # same image")
        .contains("image: \"ghcr.io/o/api:1.0\"");
    assertThatThrownBy(() -> format.readImage(new OverlayFile("x.yaml", one), api))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.DUPLICATE_IMAGE));
  }

  @Test
  void refusesDocumentsThatAreNotObjects() {
    assertThatThrownBy(
            () -> ManifestImages.list(new OverlayFile("x.yaml", "kind: Pod\n---\n- a\n")))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.NOT_A_MAPPING);
              assertThat(e.location()).contains("x.yaml:3:1");
            });
  }
}
