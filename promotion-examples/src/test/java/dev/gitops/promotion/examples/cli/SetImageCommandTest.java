package dev.gitops.promotion.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code promotion set-image} in process, on real files. */
class SetImageCommandTest {
  static final String D1 = "sha256:" + "1".repeat(64);

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run promotion(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PromotionCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  static final String KUSTOMIZATION =
      "# dev overlay\r\nresources:\r\n  - ../../base\r\nimages:\r\n  - name: ghcr.io/o/api # app\r\n"
          + "    newTag: sha-abc1234   # CI updates this\r\n";

  @Test
  void editsAKustomizationInPlace() throws Exception {
    Path file = write("overlays/dev/kustomization.yaml", KUSTOMIZATION);
    Run r = promotion("set-image", "--file", file.toString(), "ghcr.io/o/api=*:*@" + D1);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(file)).isEqualTo(KUSTOMIZATION + "    digest: " + D1 + "\r\n");
    assertThat(r.out())
        .startsWith("updated " + file + " (kustomize): 1 value changed")
        .contains("images[ghcr.io/o/api].digest: (absent) -> " + D1);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void dryRunPrintsAUnifiedDiffAndWritesNothing() throws Exception {
    Path file = write("overlays/dev/kustomization.yaml", KUSTOMIZATION);
    byte[] before = Files.readAllBytes(file);
    Run r = promotion("set-image", "--dry-run", "--file", file.toString(), "ghcr.io/o/api@" + D1);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(r.out())
        .isEqualTo(
            "--- "
                + file
                + "\n+++ "
                + file
                + "\n@@ -3,4 +3,4 @@\n   - ../../base\r\n images:\r\n   - name: ghcr.io/o/api # app\r\n"
                + "-    newTag: sha-abc1234   # CI updates this\r\n+    digest: "
                + D1
                + "\r\n");
  }

  @Test
  void nothingToChangeIsSuccess() throws Exception {
    Path file = write("kustomization.yaml", "images:\n- name: a\n  newTag: v1\n");
    Run r = promotion("set-image", "--file", file.toString(), "a:v1");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("no change: " + file);
  }

  @Test
  void badArgumentsAndInputExitWithTwo() throws Exception {
    String content = "images:\n- name: a\n  newTag: [v1\n";
    Path broken = write("broken/kustomization.yaml", content);
    Run malformed = promotion("set-image", "--file", broken.toString(), "a:v2");
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err()).startsWith("error: " + broken + ":4:1: malformed YAML");
    assertThat(Files.readString(broken)).isEqualTo(content);

    Path ok = write("ok/kustomization.yaml", "images: []\n");
    Run bare = promotion("set-image", "--file", ok.toString(), "nginx");
    assertThat(bare.exit()).isEqualTo(2);
    assertThat(bare.err()).contains("invalid image argument 'nginx'");

    Run missing = promotion("set-image", "--file", dir.resolve("nope.yaml").toString(), "a:v1");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file: " + dir.resolve("nope.yaml"));

    Run noImage = promotion("set-image", "--file", ok.toString());
    assertThat(noImage.exit()).isEqualTo(2);
    assertThat(noImage.err()).contains("no image specified");

    Run unknownFormat =
        promotion("set-image", "--format", "jsonnet", "--file", ok.toString(), "a:v1");
    assertThat(unknownFormat.exit()).isEqualTo(2);
    assertThat(unknownFormat.err()).contains("unknown overlay format 'jsonnet'");

    Path notes = write("notes.yaml", "a: b\n");
    Run unknown = promotion("set-image", "--file", notes.toString(), "a:v1");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("cannot tell the format of " + notes);

    Run noFile = promotion("set-image", "a:v1");
    assertThat(noFile.exit()).isEqualTo(2);
    assertThat(noFile.err()).contains("Missing required option: '--file=PATH'");

    Path latin1 = dir.resolve("latin1/kustomization.yaml");
    Files.createDirectories(latin1.getParent());
    Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    Run encoding = promotion("set-image", "--file", latin1.toString(), "a:v1");
    assertThat(encoding.exit()).isEqualTo(2);
    assertThat(encoding.err()).contains("is not UTF-8 text");

    Path shared =
        write("shared/kustomization.yaml", "images: &i\n- name: a\n  newTag: v1\nalso: *i\n");
    Run anchored = promotion("set-image", "--file", shared.toString(), "a:v2");
    assertThat(anchored.exit()).isEqualTo(2);
    assertThat(anchored.err()).contains(shared + ":3:11: ").contains("anchor &i");
  }

  @Test
  void failuresThatAreNotTheInputExitWithOne() throws Exception {
    // the file can be read, but no temporary file fits its name beside it: the write fails
    Path file = write("k/" + "k".repeat(250) + ".yaml", "images:\n- name: a\n  newTag: v1\n");
    Run r = promotion("set-image", "--format", "kustomize", "--file", file.toString(), "a:v2");
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ");
    assertThat(Files.readString(file)).isEqualTo("images:\n- name: a\n  newTag: v1\n");
  }

  @Test
  void helmValuesByKey() throws Exception {
    String values =
        "api:\n  image:\n    repository: ghcr.io/o/api\n    tag: \"1.4.2\"  # app version\n"
            + "    digest: \"\"\n";
    Path file = write("charts/api/values-prod.yaml", values);
    Run r =
        promotion(
            "set-image",
            "--file",
            file.toString(),
            "--key",
            "api.image",
            "ghcr.io/o/api:1.4.3@" + D1);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(file))
        .isEqualTo(
            values.replace("1.4.2", "1.4.3").replace("digest: \"\"", "digest: \"" + D1 + "\""));
    Run wrongKey =
        promotion(
            "set-image", "--file", file.toString(), "--key", "api.image.tag", "ghcr.io/o/api:1");
    assertThat(wrongKey.exit()).isEqualTo(2);
    assertThat(wrongKey.err())
        .contains(file + ":4:10: ")
        .contains("one field of an image, not a mapping");
  }

  @Test
  void fluxMarkersByPolicy() throws Exception {
    String deploy =
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n"
            + "        image: ghcr.io/o/api:1.0.0 # {\"$imagepolicy\": \"flux-system:api\"}\n";
    Path file = write("apps/api/deploy.yaml", deploy);
    Run r =
        promotion(
            "set-image",
            "--file",
            file.toString(),
            "--policy",
            "flux-system:api=ghcr.io/o/api:1.1.0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(file)).isEqualTo(deploy.replace("1.0.0", "1.1.0"));
    Run other =
        promotion(
            "set-image", "--file", file.toString(), "--policy", "flux-system:web=ghcr.io/o/web:1");
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("no {\"$imagepolicy\": \"flux-system:web...\"} marker");
  }

  @Test
  void manifestsDetectedFromContent() throws Exception {
    String deploy =
        "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n"
            + "        spec:\n          initContainers:\n          - name: init\n            image: ghcr.io/o/api:1.0\n"
            + "          containers:\n          - name: job\n            image: 'ghcr.io/o/api:1.0'\n";
    Path file = write("base/cronjob.yaml", deploy);
    Run r = promotion("set-image", "--file", file.toString(), "ghcr.io/o/api@" + D1);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("(manifest): 2 values changed");
    assertThat(Files.readString(file))
        .isEqualTo(deploy.replace("ghcr.io/o/api:1.0", "ghcr.io/o/api@" + D1));
  }

  @Test
  void argoCdImageUpdaterOverrideFiles() throws Exception {
    Path file = write("apps/api/.argocd-source-api.yaml", "");
    Run r = promotion("set-image", "--file", file.toString(), "ghcr.io/o/api:1.2@" + D1);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("(argocd-image-updater): 1 value changed");
    assertThat(Files.readString(file))
        .isEqualTo("kustomize:\n  images:\n  - ghcr.io/o/api:1.2@" + D1 + "\n");
    Run keep = promotion("set-image", "--file", file.toString(), "ghcr.io/o/api=*:*@" + D1);
    assertThat(keep.exit()).isEqualTo(2);
    assertThat(keep.err()).contains("takes full images, without '*'");
  }

  @Test
  void theTopLevelCommand() {
    Run help = promotion("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("set-image", "promote", "status", "history", "rollback", "demo");
    Run none = promotion();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("no command given").contains("Usage: promotion");
    Run setImageHelp = promotion("set-image", "--help");
    assertThat(setImageHelp.exit()).isZero();
    assertThat(setImageHelp.out()).contains("--dry-run", "--policy", "name=*:*@sha256");
    Run unknown = promotion("frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
  }
}
