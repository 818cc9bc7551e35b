package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  static final String DIGEST = "sha256:" + ImageDigestTest.HEX64;

  @Test
  void parsesEveryPart() {
    ImageReference ref = ImageReference.parse("localhost:5000/team/app:v1.2@" + DIGEST);
    assertThat(ref.registry()).contains("localhost:5000");
    assertThat(ref.path()).isEqualTo("team/app");
    assertThat(ref.tag()).contains("v1.2");
    assertThat(ref.digest()).contains(ImageDigest.parse(DIGEST));
    assertThat(ref.isPinned()).isTrue();
    assertThat(ref).hasToString("localhost:5000/team/app:v1.2@" + DIGEST);
  }

  @ParameterizedTest
  @CsvSource({
    "nginx, docker.io/library/nginx, nginx",
    "library/nginx, docker.io/library/nginx, nginx",
    "docker.io/library/nginx, docker.io/library/nginx, nginx",
    "index.docker.io/library/nginx, docker.io/library/nginx, nginx",
    "bitnami/redis, docker.io/bitnami/redis, bitnami/redis",
    "ghcr.io/myorg/api, ghcr.io/myorg/api, ghcr.io/myorg/api",
    "localhost/app, localhost/app, localhost/app",
    "myregistry:5000/app, myregistry:5000/app, myregistry:5000/app",
    "docker.io/library/a/b, docker.io/library/a/b, library/a/b",
  })
  void normalizesLikeDocker(String written, String canonical, String familiar) {
    ImageReference ref = ImageReference.parse(written);
    assertThat(ref.canonicalName()).isEqualTo(canonical);
    assertThat(ref.familiarName()).isEqualTo(familiar);
    assertThat(ref.canonical().familiar().familiarName()).isEqualTo(familiar);
  }

  @Test
  void sameRepositoryComparesCanonicalNames() {
    assertThat(
            ImageReference.parse("nginx:1")
                .sameRepository(ImageReference.parse("docker.io/library/nginx@" + DIGEST)))
        .isTrue();
    assertThat(ImageReference.parse("nginx").sameRepository(ImageReference.parse("nginx2")))
        .isFalse();
  }

  @Test
  void withDigestPinsAndKeepsTag() {
    ImageReference pinned =
        ImageReference.parse("ghcr.io/myorg/api:1.4").withDigest(ImageDigest.parse(DIGEST));
    assertThat(pinned).hasToString("ghcr.io/myorg/api:1.4@" + DIGEST);
    assertThat(pinned.withoutVersion()).hasToString("ghcr.io/myorg/api");
    assertThat(pinned.withTag("2.0").tag()).contains("2.0");
  }

  @Test
  void firstComponentWithUppercaseIsARegistry() {
    ImageReference ref = ImageReference.parse("MyHost/app");
    assertThat(ref.registry()).contains("MyHost");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | the reference is empty",
        "ghcr.io/MyOrg/api | repository name must be lowercase, found 'M'",
        "ghcr.io//api | the repository path has an empty component",
        "ghcr.io/org/ | the repository path has an empty component",
        "ghcr.io/ | the repository name is empty",
        "api: | the tag after ':' is empty",
        "api:-x | tag '-x' must start with a letter, digit or '_', not '-'",
        "api:a+b | tag 'a+b' has the character '+'",
        "a_-b | separator '-' that is not between letters or digits",
        "-api | has a separator '-' that is not between letters or digits",
        "api- | ends with the separator '-'",
        "api@sha256:abc | sha256 needs 64 hex digits, got 3",
        "my host/app | repository component 'my host' has the character ' '",
        "host:port/app | registry port 'port' is not a number",
        "-bad.io/app | registry host component '-bad' starts or ends with '-'",
        "bad..io/app | registry host 'bad..io' has an empty component",
      })
  void rejectsWhatTheGrammarRejects(String text, String problem) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid image reference '" + text + "'")
        .hasMessageContaining(problem);
    assertThat(ImageReference.tryParse(text)).isEmpty();
  }

  @Test
  void rejectsOverlongTagAndName() {
    assertThatThrownBy(() -> ImageReference.parse("api:" + "a".repeat(129)))
        .hasMessageContaining("tag is 129 characters, at most 128 are allowed");
    assertThat(ImageReference.parse("api:" + "a".repeat(128)).tag()).isPresent();
    assertThatThrownBy(() -> ImageReference.parse("a/" + "b".repeat(254)))
        .hasMessageContaining("repository name is 256 characters, at most 255 are allowed");
  }

  @Test
  void recordConstructorValidatesToo() {
    assertThatThrownBy(
            () -> new ImageReference(Optional.empty(), "Api", Optional.empty(), Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be lowercase");
  }

  @Test
  void aLoginInsideTheReferenceIsRefusedAndNeverShown() {
    for (String written :
        new String[] {
          "bob:hunter2@ghcr.io/myorg/api:v1",
          "bob:hunter2@localhost:5000/app@" + DIGEST,
          "https://bob:hunter2@ghcr.io/myorg/api:v1"
        }) {
      assertThatThrownBy(() -> ImageReference.parse(written))
          .as(written)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("holds a login")
          .hasMessageContaining("***@")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void controlCharactersInTheReferenceAreEscapedInTheMessage() {
    assertThatThrownBy(() -> ImageReference.parse("ghcr.io/myorg/api:v1\u001b[2J"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("v1\\e[2J")
        .hasMessageNotContaining("\u001b");
  }
}
