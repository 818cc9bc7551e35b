package dev.gitops.promotion.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.gates.Fixture;
import dev.gitops.promotion.gates.Window;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The window gates over any schedule: a merge never lands inside a freeze. */
class FreezeGateProperties {

  @Provide
  Arbitrary<Schedule> schedules() {
    return ScheduleGenerators.schedules();
  }

  @Provide
  Arbitrary<Instant> instants() {
    return ScheduleGenerators.instants();
  }

  /**
   * A process that merges as soon as the freeze gate passes, asking again at each retry time, never
   * merges inside the freeze, and each wait names a later time.
   */
  @Property(tries = 300)
  void aFreezeNeverLetsAMergeLandInsideIt(
      @ForAll("schedules") Schedule freeze, @ForAll("instants") Instant start) {
    Window gate = Window.freeze("freeze-window", freeze);
    Instant now = start;
    for (int round = 0; round < 5; round++) {
      Verdict v = gate.evaluate(Fixture.context(now).build());
      if (v.passed()) {
        assertThat(freeze.contains(now)).as("merged at %s inside %s", now, freeze).isFalse();
        return;
      }
      assertThat(v.isWaiting()).isTrue();
      assertThat(freeze.contains(now)).isTrue();
      assertThat(v.retryAt()).isPresent();
      assertThat(v.retryAt().get()).isAfter(now);
      now = v.retryAt().get();
    }
  }

  /** A change window passes exactly inside, and a wait names when it opens. */
  @Property(tries = 300)
  void aChangeWindowPassesOnlyInsideAndWaitsUntilItOpens(
      @ForAll("schedules") Schedule window, @ForAll("instants") Instant now) {
    Verdict v = Window.changeWindow("change-window", window).evaluate(Fixture.context(now).build());
    assertThat(v.passed()).isEqualTo(window.contains(now));
    if (v.isWaiting()) {
      Instant opens = v.retryAt().orElseThrow();
      assertThat(opens).isAfter(now);
      assertThat(window.contains(opens)).isTrue();
    }
  }
}
