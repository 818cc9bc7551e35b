package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormatDetectorTest {
  static Optional<String> detect(String path, String content) {
    return FormatDetector.detect(path, content).map(FormatDetector.Detection::format);
  }

  @Test
  void detectsByNameThenContent() {
    assertThat(detect("apps/a/overlays/dev/kustomization.yaml", "")).contains("kustomize");
    assertThat(detect("Kustomization", "")).contains("kustomize");
    assertThat(
            detect(
                "x/other.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"))
        .contains("kustomize");
    assertThat(detect("a/.argocd-source-api.yaml", "kustomize: {}\n"))
        .contains("argocd-image-updater");
    assertThat(detect("a/deploy.yaml", "image: x # {\"$imagepolicy\": \"ns:p\"}\n"))
        .contains("flux");
    assertThat(detect("a/deploy.yaml", "---\napiVersion: apps/v1\nkind: Deployment\r\n"))
        .contains("manifest");
    assertThat(detect("a/deploy.yaml", "kind: 'CronJob' # nightly\n")).contains("manifest");
    assertThat(detect("charts/api/values.yaml", "image:\n  tag: v1\n")).contains("helm");
    assertThat(detect("env/prod-values.yml", "")).contains("helm");
    assertThat(detect("env/values-prod.yaml", "")).contains("helm");
    assertThat(detect("env/notes.yaml", "a: b\n")).isEmpty();
    assertThat(FormatDetector.detect("kustomization.yml", "").orElseThrow().reason())
        .isEqualTo("the file name kustomization.yml");
  }
}
