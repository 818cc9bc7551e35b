package dev.gitops.promotion.testkit.scenarios;

import static dev.gitops.promotion.testkit.scenarios.SeedWorld.ADA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.testkit.Scenario;
import dev.gitops.promotion.testkit.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scenario shown in docs/testkit.md, and its printed timeline, kept in
 * src/test/resources/.../readme-timeline.txt: if the output changes, this test says so.
 */
class ReadmeExampleTest {

  static Timeline runReadmeScenario() {
    return Scenario.builder("api-service to production")
        .ciBuilds("build-1") // CI commits the digest to dev
        .awaitHealthy("dev", Duration.ofMinutes(5)) // the agent syncs it after 30 s
        .promote("staging", "build-1", ADA) // a change request opens
        .reportCheck("staging", "smoke-tests", Check.State.SUCCESS)
        .awaitMerge("staging", Duration.ofHours(1)) // gates pass: merged
        .awaitHealthy("staging", Duration.ofMinutes(5))
        .waitFor(Duration.ofHours(7)) // Friday 16:02: the weekend freeze has begun
        .promote("production", "build-1", ADA)
        .approve("production", "bob")
        .approve("production", "carol")
        .awaitMerge("production", Duration.ofDays(3)) // waits out the freeze
        .awaitHealthy("production", Duration.ofMinutes(5))
        .build()
        .runIn(SeedWorld.create());
  }

  @Test
  void theDocumentedScenarioPrintsTheDocumentedTimeline() throws IOException {
    String expected;
    try (InputStream in = ReadmeExampleTest.class.getResourceAsStream("readme-timeline.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(runReadmeScenario().render()).isEqualTo(expected);
  }
}
