package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitops.promotion.spi.OverlayFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Renders edited overlays with {@code kubectl kustomize} and checks the images are what kustomize
 * gives for the same {@code set image} arguments.
 */
class KubectlKustomizeTest {
  static final String D0 = "sha256:" + "0".repeat(64);
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String API = "ghcr.io/o/api";

  static String kubectl;

  @BeforeAll
  static void findKubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        kubectl = candidate.toString();
        return;
      }
    }
  }

  @TempDir Path root;

  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        selector:
          matchLabels: {app: api}
        template:
          metadata:
            labels: {app: api}
          spec:
            initContainers:
            - name: migrate
              image: %1$s:0.1
            containers:
            - name: api
              image: %1$s:0.1@%2$s
            - name: proxy
              image: nginx:1.25
      """;

  static final String CRONJOB =
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: report
      spec:
        schedule: "0 3 * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: report
                  image: %1$s:0.1
      """;

  static Stream<Arguments> cases() {
    String plainBase = "resources:\n- deployment.yaml\n- cronjob.yaml\n";
    String renamingBase = plainBase + "images:\n- name: api\n  newName: " + API + "\n";
    return Stream.of(
        // overlay, base kustomization, image name in base manifests, args, expected api images
        // (initContainer, container, cronjob), expected proxy image
        Arguments.of(
            "resources:\n  - ../base\n",
            plainBase,
            API,
            List.of(API + "@" + D1),
            List.of(API + "@" + D1, API + "@" + D1, API + "@" + D1),
            "nginx:1.25"),
        Arguments.of(
            "resources:\n- ../base\nimages:\n- name: " + API + "\n  newTag: v1 # pinned by CI\n",
            plainBase,
            API,
            List.of(API + "=*:*@" + D1),
            List.of(API + ":v1@" + D1, API + ":v1@" + D1, API + ":v1@" + D1),
            "nginx:1.25"),
        Arguments.of(
            "resources:\n- ../base\nimages:\n- name: " + API + "\n  newName: old.example.com/api\n",
            plainBase,
            API,
            List.of(API + "=reg.example.com/mirror/api:v2"),
            List.of(
                "reg.example.com/mirror/api:v2",
                "reg.example.com/mirror/api:v2",
                "reg.example.com/mirror/api:v2"),
            "nginx:1.25"),
        Arguments.of(
            "resources:\n- ../base\n",
            plainBase,
            API,
            List.of(API + ":1.10", "nginx=*:1.27"),
            List.of(API + ":1.10", API + ":1.10", API + ":1.10"),
            "nginx:1.27"),
        Arguments.of(
            "resources:\n- ../base\n",
            renamingBase,
            "api",
            List.of(API + "@" + D1),
            List.of(API + "@" + D1, API + "@" + D1, API + "@" + D1),
            "nginx:1.25"),
        Arguments.of(
            "resources:\n- ../base\nimages:\n- name: "
                + API
                + "\n  newTag: v1\n  digest: "
                + D1
                + "\n",
            plainBase,
            API,
            List.of(API + "="),
            List.of(API + ":0.1", API + ":0.1@" + D0, API + ":0.1"),
            "nginx:1.25"),
        Arguments.of(
            "resources:\n- ../base\n",
            plainBase,
            API,
            List.of(API + "=reg.example.com/x"),
            List.of(
                "reg.example.com/x:0.1", "reg.example.com/x:0.1@" + D0, "reg.example.com/x:0.1"),
            "nginx:1.25"),
        Arguments.of(
            "resources: [../base]\nimages: [{name: nginx, newTag: \"1.26\"}]\n",
            plainBase,
            API,
            List.of(API + ":v3@" + D1, "nginx@" + D1),
            List.of(API + ":v3@" + D1, API + ":v3@" + D1, API + ":v3@" + D1),
            "nginx@" + D1),
        Arguments.of(
            "\uFEFFresources:\r\n- ../base\r\nimages:\r\n- name: nginx\r\n  newTag: '1.26'",
            plainBase,
            API,
            List.of("nginx=*:*@" + D1, API + ":v4"),
            List.of(API + ":v4", API + ":v4", API + ":v4"),
            "nginx:1.26@" + D1));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void renderedImagesMatchKustomize(
      String overlay,
      String baseKustomization,
      String baseName,
      List<String> args,
      List<String> expectedApi,
      String expectedProxy)
      throws Exception {
    assumeTrue(
        kubectl != null, "kubectl is not on PATH; install it to render overlays with kustomize");
    Path base = Files.createDirectories(root.resolve("base"));
    Files.writeString(base.resolve("kustomization.yaml"), baseKustomization);
    Files.writeString(base.resolve("deployment.yaml"), DEPLOYMENT.formatted(baseName, D0));
    Files.writeString(base.resolve("cronjob.yaml"), CRONJOB.formatted(baseName));
    Path dir = Files.createDirectories(root.resolve("overlay"));
    Path file = dir.resolve("kustomization.yaml");
    EditResult result =
        KustomizeImages.apply(
            new OverlayFile("overlay/kustomization.yaml", overlay),
            args.stream().map(KustomizeImageEdit::parse).toArray(KustomizeImageEdit[]::new));
    AtomicFileWriter.write(file, result.content());

    List<String> rendered = renderedImages(dir);
    List<String> expected = new ArrayList<>(expectedApi);
    expected.add(2, expectedProxy); // resource order: Deployment (init, api, proxy), then CronJob
    assertThat(rendered).as(result.content()).containsExactlyElementsOf(expected);

    // for overlays without entries for the image, our model of the transformer agrees
    if (!overlay.contains("name: " + API) && baseName.equals(API)) {
      KustomizeImageEdit apiEdit =
          args.stream()
              .map(KustomizeImageEdit::parse)
              .filter(e -> e.name().equals(API))
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(ManifestImages.transform(apiEdit, API + ":0.1@" + D0))
          .isEqualTo(expectedApi.get(1));
      assertThat(ManifestImages.transform(apiEdit, API + ":0.1")).isEqualTo(expectedApi.get(0));
    }
  }

  private List<String> renderedImages(Path dir) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(kubectl, "kustomize", dir.toString()).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as("kubectl kustomize failed: " + new String(err, StandardCharsets.UTF_8))
        .isZero();
    List<String> images = new ArrayList<>();
    for (Object doc :
        new Load(LoadSettings.builder().build())
            .loadAllFromString(new String(out, StandardCharsets.UTF_8))) {
      collect(doc, images, false);
    }
    return images;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object node, List<String> images, boolean inContainers) {
    if (node instanceof Map<?, ?> map) {
      for (String list : Arrays.asList("initContainers", "containers")) {
        if (map.get(list) instanceof List<?> items) {
          for (Object item : items) {
            images.add((String) ((Map<String, Object>) item).get("image"));
          }
        }
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!"initContainers".equals(e.getKey()) && !"containers".equals(e.getKey())) {
          collect(e.getValue(), images, inContainers);
        }
      }
    } else if (node instanceof List<?> list) {
      for (Object item : list) {
        collect(item, images, inContainers);
      }
    }
  }
}
