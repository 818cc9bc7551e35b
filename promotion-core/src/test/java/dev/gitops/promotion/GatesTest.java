package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatesTest {
  static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-11-01T12:00:00Z");

  static Gate gate(String name, Verdict v) {
    return Gate.named(name, ctx -> v);
  }

  // Gates here ignore their context, so none is needed.
  static Verdict eval(Gate g) {
    return g.evaluate(null);
  }

  @Test
  void allOfPassesOnlyWhenAllPass() {
    Verdict v = eval(Gates.allOf(gate("a", Verdict.pass("ok")), gate("b", Verdict.pass("fine"))));
    assertThat(v.passed()).isTrue();
    assertThat(v.reasons()).containsExactly("a: ok", "b: fine");
  }

  @Test
  void allOfFailsWhenAnyFailsAndKeepsEveryReason() {
    Verdict v =
        eval(
            Gates.allOf(
                gate("a", Verdict.waitUntil(T1, "window closed")),
                gate("b", Verdict.fail("smoke-tests failed"))));
    assertThat(v.failed()).isTrue();
    assertThat(v.reasons()).containsExactly("b: smoke-tests failed", "a: window closed");
    assertThat(v.retryAt()).isEmpty();
  }

  @Test
  void allOfWaitsUntilTheLatestKnownTime() {
    Verdict v =
        eval(
            Gates.allOf(
                gate("a", Verdict.waitUntil(T1, "soak")),
                gate("b", Verdict.waitUntil(T2, "freeze")),
                gate("c", Verdict.pass("ok"))));
    assertThat(v.isWaiting()).isTrue();
    assertThat(v.retryAt()).contains(T2);
    Verdict unknown =
        eval(
            Gates.allOf(
                gate("a", Verdict.waitUntil(T1, "soak")),
                gate("b", Verdict.waiting("check pending"))));
    assertThat(unknown.retryAt()).isEmpty();
  }

  @Test
  void anyOfPassesWhenOnePasses() {
    Verdict v = eval(Gates.anyOf(gate("a", Verdict.fail("no")), gate("b", Verdict.pass("yes"))));
    assertThat(v.passed()).isTrue();
    assertThat(v.reasons()).containsExactly("b: yes");
  }

  @Test
  void anyOfWaitsUntilTheEarliestAndFailsWhenAllFail() {
    Verdict v =
        eval(
            Gates.anyOf(
                gate("a", Verdict.waitUntil(T2, "x")),
                gate("b", Verdict.waitUntil(T1, "y")),
                gate("c", Verdict.fail("z"))));
    assertThat(v.isWaiting()).isTrue();
    assertThat(v.retryAt()).contains(T1);
    assertThat(
            eval(Gates.anyOf(gate("a", Verdict.fail("x")), gate("b", Verdict.fail("y")))).failed())
        .isTrue();
    assertThat(eval(Gates.anyOf(List.of())).failed()).isTrue();
  }

  @Test
  void emptyAllOfPasses() {
    assertThat(Gates.evaluateAll(List.of(), null).passed()).isTrue();
  }

  @Test
  void combinatorNamesListMembers() {
    assertThat(Gates.allOf(gate("a", Verdict.pass("x")), gate("b", Verdict.pass("y"))).name())
        .isEqualTo("all-of(a, b)");
  }

  @Test
  void verdictValidation() {
    assertThatThrownBy(() -> new Verdict(Verdict.Status.PASS, List.of(), Optional.empty()))
        .hasMessageContaining("at least one reason");
    assertThatThrownBy(() -> new Verdict(Verdict.Status.FAIL, List.of("x"), Optional.of(T1)))
        .hasMessageContaining("only a WAIT verdict has a retry time");
    assertThat(Verdict.waitUntil(T1, "soak")).hasToString("WAIT until " + T1 + " (soak)");
  }
}
