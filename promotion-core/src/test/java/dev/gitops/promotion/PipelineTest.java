package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineTest {
  static Environment env(String name) {
    return Environment.of(name, Delivery.CHANGE_REQUEST);
  }

  @Test
  void addOrderIsTheChainWithoutEdges() {
    Pipeline p = Pipeline.chain(env("dev"), env("staging"), env("production"));
    assertThat(p.entry().name()).isEqualTo("dev");
    assertThat(p.upstreams("production")).extracting(Environment::name).containsExactly("staging");
    assertThat(p.downstreams("dev")).extracting(Environment::name).containsExactly("staging");
    assertThat(p.upstreams("dev")).isEmpty();
    assertThat(p.indexOf("production")).isEqualTo(2);
    assertThat(p).hasToString("dev -> staging, staging -> production");
  }

  @Test
  void graphFansOutAndOrdersTopologically() {
    Pipeline p =
        Pipeline.builder()
            .add(env("prod-eu"))
            .add(env("staging"))
            .add(env("prod-us"))
            .add(env("dev"))
            .edge("dev", "staging")
            .edge("staging", "prod-eu")
            .edge("staging", "prod-us")
            .build();
    assertThat(p.environments())
        .extracting(Environment::name)
        .containsExactly("dev", "staging", "prod-eu", "prod-us");
    assertThat(p.downstreams("staging"))
        .extracting(Environment::name)
        .containsExactly("prod-eu", "prod-us");
    assertThat(p.environment("prod-eu").production()).isTrue();
  }

  @Test
  void rejectsEmptyPipeline() {
    assertThatThrownBy(() -> Pipeline.builder().build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least one environment");
  }

  @Test
  void rejectsDuplicateNames() {
    assertThatThrownBy(() -> Pipeline.chain(env("dev"), env("dev")))
        .hasMessageContaining("environment 'dev' is declared twice");
  }

  @Test
  void rejectsEdgesToUnknownEnvironments() {
    assertThatThrownBy(() -> Pipeline.builder().add(env("dev")).edge("dev", "qa").build())
        .hasMessageContaining("edge dev -> qa names unknown environment 'qa'");
  }

  @Test
  void rejectsSelfLoopsAndDuplicateEdges() {
    assertThatThrownBy(() -> Pipeline.builder().add(env("dev")).edge("dev", "dev").build())
        .hasMessageContaining("cannot feed itself");
    assertThatThrownBy(
            () ->
                Pipeline.builder()
                    .add(env("dev"))
                    .add(env("qa"))
                    .edge("dev", "qa")
                    .edge("dev", "qa")
                    .build())
        .hasMessageContaining("declared twice");
  }

  @Test
  void rejectsTwoEntries() {
    assertThatThrownBy(
            () ->
                Pipeline.builder()
                    .add(env("dev"))
                    .add(env("qa"))
                    .add(env("prod"))
                    .edge("dev", "prod")
                    .edge("qa", "prod")
                    .build())
        .hasMessageContaining("exactly one entry environment, found [dev, qa]");
  }

  @Test
  void rejectsCycles() {
    assertThatThrownBy(
            () ->
                Pipeline.builder()
                    .add(env("dev"))
                    .add(env("a"))
                    .add(env("b"))
                    .edge("dev", "a")
                    .edge("a", "b")
                    .edge("b", "a")
                    .build())
        .hasMessageContaining("cycle through [a, b]");
    assertThatThrownBy(
            () ->
                Pipeline.builder()
                    .add(env("a"))
                    .add(env("b"))
                    .edge("a", "b")
                    .edge("b", "a")
                    .build())
        .hasMessageContaining("cycle");
  }

  @Test
  void unknownEnvironmentListsTheKnownOnes() {
    Pipeline p = Pipeline.chain(env("dev"), env("staging"));
    assertThatThrownBy(() -> p.environment("prod"))
        .hasMessageContaining("unknown environment 'prod'; the pipeline has [dev, staging]");
    assertThat(p.find("prod")).isEmpty();
  }

  @Test
  void environmentValidatesNameAndBranch() {
    assertThatThrownBy(() -> env("Dev"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid environment name 'Dev'");
    assertThatThrownBy(() -> Environment.builder().name("dev").branch("a..b").build())
        .hasMessageContaining("invalid branch name 'a..b'");
    assertThat(env("staging").production()).isFalse();
    assertThat(env("production").production()).isTrue();
    assertThat(Environment.builder().name("live").production(true).build().production()).isTrue();
  }
}
