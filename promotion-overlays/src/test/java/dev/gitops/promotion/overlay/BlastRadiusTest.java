package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlastRadiusTest {
  final Map<String, String> repo = new HashMap<>();
  final RepositoryFiles files = path -> Optional.ofNullable(repo.get(path));

  static final Map<String, String> ENVS =
      Map.of(
          "dev", "apps/api/overlays/dev/kustomization.yaml",
          "staging", "apps/api/overlays/staging/kustomization.yaml",
          "production", "apps/api/overlays/production/kustomization.yaml");

  BlastRadiusTest() {
    repo.put(
        "apps/api/base/kustomization.yaml",
        "resources:\n- deployment.yaml\nimages:\n- name: api\n  newName: ghcr.io/o/api\n");
    repo.put(
        "apps/api/base/deployment.yaml",
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: api:0.1\n");
    repo.put(
        "apps/api/components/pinned/kustomization.yaml",
        "kind: Component\nimages:\n- name: ghcr.io/o/api\n  newTag: v7\n");
    repo.put(
        "apps/api/overlays/dev/kustomization.yaml",
        "resources:\n- ../../base\nimages:\n- name: ghcr.io/o/api\n  newTag: v9\n");
    repo.put(
        "apps/api/overlays/staging/kustomization.yaml",
        "resources:\n- ../../base\ncomponents:\n- ../../components/pinned\n");
    repo.put(
        "apps/api/overlays/production/kustomization.yaml",
        "resources:\n- ../../base\ncomponents:\n- ../../components/pinned\n");
  }

  @Test
  void anOverlaysOwnEntryIsItsOwn() {
    ImageSource s = BlastRadius.of(files).locate(ENVS.get("dev"), "ghcr.io/o/api", ENVS);
    assertThat(s.kind()).isEqualTo(ImageSource.Kind.OVERLAY);
    assertThat(s.location()).isEqualTo("apps/api/overlays/dev/kustomization.yaml:4:3");
    assertThat(s.environments()).containsExactly("dev");
    assertThat(s.shared()).isFalse();
    assertThat(s.warning()).isEmpty();
  }

  @Test
  void aSharedComponentReachesEveryEnvironmentThatUsesIt() {
    ImageSource s = BlastRadius.of(files).locate(ENVS.get("staging"), "ghcr.io/o/api", ENVS);
    assertThat(s.kind()).isEqualTo(ImageSource.Kind.BASE);
    assertThat(s.path()).isEqualTo("apps/api/components/pinned/kustomization.yaml");
    assertThat(s.environments()).containsExactly("production", "staging");
    assertThat(s.warning()).hasValueSatisfying(w -> assertThat(w).contains("production, staging"));
  }

  @Test
  void withoutAnEntryTheBaseManifestSetsTheVersion() {
    repo.put("apps/api/overlays/staging/kustomization.yaml", "resources:\n- ../../base\n");
    ImageSource s = BlastRadius.of(files).locate(ENVS.get("staging"), "ghcr.io/o/api", ENVS);
    assertThat(s.kind()).isEqualTo(ImageSource.Kind.MANIFEST);
    assertThat(s.location()).isEqualTo("apps/api/base/deployment.yaml:7:16");
    assertThat(s.environments()).containsExactly("dev", "production", "staging");
    assertThat(s.outsideOverlay()).isTrue();
  }

  @Test
  void aValuesFileSharedByTwoEnvironments() {
    Map<String, String> envs =
        Map.of("staging", "charts/api/values.yaml", "production", "charts/api/values.yaml");
    ImageSource s = BlastRadius.of(files).locate("charts/api/values.yaml", "ghcr.io/o/api", envs);
    assertThat(s.kind()).isEqualTo(ImageSource.Kind.OVERLAY);
    assertThat(s.environments()).containsExactly("production", "staging");
  }

  @Test
  void nothingFound() {
    ImageSource s = BlastRadius.of(files).locate(ENVS.get("dev"), "ghcr.io/o/none", ENVS);
    assertThat(s.kind()).isEqualTo(ImageSource.Kind.NOT_FOUND);
    assertThat(s.warning()).isEmpty();
  }
}
