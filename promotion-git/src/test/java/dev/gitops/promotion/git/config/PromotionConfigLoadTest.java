package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from real Git repositories: the pipeline file, and layout discovery without one. */
class PromotionConfigLoadTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);

  @TempDir Path dir;

  private GitFixture seed() {
    GitFixture g = GitFixture.init(dir, "main");
    for (String env : List.of("dev", "staging", "production")) {
      g.overlay("api-service", env, "ghcr.io/myorg/api-service", A);
      g.overlay("payments", env, "ghcr.io/myorg/payments", B);
    }
    g.write("apps/api-service/base/kustomization.yaml", "resources: [deployment.yaml]\n");
    g.write(
        "apps/api-service/base/deployment.yaml",
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/myorg/api-service:placeholder\n");
    return g.commit("seed layout");
  }

  @Test
  void discoversTheSeedLayoutWithoutAPipelineFile() {
    try (GitFixture g = seed()) {
      PromotionConfig c = PromotionConfig.load(dir);
      assertThat(c.pipelineWithoutGates().environments())
          .extracting(Environment::name, Environment::delivery, Environment::branch)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("dev", Delivery.DIRECT_COMMIT, "main"),
              org.assertj.core.groups.Tuple.tuple("staging", Delivery.CHANGE_REQUEST, "main"),
              org.assertj.core.groups.Tuple.tuple("production", Delivery.CHANGE_REQUEST, "main"));
      assertThat(c.pipelineWithoutGates().environment("production").production()).isTrue();
      assertThat(c.applications())
          .extracting(Application::name)
          .containsExactly("api-service", "payments");
      Application api = c.application("api-service").orElseThrow();
      assertThat(api.imageRepository()).isEqualTo("ghcr.io/myorg/api-service");
      assertThat(api.location("staging"))
          .contains(OverlayLocation.seedLayout("api-service", "staging"));
      assertThat(c.layout()).isEqualTo(EnvironmentLayout.FOLDERS);
      assertThat(c.source()).contains("discovered").contains("main");
      assertThat(c.gates()).isEmpty();
    }
  }

  @Test
  void findsTheImageInTheBaseWhenOverlaysSetNone() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      g.write("apps/web/overlays/dev/kustomization.yaml", "resources: [../../base]\n");
      g.write("apps/web/overlays/prod/kustomization.yaml", "resources: [../../base]\n");
      g.write(
          "apps/web/base/deployment.yaml",
          "kind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - {name: init, image: 'busybox:1.36'}\n      containers:\n        - name: web\n          image: registry.example.com:5000/team/web:1.0@sha256:"
              + A
              + "\n");
      g.commit("web");
      PromotionConfig c = PromotionConfig.load(dir);
      assertThat(c.pipelineWithoutGates().environments())
          .extracting(Environment::name)
          .containsExactly("dev", "prod");
      assertThat(c.application("web").orElseThrow().imageRepository())
          .isEqualTo("registry.example.com:5000/team/web");
    }
  }

  @Test
  void unknownEnvironmentNamesAskForAPipelineFile() {
    try (GitFixture g = seed()) {
      g.overlay("api-service", "qa", "ghcr.io/myorg/api-service", A).commit("qa");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("[dev, production, qa, staging]")
          .hasMessageContaining("[qa] is not among them")
          .hasMessageContaining("write promotion.yaml");
    }
  }

  @Test
  void bothProdAndProductionAreAmbiguous() {
    try (GitFixture g = seed()) {
      g.overlay("payments", "prod", "ghcr.io/myorg/payments", B).commit("prod too");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .hasMessageContaining("both 'prod' and 'production'");
    }
  }

  @Test
  void anEmptyRepositoryLayoutIsExplained() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      g.write("README.md", "config\n").commit("readme");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no promotion.yaml and no apps/<app>/overlays/<env>")
          .hasMessageContaining("no env/<environment> branches");
    }
  }

  @Test
  void notARepositoryIsAnInputError() throws IOException {
    Path plain = Files.createDirectory(dir.resolve("plain"));
    assertThatThrownBy(() -> PromotionConfig.load(plain))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a Git repository");
  }

  @Test
  void severalImagesWithoutOneNamedAfterTheAppAreAmbiguous() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      g.write(
          "apps/web/overlays/dev/kustomization.yaml",
          "images:\n- name: nginx\n  newTag: '1.27'\n- name: ghcr.io/o/sidecar\n  newTag: v1\n");
      g.commit("web");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .hasMessageContaining("names several images [nginx, ghcr.io/o/sidecar]")
          .hasMessageContaining("apps/web/overlays/dev/kustomization.yaml");
    }
  }

  @Test
  void thePipelineFileWinsOverDiscoveryAndAppsComeFromItsLayout() {
    try (GitFixture g = seed()) {
      g.write(
          "promotion.yaml",
          "environments:\n  - dev\n  - name: staging\n    gates: [{name: required-checks, checks: [smoke-tests]}]\n  - production\n");
      g.commit("pipeline file");
      PromotionConfig c = PromotionConfig.load(dir);
      assertThat(c.source()).isEqualTo("promotion.yaml@main");
      assertThat(c.gates("staging")).extracting(GateSpec::name).containsExactly("required-checks");
      assertThat(c.applications())
          .extracting(Application::name, Application::imageRepository)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("api-service", "ghcr.io/myorg/api-service"),
              org.assertj.core.groups.Tuple.tuple("payments", "ghcr.io/myorg/payments"));
    }
  }

  @Test
  void errorsInTheCommittedFileNameLineAndColumn() {
    try (GitFixture g = seed()) {
      g.write("promotion.yaml", "environments:\n  - name: dev\n    delivery: drect\n")
          .commit("typo");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.location()).contains("promotion.yaml:3:15"))
          .hasMessageContaining("did you mean 'direct'?");
    }
  }

  @Test
  void readsTheCommittedStateNotTheWorkTree() {
    try (GitFixture g = seed()) {
      g.write("promotion.yaml", "this: is not committed\n");
      PromotionConfig c = PromotionConfig.load(dir);
      assertThat(c.source()).contains("discovered");
    }
  }

  @Test
  void discoversEnvironmentsAsBranches() {
    try (GitFixture g = GitFixture.init(dir, "env/dev")) {
      g.write("apps/api/kustomization.yaml", "images:\n- name: ghcr.io/o/api\n  newTag: dev\n")
          .commit("dev");
      g.branch("env/staging").commit("staging");
      g.branch("env/production")
          .write("apps/api/kustomization.yaml", "images:\n- name: ghcr.io/o/api\n  newTag: prod\n")
          .commit("production");
      PromotionConfig c = PromotionConfig.load(dir);
      assertThat(c.layout()).isEqualTo(EnvironmentLayout.BRANCHES);
      assertThat(c.pipelineWithoutGates().environments())
          .extracting(Environment::name, Environment::branch)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("dev", "env/dev"),
              org.assertj.core.groups.Tuple.tuple("staging", "env/staging"),
              org.assertj.core.groups.Tuple.tuple("production", "env/production"));
      Application api = c.application("api").orElseThrow();
      assertThat(api.imageRepository()).isEqualTo("ghcr.io/o/api");
      assertThat(api.location("production"))
          .contains(OverlayLocation.of("apps/api/kustomization.yaml", "kustomize"));
    }
  }

  @Test
  void aPipelineFileCanDeclareBranchesAndDiscoverTheApps() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      g.write(
              "promotion.yaml",
              "layout: {environments: branches, path: 'deploy/{app}/kustomization.yaml'}\n"
                  + "environments: [dev, staging]\n")
          .commit("config");
      g.branch("env/dev")
          .write("deploy/shop/kustomization.yaml", "images: [{name: ghcr.io/o/shop, newTag: a}]\n")
          .commit("dev");
      g.branch("env/staging").commit("staging");
      g.checkout("main");
      PromotionConfig c = PromotionConfig.load(dir);
      assertThat(c.source()).isEqualTo("promotion.yaml@main");
      assertThat(c.application("shop").orElseThrow().locations())
          .containsOnlyKeys("dev", "staging");
      assertThat(c.pipelineWithoutGates().environment("staging").branch()).isEqualTo("env/staging");
    }
  }

  @Test
  void leavesOutAnApplicationWhoseOverlayIsASymbolicLink() {
    try (GitFixture g = seed()) {
      g.delete("apps/payments/overlays/production/kustomization.yaml");
      g.symlink(
          "apps/payments/overlays/production/kustomization.yaml",
          "../../../api-service/overlays/production/kustomization.yaml");
      g.commit("link");
      // only that application is left out, with the reason; the others are read
      PromotionConfig config = PromotionConfig.load(dir);
      assertThat(config.applications()).extracting(a -> a.name()).containsExactly("api-service");
      assertThat(config.skipped())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("application 'payments' left out")
          .contains("apps/payments/overlays/production/kustomization.yaml")
          .contains("is a symbolic link");
    }
  }

  @Test
  void leavesOutAnApplicationWithALinkedOverlayFolder() {
    try (GitFixture g = seed()) {
      g.symlink("apps/payments/overlays/qa", "../../api-service/overlays/dev");
      g.commit("linked folder");
      PromotionConfig config = PromotionConfig.load(dir);
      assertThat(config.applications()).extracting(a -> a.name()).containsExactly("api-service");
      assertThat(config.skipped())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("apps/payments/overlays/qa on branch 'main' is a symbolic link");
    }
  }

  @Test
  void aLayoutTemplateLeavesOutOnlyTheApplicationWithALinkedOverlay() {
    try (GitFixture g = seed()) {
      g.write(
          "promotion.yaml",
          "layout:\n  path: apps/{app}/overlays/{env}/kustomization.yaml\n"
              + "environments: [dev, staging, production]\n");
      g.delete("apps/payments/overlays/dev/kustomization.yaml");
      g.symlink("apps/payments/overlays/dev/kustomization.yaml", "/etc/passwd");
      g.commit("template and a link");
      PromotionConfig config = PromotionConfig.load(dir);
      assertThat(config.source()).isEqualTo("promotion.yaml@main");
      assertThat(config.applications()).extracting(a -> a.name()).containsExactly("api-service");
      assertThat(config.skipped())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("application 'payments' left out")
          .contains("apps/payments/overlays/dev/kustomization.yaml on branch 'main'")
          .contains("is a symbolic link");
    }
  }

  @Test
  void aLayoutTemplateLeavesOutAnApplicationWhoseFolderIsALinkAndOneWithoutAnImage() {
    try (GitFixture g = seed()) {
      g.write(
          "promotion.yaml",
          "layout:\n  path: clusters/{env}/{app}/kustomization.yaml\n"
              + "environments: [dev, production]\n");
      g.write(
          "clusters/dev/shop/kustomization.yaml", "images: [{name: ghcr.io/o/shop, newTag: a}]\n");
      g.write("clusters/dev/blank/kustomization.yaml", "resources: []\n");
      g.symlink("clusters/production/shop", "../../apps/api-service/overlays/production");
      g.write(
          "clusters/production/cart/kustomization.yaml",
          "images: [{name: ghcr.io/o/cart, newTag: b}]\n");
      g.commit("clusters");
      PromotionConfig config = PromotionConfig.load(dir);
      assertThat(config.applications()).extracting(a -> a.name()).containsExactly("cart");
      assertThat(config.skipped())
          .anySatisfy(
              s ->
                  assertThat(s)
                      .contains("application 'shop' left out")
                      .contains("clusters/production/shop on branch 'main' is a symbolic link"))
          .anySatisfy(
              s ->
                  assertThat(s)
                      .contains("application 'blank' left out")
                      .contains("cannot tell the image"))
          .hasSize(2);
    }
  }

  @Test
  void aLayoutTemplateWhoseEveryApplicationIsLeftOutSaysWhy() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      g.write(
          "promotion.yaml",
          "layout:\n  path: apps/{app}/overlays/{env}/kustomization.yaml\n"
              + "environments: [dev]\n");
      g.symlink("apps/web/overlays/dev/kustomization.yaml", "/etc/passwd");
      g.commit("only a link");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("promotion.yaml: promotion.yaml declares no applications")
          .hasMessageContaining("application 'web' left out")
          .hasMessageContaining("is a symbolic link");
    }
  }

  @Test
  void theBranchesLayoutLeavesOutOnlyTheApplicationWithALinkedOverlay() {
    try (GitFixture g = GitFixture.init(dir, "main")) {
      g.write("README.md", "config\n").commit("root");
      g.branch("env/dev")
          .write("apps/shop/kustomization.yaml", "images: [{name: ghcr.io/o/shop, newTag: a}]\n")
          .symlink("apps/cart/kustomization.yaml", "/etc/passwd")
          .commit("dev");
      g.checkout("main");
      PromotionConfig config = PromotionConfig.load(dir);
      assertThat(config.layout()).isEqualTo(EnvironmentLayout.BRANCHES);
      assertThat(config.applications()).extracting(a -> a.name()).containsExactly("shop");
      assertThat(config.skipped())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("application 'cart' left out")
          .contains("apps/cart/kustomization.yaml on branch 'env/dev' is a symbolic link");
    }
  }

  @Test
  void refusesALocationThroughALinkThatLeavesTheRepository() {
    try (GitFixture g = seed()) {
      g.symlink("clusters/eu", "/etc");
      g.symlink("clusters/us", "../apps/api-service/overlays");
      g.write(
          "promotion.yaml",
          "environments: [dev, staging, production]\napplications:\n  - name: api-service\n    image: ghcr.io/myorg/api-service\n    locations:\n      production: clusters/eu/kustomization.yaml\n");
      g.commit("escape");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("the location of api-service in 'production'")
          .hasMessageContaining("'clusters/eu' -> '/etc'")
          .hasMessageContaining("leaves the repository");

      g.write(
          "promotion.yaml",
          "environments: [dev, staging, production]\napplications:\n  - name: api-service\n    image: ghcr.io/myorg/api-service\n    locations:\n      production: clusters/us/production/kustomization.yaml\n");
      g.commit("inside, through a link");
      assertThatThrownBy(() -> PromotionConfig.load(dir))
          .hasMessageContaining("name the real file instead")
          .hasMessageContaining("apps/api-service/overlays/production/kustomization.yaml");
    }
  }

  @Test
  void readsMasterAndExplicitBranches() {
    try (GitFixture g = GitFixture.init(dir, "master")) {
      g.overlay("api", "dev", "ghcr.io/o/api", A).overlay("api", "staging", "ghcr.io/o/api", A);
      g.commit("on master");
      g.branch("config").write("promotion.yaml", "environments: [dev, staging]\n").commit("c");
      g.checkout("master");
      assertThat(PromotionConfig.load(dir).pipelineWithoutGates().environment("dev").branch())
          .isEqualTo("master");
      PromotionConfig onConfig = PromotionConfig.load(dir, "config");
      assertThat(onConfig.source()).isEqualTo("promotion.yaml@config");
      assertThat(onConfig.pipelineWithoutGates().environment("dev").branch()).isEqualTo("config");
      assertThatThrownBy(() -> PromotionConfig.load(dir, "nope"))
          .hasMessageContaining("branch 'nope' does not exist");
    }
  }

  @Test
  void readsARepositoryWrittenByTheGitCommandLine() throws Exception {
    assumeThat(gitOnPath()).as("the git command line is on PATH").isTrue();
    Path work = Files.createDirectory(dir.resolve("work"));
    run(work, "git", "init", "-q", "-b", "main");
    Path overlay = work.resolve("apps/api/overlays/dev/kustomization.yaml");
    Files.createDirectories(overlay.getParent());
    Files.writeString(overlay, "images:\n- name: ghcr.io/o/api\n  newTag: v1\n");
    Files.writeString(work.resolve("promotion.yaml"), "environments: [dev]\n");
    run(work, "git", "add", ".");
    run(
        work,
        "git",
        "-c",
        "user.name=Ada",
        "-c",
        "user.email=ada@example.com",
        "commit",
        "-q",
        "-m",
        "by git");
    PromotionConfig c = PromotionConfig.load(work.resolve(".git"));
    assertThat(c.application("api").orElseThrow().imageRepository()).isEqualTo("ghcr.io/o/api");
    run(dir, "git", "clone", "-q", "--bare", work.toString(), dir.resolve("bare.git").toString());
    assertThat(PromotionConfig.load(dir.resolve("bare.git")).applications()).hasSize(1);
  }

  static boolean gitOnPath() {
    try {
      return new ProcessBuilder("git", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static void run(Path cwd, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
