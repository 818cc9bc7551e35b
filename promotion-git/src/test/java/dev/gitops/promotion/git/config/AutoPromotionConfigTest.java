package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.selection.TagPolicy;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.Adapters;
import dev.gitops.promotion.spi.ImageManifest;
import dev.gitops.promotion.spi.ImageRegistry;
import dev.gitops.promotion.spi.ImageRegistryProvider;
import dev.gitops.promotion.spi.ResolvedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code auto:} on an environment and the top-level {@code registry:} in promotion.yaml. */
class AutoPromotionConfigTest {

  @Test
  void theShortAndTheFluxShapeOfAnAutoPolicy() {
    PromotionConfig c =
        PipelineFile.parse(
            "promotion.yaml",
            """
            environments:
              - name: dev
                auto: {policy: semver, range: ">=1.0.0 <2.0.0"}
              - name: staging
                auto:
                  policy: {newestBuild: {pattern: '^main-[a-f0-9]+-(?<ts>[0-9]+)'}}
              - name: qa
                auto: {policy: numerical, order: asc, filterTags: {pattern: '^build-(?P<n>[0-9]+)$', extract: '$n'}}
              - production
            """);
    assertThat(c.pipelineWithoutGates().environment("dev").autoPromotion())
        .contains(TagPolicy.semver(">=1.0.0 <2.0.0"));
    assertThat(c.pipelineWithoutGates().environment("staging").autoPromotion().orElseThrow().kind())
        .isEqualTo(TagPolicy.Kind.NEWEST_BUILD);
    assertThat(c.pipelineWithoutGates().environment("qa").autoPromotion().orElseThrow().describe())
        .isEqualTo("numerical asc of tags matching ^build-(?P<n>[0-9]+)$ by $n");
    assertThat(c.pipelineWithoutGates().environment("production").autoPromotion()).isEmpty();
    // the gates' factory keeps the policy on the environments it builds
    assertThat(c.pipeline(GateFactory.builtIn()).environment("dev").autoPromotion()).isPresent();
  }

  @Test
  void aBadPolicyOrAutomaticProductionIsRefusedWithItsLine() {
    assertThatThrownBy(
            () ->
                PipelineFile.parse(
                    "promotion.yaml",
                    "environments:\n  - name: dev\n    auto: {policy: semver, range: '>=1.0.0 <<2'}\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("promotion.yaml:3:11: ")
        .hasMessageContaining("'auto' of environment 'dev'");
    assertThatThrownBy(
            () ->
                PipelineFile.parse(
                    "promotion.yaml",
                    "environments:\n  - dev\n  - name: production\n    auto: {policy: semver, range: '*'}\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("production stays behind its human gate");
  }

  static final ImageRegistry NONE =
      new ImageRegistry() {
        @Override
        public ResolvedImage resolve(dev.gitops.promotion.ImageReference reference) {
          throw new UnsupportedOperationException();
        }

        @Override
        public List<String> tags(dev.gitops.promotion.ImageReference repository) {
          return List.of();
        }

        @Override
        public ImageManifest manifest(dev.gitops.promotion.ImageReference reference) {
          throw new UnsupportedOperationException();
        }
      };

  @Test
  void theRegistryIsBuiltByItsProvider() {
    PromotionConfig c =
        PipelineFile.parse(
            "promotion.yaml",
            "environments: [dev]\nregistry: {kind: oci, dockerConfig: /nowhere/config.json}\n");
    assertThat(c.registry().orElseThrow().string("dockerConfig")).contains("/nowhere/config.json");
    ImageRegistryProvider provider =
        new ImageRegistryProvider() {
          @Override
          public String kind() {
            return "oci";
          }

          @Override
          public ImageRegistry create(
              dev.gitops.promotion.spi.AdapterSpec spec, AdapterContext context) {
            return NONE;
          }
        };
    Adapters adapters = Adapters.of(List.of(), List.of()).withRegistries(List.of(provider));
    assertThat(c.imageRegistry(adapters, AdapterContext.system(java.time.Clock.systemUTC())))
        .contains(NONE);
    // without a declaration, the oci provider's defaults; without a provider, none
    PromotionConfig plain = PipelineFile.parse("promotion.yaml", "environments: [dev]\n");
    assertThat(plain.imageRegistry(adapters, AdapterContext.system(java.time.Clock.systemUTC())))
        .contains(NONE);
    assertThat(
            plain.imageRegistry(
                Adapters.of(List.of(), List.of()),
                AdapterContext.system(java.time.Clock.systemUTC())))
        .isEqualTo(Optional.empty());
    PromotionConfig other =
        PipelineFile.parse("promotion.yaml", "environments: [dev]\nregistry: {kind: zot}\n");
    assertThatThrownBy(
            () -> other.imageRegistry(adapters, AdapterContext.system(java.time.Clock.systemUTC())))
        .hasMessageStartingWith("promotion.yaml:2:11: ")
        .hasMessageContaining("no image registry of kind 'zot'");
  }
}
