package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KustomizeImagesTest {
  static final String D1 = "sha256:" + "a".repeat(64);
  static final String D2 = "sha256:" + "b".repeat(64);

  static EditResult apply(String content, String... args) {
    KustomizeImageEdit[] edits = new KustomizeImageEdit[args.length];
    for (int i = 0; i < args.length; i++) {
      edits[i] = KustomizeImageEdit.parse(args[i]);
    }
    return KustomizeImages.apply(new OverlayFile("k/kustomization.yaml", content), edits);
  }

  @Test
  void setsADigestReplacingTheTagAndKeepingEverythingElse() {
    String before =
        """
        # dev overlay
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - ../../base   # the base

        images:
          - name: ghcr.io/myorg/api
            newTag: sha-abc1234 # <-- CI updates this
          - name: redis
            newTag: "7.2"
        """;
    EditResult r = apply(before, "ghcr.io/myorg/api@" + D1);
    assertThat(r.content())
        .isEqualTo(
            """
            # dev overlay
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base   # the base

            images:
              - name: ghcr.io/myorg/api
                digest: %s
              - name: redis
                newTag: "7.2"
            """
                .formatted(D1));
    assertThat(r.changes())
        .extracting(EditResult.Change::field)
        .containsExactly("images[ghcr.io/myorg/api].newTag", "images[ghcr.io/myorg/api].digest");
  }

  @Test
  void replacesOnlyTheValueBytesWhenTheKeyExists() {
    String before = "images:\n- name: app # the app\n  newTag: v1  # tag\n  digest: " + D1 + "\n";
    EditResult r = apply(before, "app:v2@" + D2);
    assertThat(r.content())
        .isEqualTo("images:\n- name: app # the app\n  newTag: v2  # tag\n  digest: " + D2 + "\n");
  }

  @Test
  void starKeepsTheTagAndAddsTheDigestAfterIt() {
    String before = "images:\n  - name: app\n    newName: reg.io/app\n    newTag: \"1.0\"\n";
    EditResult r = apply(before, "app=*:*@" + D1);
    assertThat(r.content())
        .isEqualTo(
            "images:\n  - name: app\n    newName: reg.io/app\n    newTag: \"1.0\"\n    digest: "
                + D1
                + "\n");
  }

  @Test
  void quotesNewValuesThatWouldReadAsNumbersAndKeepsQuoteStyles() {
    assertThat(apply("images:\n- name: app\n  newTag: v1\n", "app:1.10").content())
        .isEqualTo("images:\n- name: app\n  newTag: \"1.10\"\n");
    assertThat(apply("images:\n- name: app\n  newTag: 'v1'\n", "app:1.10").content())
        .isEqualTo("images:\n- name: app\n  newTag: '1.10'\n");
    assertThat(apply("images:\n- name: app\n  newTag: \"1.10\"\n", "app:v2").content())
        .isEqualTo("images:\n- name: app\n  newTag: \"v2\"\n");
    assertThat(apply("images:\n- name: app\n  newTag: v1\n", "app:true").content())
        .isEqualTo("images:\n- name: app\n  newTag: \"true\"\n");
    assertThat(apply("images:\n- name: app\n  newTag: v1\n", "app:0x1F").content())
        .isEqualTo("images:\n- name: app\n  newTag: \"0x1F\"\n");
  }

  @Test
  void appendsANewEntryInTheStyleOfTheOneBefore() {
    String before =
        "images:\n    -   name: a   # first\n        newTag: \"1\"\nresources:\n- x.yaml\n";
    EditResult r = apply(before, "b:v2");
    assertThat(r.content())
        .isEqualTo(
            "images:\n    -   name: a   # first\n        newTag: \"1\"\n    -   name: b\n"
                + "        newTag: \"v2\"\nresources:\n- x.yaml\n");
  }

  @Test
  void createsTheImagesListInTheFilesSequenceIndentation() {
    String indented = "resources:\n  - ../base\n# trailing comment\n";
    assertThat(apply(indented, "app@" + D1).content())
        .isEqualTo(
            "resources:\n  - ../base\nimages:\n  - name: app\n    digest: "
                + D1
                + "\n# trailing comment\n");
    String flat = "resources:\n- ../base\n";
    assertThat(apply(flat, "app:v1").content())
        .isEqualTo("resources:\n- ../base\nimages:\n- name: app\n  newTag: v1\n");
  }

  @Test
  void keepsCrlfBomAndAMissingFinalNewline() {
    String before = "\uFEFFresources:\r\n- ../base\r\nimages:\r\n- name: app\r\n  newTag: v1";
    assertThat(apply(before, "app:v2@" + D1).content())
        .isEqualTo(
            "\uFEFFresources:\r\n- ../base\r\nimages:\r\n- name: app\r\n  newTag: v2\r\n  digest: "
                + D1);
    assertThat(apply("\uFEFFresources:\r\n- ../base", "app:v2").content())
        .isEqualTo("\uFEFFresources:\r\n- ../base\r\nimages:\r\n- name: app\r\n  newTag: v2");
  }

  @Test
  void editsFlowStyleInPlace() {
    String before = "images: [{name: a, newTag: v1}, {name: b, digest: " + D1 + "}]\n";
    assertThat(apply(before, "a@" + D2).content())
        .isEqualTo("images: [{name: a, digest: " + D2 + "}, {name: b, digest: " + D1 + "}]\n");
    assertThat(apply(before, "c:v3").content())
        .isEqualTo(
            "images: [{name: a, newTag: v1}, {name: b, digest: "
                + D1
                + "}, {name: c, newTag: v3}]\n");
    assertThat(apply("images: []\n", "c:v3").content())
        .isEqualTo("images: [{name: c, newTag: v3}]\n");
  }

  @Test
  void followsKustomizesOwnAlphabeticalKeyOrder() {
    String before = "images:\n- digest: " + D1 + "\n  name: a\n- name: b\n  newTag: v1\n";
    assertThat(apply(before, "b=*:*@" + D2).content())
        .isEqualTo(
            "images:\n- digest: "
                + D1
                + "\n  name: a\n- digest: "
                + D2
                + "\n  name: b\n  newTag: v1\n");
  }

  @Test
  void resetRemovesEverythingButTheName() {
    String before = "images:\n- name: a\n  newName: r/a\n  newTag: v1\n  tagSuffix: -x\n";
    assertThat(apply(before, "a=").content()).isEqualTo("images:\n- name: a\n");
  }

  @Test
  void compactFirstKeyRemovalKeepsTheDash() {
    String before = "images:\n- newTag: v1\n  name: a\n";
    assertThat(apply(before, "a@" + D1).content())
        .isEqualTo("images:\n- name: a\n  digest: " + D1 + "\n");
  }

  @Test
  void lastArgumentForANameWins() {
    assertThat(apply("images:\n- name: a\n  newTag: v0\n", "a:v1", "a:v2").content())
        .isEqualTo("images:\n- name: a\n  newTag: v2\n");
  }

  @Test
  void nothingChangesWhenTheEntryAlreadySaysSo() {
    String before = "images:\n- name: a\n  newTag: v1 # keep\n";
    EditResult r = apply(before, "a:v1");
    assertThat(r.changed()).isFalse();
    assertThat(r.content()).isSameAs(before);
    assertThat(r.diff()).isEmpty();
  }

  @Test
  void readsEntries() {
    OverlayFile f =
        new OverlayFile(
            "kustomization.yaml",
            "images:\n- name: a\n  newName: r/a\n  newTag: \"\"\n- {name: b, digest: "
                + D1
                + "}\n");
    assertThat(KustomizeImages.read(f))
        .containsExactly(
            KustomizeImage.of("a").withNewName("r/a"), KustomizeImage.of("b").withDigest(D1));
    assertThat(KustomizeImages.find(f, "b")).contains(KustomizeImage.of("b").withDigest(D1));
    assertThat(KustomizeImages.find(f, "c")).isEmpty();
  }

  @Test
  void refusesUnsafeEdits() {
    assertRefused(
        "images:\n- name: a\n  newTag: v1\n- name: a\n  newTag: v2\n",
        OverlayEditException.Reason.DUPLICATE_IMAGE,
        "k/kustomization.yaml:4:3");
    assertRefused(
        "images:\n- name: a\nimages: []\n",
        OverlayEditException.Reason.DUPLICATE_KEY,
        "k/kustomization.yaml:3:1");
    assertRefused(
        "x: &t v1\nimages:\n- name: a\n  newTag: *t\n",
        OverlayEditException.Reason.ALIAS,
        "k/kustomization.yaml:4:11");
    assertRefused(
        "images: &i\n- name: a\n  newTag: v1\nother: *i\n",
        OverlayEditException.Reason.ANCHOR,
        "k/kustomization.yaml:3:11");
    assertRefused(
        "- a\n- b\n", OverlayEditException.Reason.NOT_A_MAPPING, "k/kustomization.yaml:1:1");
    assertRefused(
        "images:\n- name: a\n  newTag: [v1\n",
        OverlayEditException.Reason.MALFORMED_YAML,
        "k/kustomization.yaml:4:1");
  }

  private static void assertRefused(String content, OverlayEditException.Reason reason, String at) {
    assertThatThrownBy(() -> apply(content, "a:v9"))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.location()).contains(at);
              assertThat(e.getMessage()).startsWith(at + ": ");
            });
  }

  @Test
  void parsesEveryArgumentFormLikeKustomize() {
    assertThat(KustomizeImageEdit.parse("nginx:1.27"))
        .isEqualTo(
            KustomizeImageEdit.of(
                "nginx",
                KustomizeImageEdit.Field.remove(),
                KustomizeImageEdit.Field.set("1.27"),
                KustomizeImageEdit.Field.remove()));
    assertThat(KustomizeImageEdit.parse("localhost:5000/x:v1").name())
        .isEqualTo("localhost:5000/x");
    assertThat(KustomizeImageEdit.parse("host:5000").name()).isEqualTo("host");
    KustomizeImageEdit full = KustomizeImageEdit.parse("a=reg.io/b:v1@" + D1);
    assertThat(full.name()).isEqualTo("a");
    assertThat(full.newName().value()).contains("reg.io/b");
    assertThat(full.newTag().value()).contains("v1");
    assertThat(full.digest().value()).contains(D1);
    assertThat(full.toString()).isEqualTo("a=reg.io/b:v1@" + D1);
    assertThat(KustomizeImageEdit.parse("a=*:*@" + D1).newName().action())
        .isEqualTo(KustomizeImageEdit.Field.Action.KEEP);
    assertThat(KustomizeImageEdit.parse("a=")).isEqualTo(KustomizeImageEdit.reset("a"));
    assertThat(KustomizeImageEdit.parse("a@" + D1).toString()).isEqualTo("a@" + D1);
    for (String bad : new String[] {"", "nginx", "localhost:5000/team/app", "a b:1"}) {
      assertThatThrownBy(() -> KustomizeImageEdit.parse(bad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("invalid image argument '" + bad + "'");
    }
  }

  @Test
  void replacesTheWholeEntryAsKustomizeDoes() {
    KustomizeImage current = KustomizeImage.of("app").withNewName("r/app").withNewTag("1.0");
    assertThat(KustomizeImageEdit.parse("app@" + D1).applyTo(Optional.of(current)))
        .isEqualTo(KustomizeImage.of("app").withDigest(D1));
    assertThat(KustomizeImageEdit.parse("app=*:*@" + D1).applyTo(Optional.of(current)))
        .isEqualTo(current.withDigest(D1));
    assertThat(KustomizeImageEdit.parse("app=*:2.0").applyTo(Optional.empty()))
        .isEqualTo(KustomizeImage.of("app").withNewTag("2.0"));
  }

  @Test
  void transformsImagesAsTheImagesTransformer() {
    KustomizeImage e = KustomizeImage.of("nginx");
    assertThat(e.withNewName("r/n").transform("nginx:1.7@" + D1)).isEqualTo("r/n:1.7@" + D1);
    assertThat(e.withNewTag("2").transform("nginx:1.7@" + D1)).isEqualTo("nginx:2");
    assertThat(e.withDigest(D2).transform("nginx:1.7@" + D1)).isEqualTo("nginx@" + D2);
    assertThat(e.withNewTag("2").withDigest(D2).transform("nginx")).isEqualTo("nginx:2@" + D2);
    assertThat(e.withTagSuffix("-x").transform("nginx:1.7@" + D1)).isEqualTo("nginx:1.7-x");
    assertThat(e.transform("nginx:1.7")).isEqualTo("nginx:1.7");
    assertThat(e.matches("docker.io/library/nginx")).isFalse();
    assertThat(e.matches("my-nginx")).isFalse();
    assertThat(e.matches("nginx-x")).isFalse();
    assertThat(
            KustomizeImage.of("localhost:5000/a").withNewTag("v2").transform("localhost:5000/a:v1"))
        .isEqualTo("localhost:5000/a:v2");
  }
}
