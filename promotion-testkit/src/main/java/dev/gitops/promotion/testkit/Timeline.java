package dev.gitops.promotion.testkit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Scenario} did, event by event, in simulated-time order. Two runs of the same
 * scenario in equally built worlds give equal timelines; compare them with {@link #equals}, or
 * print {@link #render()}.
 *
 * <pre>
 * Scenario: seed flow
 * -- 2025-11-14 (UTC)
 * 09:00:00  CI Bot     COMMITTED          dev         api-service build-1 (sha256:1f4c0d2b6a9e) committed as 3f2a1b9
 * 09:00:30  agent      AGENT              dev         api-service in dev is HEALTHY: synced 3f2a1b9, rolled out ...
 * </pre>
 */
public final class Timeline {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final String scenario;
  private final List<TimelineEvent> events;

  /** A timeline of {@code events} for the scenario named {@code scenario}. */
  public Timeline(String scenario, List<TimelineEvent> events) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.events = List.copyOf(events);
  }

  /** The scenario's name. */
  public String scenario() {
    return scenario;
  }

  /** Every event, in order. */
  public List<TimelineEvent> events() {
    return events;
  }

  /** The events of one kind, in order. */
  public List<TimelineEvent> events(TimelineEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }

  /** The events concerning one environment, in order. */
  public List<TimelineEvent> eventsIn(String environment) {
    return events.stream().filter(e -> e.isIn(environment)).toList();
  }

  /** The first event of {@code kind} in {@code environment}, if any. */
  public Optional<TimelineEvent> first(TimelineEvent.Kind kind, String environment) {
    return events.stream().filter(e -> e.kind() == kind && e.isIn(environment)).findFirst();
  }

  /** The last event of {@code kind} in {@code environment}, if any. */
  public Optional<TimelineEvent> last(TimelineEvent.Kind kind, String environment) {
    TimelineEvent found = null;
    for (TimelineEvent e : events) {
      if (e.kind() == kind && e.isIn(environment)) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The timeline as text: a header, a line per day, then one line per event (time, actor, kind,
   * environment, description) with its reasons indented below it.
   */
  public String render() {
    StringBuilder sb = new StringBuilder("Scenario: ").append(scenario).append('\n');
    LocalDate day = null;
    for (TimelineEvent e : events) {
      LocalDate d = LocalDate.ofInstant(e.time(), ZoneOffset.UTC);
      if (!d.equals(day)) {
        sb.append("-- ").append(d).append(" (UTC)\n");
        day = d;
      }
      sb.append(TIME.format(e.time()))
          .append("  ")
          .append(pad(e.actor(), 12))
          .append(' ')
          .append(pad(e.kind().name(), 24))
          .append(' ')
          .append(pad(e.environment().orElse("-"), 11))
          .append(' ')
          .append(e.description())
          .append('\n');
      for (String r : e.reasons()) {
        sb.append(" ".repeat(10)).append("- ").append(r).append('\n');
      }
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    if (s.length() >= width) {
      return s;
    }
    return s + " ".repeat(width - s.length());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Timeline t && t.scenario.equals(scenario) && t.events.equals(events);
  }

  @Override
  public int hashCode() {
    return scenario.hashCode() * 31 + events.hashCode();
  }

  /** The same as {@link #render()}. */
  @Override
  public String toString() {
    return render();
  }
}
