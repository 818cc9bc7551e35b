package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every validation message of the small values shows the bad input and what is expected. */
class ValidationMessagesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/etc/passwd | must be relative to the repository root",
        "C:/x.yaml | must be relative to the repository root",
        "apps\\\\x.yaml | must be relative to the repository root",
        "apps/../../x.yaml | has an empty, '.' or '..' component",
        "apps//x.yaml | has an empty, '.' or '..' component",
        "./x.yaml | has an empty, '.' or '..' component",
        ".git/config | points into .git",
      })
  void repositoryPathsStayInsideTheRepository(String path, String problem) {
    assertThatThrownBy(() -> OverlayLocation.checkPath(path))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'" + path + "'")
        .hasMessageContaining(problem);
    assertThatThrownBy(() -> new FileEdit(path, "x")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void emptyPathIsRefused() {
    assertThatThrownBy(() -> OverlayLocation.checkPath("")).hasMessageContaining("is empty");
    assertThat(OverlayLocation.seedLayout("api", "dev").directory())
        .isEqualTo("apps/api/overlays/dev");
  }

  @Test
  void actorsNeedAnIdentityFitForGit() {
    assertThatThrownBy(() -> Actor.human(" ", "a@b.c"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid actor name ' '");
    assertThatThrownBy(() -> Actor.human("Eve <x>", "a@b.c")).hasMessageContaining("without '<'");
    assertThatThrownBy(() -> Actor.bot("CI", "not-an-email"))
        .hasMessageContaining("invalid actor email 'not-an-email'");
    assertThat(Actor.bot("CI Bot", "ci@x.org")).hasToString("CI Bot <ci@x.org>");
  }

  @Test
  void applicationsValidateNameRepositoryAndDependencies() {
    assertThatThrownBy(() -> Application.builder().name("Api").imageRepository("x/api").build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid application name 'Api'");
    assertThatThrownBy(() -> Application.builder().name("api").imageRepository("X/Api").build())
        .hasMessageContaining("application 'api' has an invalid image repository")
        .hasMessageContaining("must be lowercase");
    assertThatThrownBy(
            () -> Application.builder().name("api").imageRepository("ghcr.io/x/api:1.0").build())
        .hasMessageContaining("must not carry a tag or digest; use 'ghcr.io/x/api'");
    assertThatThrownBy(
            () ->
                Application.builder()
                    .name("api")
                    .imageRepository("ghcr.io/x/api")
                    .addDependsOn("api")
                    .build())
        .hasMessageContaining("application 'api' depends on itself");
  }

  @Test
  void requestsNameAtLeastOneValidApplication() {
    Actor ada = Actor.human("Ada", "ada@x.org");
    assertThatThrownBy(() -> PromotionRequest.builder().targetEnvironment("dev").actor(ada).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("names no application");
    ImageReference image = ImageReference.parse("ghcr.io/x/api@" + ImageReferenceTest.DIGEST);
    assertThatThrownBy(() -> PromotionRequest.of("API", image, "dev", ada))
        .hasMessageContaining("invalid application name 'API'");
    assertThat(PromotionRequest.of("api", image, "dev", ada).promotionId())
        .isEqualTo(PromotionRequest.of("api", image, "dev", ada).promotionId())
        .isNotEqualTo(PromotionRequest.of("api", image, "staging", ada).promotionId())
        .matches("prm-[0-9a-f]{16}");
  }

  @Test
  void revisionsAreSingleTokens() {
    assertThatThrownBy(() -> Revision.of("a b")).hasMessageContaining("invalid revision id 'a b'");
    assertThat(Revision.of("0123456789abcdef").abbreviated()).isEqualTo("0123456");
  }
}
