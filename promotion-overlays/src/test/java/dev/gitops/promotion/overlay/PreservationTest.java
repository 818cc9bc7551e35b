package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What survives an edit, and what is refused, across the formats. */
class PreservationTest {
  static final String D1 = "sha256:" + "a".repeat(64);

  static String setImage(String content, String arg) {
    return KustomizeImages.apply(
            new OverlayFile("kustomization.yaml", content), KustomizeImageEdit.parse(arg))
        .content();
  }

  @Test
  void everythingAroundTheValueSurvives() {
    String before =
        """
        %YAML 1.2
        ---
        # leading comment 😀

        apiVersion: kustomize.config.k8s.io/v1beta1   # api
        kind: Kustomization
        commonLabels: {team: "ünïcødé 😀", tier: backend}
        patches:
          - patch: |-
              - op: replace
                path: /spec/replicas
                value: 1    # not a comment, block content
            target:
              kind: Deployment


        images:   # the images
          # the api, promoted by CI
          - name: ghcr.io/o/api # app
            newTag: "sha-1"    # <- this one

          - name: redis
            newTag: '7.2'
        ...
        """;
    String after = setImage(before, "ghcr.io/o/api:sha-2");
    assertThat(after).isEqualTo(before.replace("newTag: \"sha-1\"", "newTag: \"sha-2\""));
  }

  @Test
  void anchorsNobodyReusesAndStrTagsAreEditable() {
    assertThat(setImage("images:\n- name: a\n  newTag: &t v1\n", "a:v2"))
        .isEqualTo("images:\n- name: a\n  newTag: &t v2\n");
    assertThat(setImage("images:\n- name: a\n  newTag: !!str 1.0\n", "a:1.10"))
        .isEqualTo("images:\n- name: a\n  newTag: !!str 1.10\n");
    assertThatThrownBy(() -> setImage("images:\n- name: a\n  newTag: !custom v1\n", "a:v2"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.UNSUPPORTED_VALUE));
    assertThatThrownBy(() -> setImage("images:\n- name: a\n  newTag: |\n    v1\n", "a:v2"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.UNSUPPORTED_VALUE);
              assertThat(e.location()).contains("kustomization.yaml:3:11");
            });
  }

  @Test
  void nullValuesAreFilledIn() {
    assertThat(setImage("images:\n- name: a\n  newTag:\n", "a:v2"))
        .isEqualTo("images:\n- name: a\n  newTag: v2\n");
    assertThat(setImage("images: ~ # none yet\nresources: []\n", "a:v2"))
        .isEqualTo("images: # none yet\n- name: a\n  newTag: v2\nresources: []\n");
    assertThat(setImage("images:\n", "a:v2")).isEqualTo("images:\n- name: a\n  newTag: v2\n");
  }

  @Test
  void refusesFilesOverTheBoundAndMultipleDocuments() {
    OverlayFormat small = OverlayFormats.all(64).get(0);
    OverlayFile big = new OverlayFile("kustomization.yaml", "images:\n" + "# padding\n".repeat(10));
    assertThatThrownBy(() -> small.readImage(big, ImageSelector.of("a")))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.TOO_LARGE);
              assertThat(e.location()).contains("kustomization.yaml");
              assertThat(e.line()).isEmpty();
            });
    assertThatThrownBy(() -> setImage("images: []\n---\nimages: []\n", "a:v1"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.NOT_A_MAPPING);
              assertThat(e.location()).contains("kustomization.yaml:3:1");
            });
  }

  @Test
  void malformedYamlNamesTheSpot() {
    assertThatThrownBy(() -> setImage("images:\n- name: a\n\tnewTag: v1\n", "a:v2"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.MALFORMED_YAML);
              assertThat(e.line()).hasValue(3);
              assertThat(e.getMessage())
                  .startsWith("kustomization.yaml:3:")
                  .contains("malformed YAML");
            });
  }

  @Test
  void everyFormatRoundTrips() {
    ImageReference image = ImageReference.parse("ghcr.io/o/api:1.2.3@" + D1);
    List<Object[]> cases =
        List.of(
            new Object[] {
              "kustomize",
              "images:\n- name: ghcr.io/o/api\n  newTag: v1\n",
              ImageSelector.of("ghcr.io/o/api")
            },
            new Object[] {
              "helm",
              "image:\n  repository: ghcr.io/o/api\n  tag: v1\n",
              ImageSelector.of("ghcr.io/o/api")
            },
            new Object[] {
              "manifest",
              "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: ghcr.io/o/api:v1\n",
              ImageSelector.of("ghcr.io/o/api")
            },
            new Object[] {
              "flux",
              "image: ghcr.io/o/api:v1 # {\"$imagepolicy\": \"ns:api\"}\n",
              ImageSelector.of("ghcr.io/o/api")
            },
            new Object[] {"argocd-image-updater", "", ImageSelector.of("ghcr.io/o/api")});
    for (Object[] c : cases) {
      OverlayFormat format = OverlayFormats.byId((String) c[0]);
      OverlayFile file = new OverlayFile("f.yaml", (String) c[1]);
      ImageSelector selector = (ImageSelector) c[2];
      String written = format.writeImage(file, selector, image);
      assertThat(format.readImage(new OverlayFile("f.yaml", written), selector))
          .as(format.id())
          .contains(image);
      assertThat(format.writeImage(new OverlayFile("f.yaml", written), selector, image))
          .as(format.id() + " is idempotent")
          .isEqualTo(written);
    }
    assertThat(OverlayFormats.all())
        .extracting(OverlayFormat::id)
        .containsExactly("kustomize", "helm", "manifest", "flux", "argocd-image-updater");
  }

  @Test
  void kustomizeFormatKeepsNewNameWhenItIsTheSameRepository() {
    OverlayFormat k = OverlayFormats.kustomize();
    OverlayFile f =
        new OverlayFile("k.yaml", "images:\n- name: api\n  newName: ghcr.io/o/api\n  newTag: v1\n");
    assertThat(k.readImage(f, ImageSelector.of("api")))
        .contains(ImageReference.parse("ghcr.io/o/api:v1"));
    assertThat(
            k.writeImage(f, ImageSelector.of("api"), ImageReference.parse("ghcr.io/o/api@" + D1)))
        .isEqualTo("images:\n- name: api\n  newName: ghcr.io/o/api\n  digest: " + D1 + "\n");
    // a promotion never moves an application to another repository
    assertThatThrownBy(
            () ->
                k.writeImage(
                    f, ImageSelector.of("api"), ImageReference.parse("reg.io/mirror/api:v2")))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.INVALID_ARGUMENT);
              assertThat(e.getMessage())
                  .contains("not of the repository 'api' (nor of 'ghcr.io/o/api')");
            });
    // renaming is what set image arguments are for
    assertThat(
            KustomizeImages.apply(f, KustomizeImageEdit.parse("api=reg.io/mirror/api:v2"))
                .content())
        .isEqualTo("images:\n- name: api\n  newName: reg.io/mirror/api\n  newTag: v2\n");
    assertThat(
            k.writeImage(
                f, ImageSelector.of("nginx"), ImageReference.parse("docker.io/library/nginx:1.27")))
        .isEqualTo(f.content() + "- name: nginx\n  newTag: \"1.27\"\n");
  }
}
