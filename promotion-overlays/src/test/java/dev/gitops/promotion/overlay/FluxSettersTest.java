package dev.gitops.promotion.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FluxSettersTest {
  static final String D1 = "sha256:" + "a".repeat(64);

  static final String FILE =
      """
      apiVersion: apps/v1
      kind: Deployment
      spec:
        template:
          spec:
            containers:
            - name: api
              image: ghcr.io/o/api:1.0.0 # {"$imagepolicy": "flux-system:api"}
      ---
      api:
        image:
          repository: ghcr.io/o/api # {"$imagepolicy": "flux-system:api:name"}
          tag: '1.0.0' ## {"$imagepolicy": "flux-system:api:tag"}
          digest: "" # {"$imagepolicy": "flux-system:api:digest"}
        other: x # {"$imagepolicy": "flux-system:other"}
        ignored: y # {"$imagepolicy": "flux-system:api:version"}
        notAMarker: z # {"$imagepolicy": "flux-system:api"} trailing
        list:
        - ghcr.io/o/api:0.9 # {"$imagepolicy": "flux-system:api"}
      """;

  static OverlayFile file() {
    return new OverlayFile("apps/api.yaml", FILE);
  }

  @Test
  void findsMarkersLikeFlux() {
    assertThat(FluxSetters.markers(file()))
        .extracting(FluxMarker::policy, FluxMarker::field, FluxMarker::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "flux-system:api", Optional.empty(), "ghcr.io/o/api:1.0.0"),
            org.assertj.core.groups.Tuple.tuple(
                "flux-system:api", Optional.of("name"), "ghcr.io/o/api"),
            org.assertj.core.groups.Tuple.tuple("flux-system:api", Optional.of("tag"), "1.0.0"),
            org.assertj.core.groups.Tuple.tuple("flux-system:api", Optional.of("digest"), ""),
            org.assertj.core.groups.Tuple.tuple("flux-system:other", Optional.empty(), "x"),
            org.assertj.core.groups.Tuple.tuple(
                "flux-system:api", Optional.empty(), "ghcr.io/o/api:0.9"));
  }

  @Test
  void setsEachMarkerAsFluxWouldKeepingQuotesAndComments() {
    EditResult r =
        FluxSetters.apply(
            file(), Map.of("flux-system:api", ImageReference.parse("ghcr.io/o/api:1.1.0@" + D1)));
    assertThat(r.content())
        .isEqualTo(
            FILE.replace("image: ghcr.io/o/api:1.0.0 #", "image: ghcr.io/o/api:1.1.0@" + D1 + " #")
                .replace("tag: '1.0.0'", "tag: '1.1.0'")
                .replace("digest: \"\"", "digest: \"" + D1 + "\"")
                .replace("- ghcr.io/o/api:0.9", "- ghcr.io/o/api:1.1.0@" + D1));
    assertThat(r.changes()).hasSize(4);
  }

  @Test
  void quotesNumericTagsAndRefusesMissingParts() {
    OverlayFile f = new OverlayFile("v.yaml", "tag: v1 # {\"$imagepolicy\": \"ns:p:tag\"}\n");
    assertThat(FluxSetters.apply(f, Map.of("ns:p", ImageReference.parse("a/b:1.10"))).content())
        .isEqualTo("tag: \"1.10\" # {\"$imagepolicy\": \"ns:p:tag\"}\n");
    assertThatThrownBy(
            () -> FluxSetters.apply(f, Map.of("ns:p", ImageReference.parse("a/b@" + D1))))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.INVALID_ARGUMENT);
              assertThat(e.location()).contains("v.yaml:1:6");
            });
    assertThatThrownBy(
            () -> FluxSetters.apply(f, Map.of("nopolicy", ImageReference.parse("a/b:1"))))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theFormatSelectsByPolicyOrRepository() {
    var flux = OverlayFormats.flux();
    ImageSelector byPolicy =
        new ImageSelector("ghcr.io/o/api", Map.of("policy", "flux-system:other"));
    assertThat(flux.readImage(file(), byPolicy)).contains(ImageReference.parse("x"));
    OverlayFile values =
        new OverlayFile(
            "values.yaml",
            "image:\n  repository: ghcr.io/o/api # {\"$imagepolicy\": \"ns:api:name\"}\n"
                + "  tag: 1.0.0 # {\"$imagepolicy\": \"ns:api:tag\"}\n");
    ImageSelector byRepository = ImageSelector.of("ghcr.io/o/api");
    assertThat(flux.readImage(values, byRepository))
        .contains(ImageReference.parse("ghcr.io/o/api:1.0.0"));
    assertThat(flux.writeImage(values, byRepository, ImageReference.parse("ghcr.io/o/api:1.0.1")))
        .isEqualTo(values.content().replace("tag: 1.0.0", "tag: 1.0.1"));
    assertThatThrownBy(
            () ->
                flux.writeImage(
                    values,
                    ImageSelector.of("ghcr.io/o/web"),
                    ImageReference.parse("ghcr.io/o/web:1")))
        .isInstanceOfSatisfying(
            OverlayEditException.class,
            e -> assertThat(e.reason()).isEqualTo(OverlayEditException.Reason.NOT_FOUND));
  }
}
