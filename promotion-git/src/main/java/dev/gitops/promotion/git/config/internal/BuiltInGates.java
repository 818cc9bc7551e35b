package dev.gitops.promotion.git.config.internal;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.gates.Approvals;
import dev.gitops.promotion.gates.CodeOwnerApprovals;
import dev.gitops.promotion.gates.Pinning;
import dev.gitops.promotion.gates.Provenance;
import dev.gitops.promotion.gates.RequiredChecks;
import dev.gitops.promotion.gates.Soak;
import dev.gitops.promotion.gates.UpstreamHealthy;
import dev.gitops.promotion.gates.Window;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.GateSpec;
import dev.gitops.promotion.schedule.DateRange;
import dev.gitops.promotion.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The core's built-in gates, built from the pipeline file's {@link GateSpec}s. */
final class BuiltInGates {
  private BuiltInGates() {}

  static Map<String, GateFactory> factories() {
    Map<String, GateFactory> m = new LinkedHashMap<>();
    m.put("required-checks", (env, spec) -> requiredChecks(env, spec));
    m.put("approvals", (env, spec) -> approvals(spec));
    m.put("code-owners", (env, spec) -> codeOwners(spec));
    m.put(
        "soak",
        (env, spec) -> Soak.of(spec.duration("duration").orElseThrow(() -> missing(env, spec))));
    m.put("upstream-healthy", (env, spec) -> UpstreamHealthy.create());
    m.put("change-window", (env, spec) -> changeWindow(env, spec));
    m.put("freeze-window", (env, spec) -> freezeWindow(env, spec));
    m.put("provenance", (env, spec) -> Provenance.create());
    m.put("pinning", (env, spec) -> Pinning.create());
    if (!m.keySet().equals(new java.util.LinkedHashSet<>(GateSpec.KNOWN))) {
      throw new IllegalStateException("the built-in gates and GateSpec.KNOWN disagree");
    }
    return m;
  }

  private static Gate requiredChecks(String env, GateSpec spec) {
    List<String> checks = spec.strings("checks");
    boolean protection = spec.bool("fromBranchProtection").orElse(false);
    if (checks.isEmpty() && !protection) {
      throw invalid(env, spec, "names no check: give 'checks' or 'fromBranchProtection: true'");
    }
    RequiredChecks gate =
        checks.isEmpty() ? RequiredChecks.fromBranchProtection() : RequiredChecks.of(checks);
    if (protection && !checks.isEmpty()) {
      gate = gate.andBranchProtection();
    }
    return gate.allowNeutral(spec.bool("allowNeutral").orElse(true))
        .allowSkipped(spec.bool("allowSkipped").orElse(true));
  }

  private static Gate approvals(GateSpec spec) {
    Approvals gate = Approvals.of(spec.integer("count").orElseThrow().intValue());
    Optional<String> group = spec.string("group");
    if (group.isPresent()) {
      gate = gate.fromGroup(group.get());
    }
    if (spec.bool("headOnly").isPresent()) {
      gate = gate.headOnly(spec.bool("headOnly").get());
    }
    return spec.bool("codeOwners").orElse(false) ? gate.andCodeOwners() : gate;
  }

  private static Gate codeOwners(GateSpec spec) {
    CodeOwnerApprovals gate = CodeOwnerApprovals.create();
    return spec.bool("headOnly").map(gate::headOnly).orElse(gate);
  }

  private static Gate changeWindow(String env, GateSpec spec) {
    ZoneId zone = zone(spec);
    List<Schedule> parts = new ArrayList<>();
    spec.string("schedule").ifPresent(s -> parts.add(Schedule.parse(s, zone)));
    Optional<String> hours = spec.string("hours");
    if (hours.isPresent()) {
      List<String> days = spec.strings("days");
      String text =
          (days.isEmpty() ? "daily" : String.join(",", days))
              + " "
              + hours.get()
              + " "
              + zone.getId();
      parts.add(Schedule.parse(text, zone));
    } else if (!spec.strings("days").isEmpty()) {
      throw invalid(env, spec, "gives 'days' without 'hours'");
    }
    if (parts.isEmpty()) {
      throw invalid(env, spec, "has no window: give 'hours' (and 'days') or 'schedule'");
    }
    return Window.changeWindow(spec.name(), Schedule.anyOf(parts))
        .overridableBy(spec.strings("overrideApprovers"));
  }

  private static Gate freezeWindow(String env, GateSpec spec) {
    ZoneId zone = zone(spec);
    List<Schedule> parts = new ArrayList<>();
    spec.string("schedule").ifPresent(s -> parts.add(Schedule.parse(s, zone)));
    Optional<Instant> from = spec.instant("from");
    Optional<Instant> until = spec.instant("until");
    if (from.isPresent() != until.isPresent()) {
      throw invalid(env, spec, "needs both 'from' and 'until'");
    }
    if (from.isPresent()) {
      if (!until.get().isAfter(from.get())) {
        throw invalid(env, spec, "ends ('until') before it starts ('from')");
      }
      parts.add(DateRange.between(from.get(), until.get()));
    }
    if (parts.isEmpty()) {
      throw invalid(env, spec, "has no window: give 'from' and 'until', or 'schedule'");
    }
    Window gate =
        Window.freeze(spec.name(), Schedule.anyOf(parts))
            .overridableBy(spec.strings("overrideApprovers"));
    return spec.string("reason").map(gate::labelled).orElse(gate);
  }

  private static ZoneId zone(GateSpec spec) {
    return spec.string("zone").map(ZoneId::of).orElse(ZoneOffset.UTC);
  }

  private static InvalidInputException missing(String env, GateSpec spec) {
    return invalid(env, spec, "misses a required parameter");
  }

  private static InvalidInputException invalid(String env, GateSpec spec, String problem) {
    return new InvalidInputException(
        "gate '"
            + spec.name()
            + "' of environment '"
            + env
            + "' "
            + problem.toLowerCase(Locale.ROOT).charAt(0)
            + problem.substring(1),
        spec.location(),
        null);
  }
}
