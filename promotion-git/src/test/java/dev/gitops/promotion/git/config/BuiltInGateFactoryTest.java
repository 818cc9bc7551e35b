package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.gates.Approvals;
import dev.gitops.promotion.gates.CodeOwnerApprovals;
import dev.gitops.promotion.gates.Pinning;
import dev.gitops.promotion.gates.Provenance;
import dev.gitops.promotion.gates.RequiredChecks;
import dev.gitops.promotion.gates.Soak;
import dev.gitops.promotion.gates.UpstreamHealthy;
import dev.gitops.promotion.gates.Window;
import dev.gitops.promotion.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GateFactory.builtIn() builds every known gate, with every parameter, from the pipeline file. */
class BuiltInGateFactoryTest {

  static final String FILE =
      """
      environments:
        - name: dev
          delivery: direct
          gates: [pinning]
        - name: staging
          gates:
            - {name: required-checks, checks: [smoke-tests], fromBranchProtection: true, allowSkipped: false}
            - upstream-healthy
            - provenance
        - name: production
          gates:
            - {name: approvals, count: 2, group: "@myorg/qa", headOnly: true, codeOwners: true}
            - {name: code-owners, headOnly: false}
            - {name: soak, duration: 30m}
            - {name: change-window, days: [mon, tue], hours: "09:00-17:00", zone: Europe/Berlin, overrideApprovers: [lead]}
            - {name: freeze-window, schedule: "Fri 15:00 to Mon 09:00", zone: Europe/Berlin, from: "2026-12-20T00:00:00Z", until: "2027-01-04T00:00:00Z", reason: holidays, overrideApprovers: [lead, cto]}
      """;

  @Test
  void everyKnownGateIsBuilt() {
    Pipeline p = PipelineFile.parse("promotion.yaml", FILE).pipeline(GateFactory.builtIn());
    assertThat(p.environment("dev").gates()).singleElement().isInstanceOf(Pinning.class);
    assertThat(p.environment("staging").gates())
        .extracting(Gate::getClass)
        .containsExactly(RequiredChecks.class, UpstreamHealthy.class, Provenance.class);
    assertThat(p.environment("production").gates())
        .extracting(Gate::name)
        .containsExactly("approvals", "code-owners", "soak", "change-window", "freeze-window");
    assertThat(p.environment("production").gates())
        .extracting(Gate::getClass)
        .containsExactly(
            Approvals.class, CodeOwnerApprovals.class, Soak.class, Window.class, Window.class);
    assertThat(((Soak) p.environment("production").gates().get(2)).duration())
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(GateSpec.KNOWN)
        .containsExactly(
            "required-checks",
            "approvals",
            "soak",
            "upstream-healthy",
            "change-window",
            "freeze-window",
            "code-owners",
            "provenance",
            "pinning");
  }

  @Test
  void theFreezeWindowIsTheWeeklyWindowOrTheDateRangeInItsZone() {
    Window freeze =
        (Window)
            PipelineFile.parse("promotion.yaml", FILE)
                .pipeline(GateFactory.builtIn())
                .environment("production")
                .gates()
                .get(4);
    Schedule s = freeze.schedule();
    assertThat(s.contains(Instant.parse("2026-11-06T14:00:00Z"))).isTrue(); // Fri 15:00 CET
    assertThat(s.contains(Instant.parse("2026-11-06T13:59:59Z"))).isFalse();
    assertThat(s.contains(Instant.parse("2026-12-23T12:00:00Z"))).isTrue(); // Wednesday, holidays
  }

  @Test
  void aGateWithoutItsWindowOrChecksIsRefusedAtItsLocation() {
    for (String gate :
        new String[] {
          "{name: required-checks, allowNeutral: false}",
          "{name: change-window, zone: UTC}",
          "{name: change-window, days: [mon]}",
          "{name: freeze-window, from: \"2026-12-20T00:00:00Z\"}",
          "{name: freeze-window, from: \"2027-01-20T00:00:00Z\", until: \"2026-12-20T00:00:00Z\"}",
        }) {
      PromotionConfig c =
          PipelineFile.parse(
              "promotion.yaml", "environments:\n  - name: dev\n    gates: [" + gate + "]\n");
      assertThatThrownBy(() -> c.pipeline(GateFactory.builtIn()))
          .as(gate)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.location()).contains("promotion.yaml:3:13"));
    }
  }

  @Test
  void anInvalidScheduleIsAParseError() {
    assertThatThrownBy(
            () ->
                PipelineFile.parse(
                    "promotion.yaml",
                    "environments:\n  - name: dev\n    gates: [{name: freeze-window, schedule: 'Fri"
                        + " 25:00 to Mon 09:00'}]\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("promotion.yaml:3:")
        .hasMessageContaining("'schedule' of gate 'freeze-window'");
  }

  @Test
  void aCustomGateIsRegisteredByNameAndReplacesNothingElse() {
    GateFactory factory =
        GateFactory.builtIn()
            .with(
                "security-scan",
                (env, spec) ->
                    Gate.named(
                        "security-scan",
                        ctx -> Verdict.pass("severity " + spec.string("severity").orElse("?"))));
    Pipeline p =
        PipelineFile.parse(
                "promotion.yaml",
                "environments:\n  - name: dev\n    gates: [pinning, {name: security-scan,"
                    + " severity: high}]\n")
            .pipeline(factory);
    assertThat(p.environment("dev").gates())
        .extracting(Gate::name)
        .containsExactly("pinning", "security-scan");
  }
}
