package dev.gitops.promotion.gates;

import static dev.gitops.promotion.gates.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.Gates;
import dev.gitops.promotion.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Soak never passes early; all-of and any-of combine verdicts as documented. */
class GateProperties {

  /**
   * Whatever the ledger time and the agent's healthy-since time, soak passes only once the digest
   * ran (healthy, where an agent reports) for the whole duration, and a wait names exactly when.
   */
  @Property(tries = 500)
  void soakNeverPassesBeforeItsDuration(
      @ForAll @IntRange(min = -3000, max = 3000) int enteredMinutes,
      @ForAll @IntRange(min = -3000, max = 3000) int healthyMinutes,
      @ForAll boolean agent,
      @ForAll @IntRange(min = 1, max = 2000) int soakMinutes) {
    Instant entered = NOW.plus(Duration.ofMinutes(enteredMinutes));
    Instant healthy = NOW.plus(Duration.ofMinutes(healthyMinutes));
    Duration soak = Duration.ofMinutes(soakMinutes);
    Instant from = agent && healthy.isAfter(entered) ? healthy : entered;
    for (Instant now : List.of(NOW, from.plus(soak).minusNanos(1), from.plus(soak))) {
      GateContext.Builder b = context(now).addUpstreamRecords(stagingRecord(D1, entered));
      if (agent) {
        b.upstreamStatus(Map.of("staging", Map.of("api", healthy(STAGING_COMMIT, healthy))))
            .upstreamReached(reached());
      }
      Verdict v = Soak.of(soak).evaluate(b.build());
      if (v.passed()) {
        assertThat(now).isAfterOrEqualTo(from.plus(soak));
      } else {
        assertThat(v.isWaiting()).isTrue();
        assertThat(now).isBefore(from.plus(soak));
        assertThat(v.retryAt()).contains(from.plus(soak));
      }
    }
  }

  @Provide
  Arbitrary<List<Verdict>> verdicts() {
    Arbitrary<Verdict> one =
        Combinators.combine(
                Arbitraries.of(Verdict.Status.class), Arbitraries.integers().between(-1, 500))
            .as(
                (status, minutes) ->
                    switch (status) {
                      case PASS -> Verdict.pass("ok");
                      case FAIL -> Verdict.fail("no");
                      case WAIT ->
                          minutes < 0
                              ? Verdict.waiting("later")
                              : Verdict.waitUntil(NOW.plusSeconds(60L * minutes), "at");
                    });
    return one.list().ofMinSize(1).ofMaxSize(6);
  }

  private static List<Gate> gates(List<Verdict> verdicts) {
    List<Gate> gates = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      Verdict v = verdicts.get(i);
      gates.add(Gate.named("g" + i, ctx -> v));
    }
    return gates;
  }

  /** all-of fails if any fails; else waits if any waits, until the latest (unknown if any is). */
  @Property(tries = 500)
  void allOfFailsIfAnyFailsAndWaitsUntilTheLatest(@ForAll("verdicts") List<Verdict> verdicts) {
    Verdict all = Gates.allOf(gates(verdicts)).evaluate(context(NOW).build());
    boolean anyFail = verdicts.stream().anyMatch(Verdict::failed);
    boolean anyWait = verdicts.stream().anyMatch(Verdict::isWaiting);
    if (anyFail) {
      assertThat(all.failed()).isTrue();
    } else if (anyWait) {
      assertThat(all.isWaiting()).isTrue();
      boolean unknown = verdicts.stream().anyMatch(v -> v.isWaiting() && v.retryAt().isEmpty());
      Optional<Instant> latest =
          verdicts.stream()
              .filter(Verdict::isWaiting)
              .flatMap(v -> v.retryAt().stream())
              .max(Instant::compareTo);
      assertThat(all.retryAt()).isEqualTo(unknown ? Optional.empty() : latest);
    } else {
      assertThat(all.passed()).isTrue();
    }
  }

  /** any-of passes if any passes; else waits if any waits, until the earliest; else fails. */
  @Property(tries = 500)
  void anyOfIsTheDual(@ForAll("verdicts") List<Verdict> verdicts) {
    Verdict any = Gates.anyOf(gates(verdicts)).evaluate(context(NOW).build());
    if (verdicts.stream().anyMatch(Verdict::passed)) {
      assertThat(any.passed()).isTrue();
    } else if (verdicts.stream().anyMatch(Verdict::isWaiting)) {
      assertThat(any.isWaiting()).isTrue();
      Optional<Instant> earliest =
          verdicts.stream()
              .filter(Verdict::isWaiting)
              .flatMap(v -> v.retryAt().stream())
              .min(Instant::compareTo);
      assertThat(any.retryAt()).isEqualTo(earliest);
    } else {
      assertThat(any.failed()).isTrue();
    }
  }

  /** not swaps pass and fail and keeps a wait. */
  @Property(tries = 200)
  void notSwapsPassAndFail(@ForAll("verdicts") List<Verdict> verdicts) {
    Verdict v = verdicts.get(0);
    Verdict negated = Gates.not(gates(verdicts).get(0)).evaluate(context(NOW).build());
    assertThat(negated.status())
        .isEqualTo(
            switch (v.status()) {
              case PASS -> Verdict.Status.FAIL;
              case FAIL -> Verdict.Status.PASS;
              case WAIT -> Verdict.Status.WAIT;
            });
  }
}
