package dev.gitops.promotion.overlay;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.testkit.OverlayFormatContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Every built-in format runs promotion-testkit's {@link OverlayFormatContract}. */
class FormatContractTests {

  /** Files every YAML-based format must refuse. */
  static List<OverlayFile> malformed(String dir) {
    return List.of(
        new OverlayFile(dir + "/unclosed.yaml", "images:\n- name: [unclosed\n"),
        new OverlayFile(dir + "/tabs.yaml", "image:\n\trepository: x\n"),
        new OverlayFile(
            dir + "/duplicate.yaml", "image: {repository: a}\nimage: {repository: b}\n"));
  }

  @Nested
  class KustomizeFormatContractTest extends OverlayFormatContract {
    @Override
    protected OverlayFormat subject() {
      return OverlayFormats.kustomize();
    }

    @Override
    protected String fileSetting(ImageReference image) {
      return "# staging overlay\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
          + "resources:\n  - ../../base\nimages:\n  - name: "
          + image.name()
          + "   # the app\n    digest: "
          + image.digest().orElseThrow()
          + "  # pinned\n";
    }

    @Override
    protected List<OverlayFile> malformedFiles() {
      return List.of(
          new OverlayFile("k1/kustomization.yaml", "images:\n- name: [unclosed\n"),
          new OverlayFile("k2/kustomization.yaml", "- a list\n- not a kustomization\n"),
          new OverlayFile(
              "k3/kustomization.yaml",
              "images:\n- name: " + REPOSITORY + "\n  newTag: a\n- name: " + REPOSITORY + "\n"));
    }
  }

  @Nested
  class HelmFormatContractTest extends OverlayFormatContract {
    @Override
    protected OverlayFormat subject() {
      return OverlayFormats.helm();
    }

    @Override
    protected ImageSelector selector() {
      return new ImageSelector(REPOSITORY, Map.of(HelmImageKeys.KEY, "api.image"));
    }

    @Override
    protected String fileSetting(ImageReference image) {
      return "# values for staging\napi:\n  replicaCount: 2\n  image:\n    repository: "
          + image.name()
          + "\n    tag: \"1.4.2\"\n    digest: \""
          + image.digest().orElseThrow()
          + "\"  # pinned\n";
    }

    @Override
    protected List<OverlayFile> malformedFiles() {
      return malformed("helm");
    }
  }

  @Nested
  class ManifestFormatContractTest extends OverlayFormatContract {
    @Override
    protected OverlayFormat subject() {
      return OverlayFormats.manifest();
    }

    @Override
    protected String fileSetting(ImageReference image) {
      return "# rendered by hand\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n"
          + "spec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: "
          + image
          + "  # pinned\n---\nkind: Service\nmetadata:\n  name: api\n";
    }

    @Override
    protected List<OverlayFile> malformedFiles() {
      return List.of(
          new OverlayFile("m/unclosed.yaml", "kind: Pod\nspec: {containers: [\n"),
          new OverlayFile("m/list.yaml", "kind: Pod\n---\n- not an object\n"));
    }
  }

  @Nested
  class FluxFormatContractTest extends OverlayFormatContract {
    @Override
    protected OverlayFormat subject() {
      return OverlayFormats.flux();
    }

    @Override
    protected ImageSelector selector() {
      return new ImageSelector(REPOSITORY, Map.of("policy", "flux-system:api-service"));
    }

    @Override
    protected String fileSetting(ImageReference image) {
      return "# automated by Flux\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
          + "      - name: api\n        image: "
          + image
          + " # {\"$imagepolicy\": \"flux-system:api-service\"}\n";
    }

    @Override
    protected List<OverlayFile> malformedFiles() {
      return malformed("flux");
    }
  }

  @Nested
  class ArgoCdImageUpdaterFormatContractTest extends OverlayFormatContract {
    @Override
    protected OverlayFormat subject() {
      return OverlayFormats.argoCdImageUpdater();
    }

    @Override
    protected String fileSetting(ImageReference image) {
      return "# written by argocd-image-updater\nkustomize:\n  images:\n  - " + image + "\n";
    }

    @Override
    protected List<OverlayFile> malformedFiles() {
      return List.of(
          new OverlayFile("a/.argocd-source-x.yaml", "kustomize:\n  images: [unclosed\n"),
          new OverlayFile(
              "a/.argocd-source-y.yaml", "kustomize:\n  images:\n  - {not: a string}\n"));
    }
  }
}
