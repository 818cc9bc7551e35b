package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  @Test
  void itMovesOnlyForwardAndOnlyWhenTold() {
    ManualClock clock = ManualClock.at("2025-11-14T09:00:00Z");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-11-14T09:00:00Z"));
    assertThat(clock.advance(Duration.ofHours(2))).isEqualTo(Instant.parse("2025-11-14T11:00:00Z"));
    clock.set(Instant.parse("2025-11-14T12:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2025-11-14T12:00:00Z").toEpochMilli());
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.set(Instant.parse("2025-11-14T11:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only moves forward");
  }

  @Test
  void aZonedViewSharesTheTime() {
    ManualClock clock = ManualClock.at("2025-11-14T09:00:00Z");
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris).isNotEqualTo(clock);
  }
}
