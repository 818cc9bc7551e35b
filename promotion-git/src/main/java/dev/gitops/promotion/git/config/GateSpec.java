package dev.gitops.promotion.git.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A gate as the pipeline file names it: the gate's name, its parameters (already checked against
 * the gate's known parameters and types), and where in the file it was declared. Turning a spec
 * into a running {@link dev.gitops.promotion.Gate} is the job of a {@link GateFactory}.
 *
 * <p>The known gates and their parameters (see docs/pipeline-file.md and docs/gates.md):
 *
 * <ul>
 *   <li>{@code required-checks}: {@code checks} (list of status-check names), {@code
 *       fromBranchProtection} (boolean; one of the two is required), {@code allowNeutral} and
 *       {@code allowSkipped} (booleans, true unless given)
 *   <li>{@code approvals}: {@code count} (1 to 10, required), {@code codeOwners} (boolean), {@code
 *       group} (a team or group one approver must belong to), {@code headOnly} (boolean)
 *   <li>{@code code-owners}: {@code headOnly} (boolean)
 *   <li>{@code soak}: {@code duration} (like {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 {@code
 *       PT30M}, required): how long the upstream environment must have run the digest
 *   <li>{@code upstream-healthy}: no parameters: the upstream environments are synced and healthy
 *   <li>{@code change-window}: {@code days} (list of {@code mon} to {@code sun}) and {@code hours}
 *       ({@code HH:MM-HH:MM}), or {@code schedule} (schedule text), {@code zone} (a time-zone id,
 *       UTC unless given), {@code overrideApprovers} (list of logins or emails)
 *   <li>{@code freeze-window}: {@code from} and {@code until} (ISO-8601 instants), or {@code
 *       schedule} (schedule text), {@code zone}, {@code reason} (text), {@code overrideApprovers}
 *   <li>{@code provenance}, {@code pinning}: no parameters: the planner's rules as gates
 * </ul>
 *
 * <p>Any other name is a custom gate: the file may name it when the {@link GateFactory} in use has
 * it registered; its parameters are passed as written ({@link String} or {@code List<String>}).
 *
 * @param name the gate's name, one of {@link #KNOWN} or a custom gate's
 * @param parameters the parameters: {@link String}, {@link Long}, {@link Boolean}, {@link Duration}
 *     or a {@code List<String>}
 * @param location where it was declared, as {@code file:line:col}
 */
public record GateSpec(String name, Map<String, Object> parameters, String location) {

  /** The gate names a pipeline file may use. */
  public static final List<String> KNOWN =
      List.of(
          "required-checks",
          "approvals",
          "soak",
          "upstream-healthy",
          "change-window",
          "freeze-window",
          "code-owners",
          "provenance",
          "pinning");

  /** Checks the parts are present and copies the parameters. */
  public GateSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    parameters = Map.copyOf(parameters);
  }

  /** Whether this is a custom gate (not one of {@link #KNOWN}). */
  public boolean isCustom() {
    return !KNOWN.contains(name);
  }

  /** A text parameter. */
  public Optional<String> string(String key) {
    return typed(key, String.class);
  }

  /** A list-of-texts parameter, empty when absent. */
  @SuppressWarnings("unchecked")
  public List<String> strings(String key) {
    Object v = parameters.get(key);
    return v instanceof List<?> l ? (List<String>) l : List.of();
  }

  /** A whole-number parameter. */
  public Optional<Long> integer(String key) {
    return typed(key, Long.class);
  }

  /** A boolean parameter. */
  public Optional<Boolean> bool(String key) {
    return typed(key, Boolean.class);
  }

  /** An instant parameter (the times of {@code freeze-window}). */
  public Optional<Instant> instant(String key) {
    return typed(key, Instant.class);
  }

  /** A duration parameter. */
  public Optional<Duration> duration(String key) {
    return typed(key, Duration.class);
  }

  private <T> Optional<T> typed(String key, Class<T> type) {
    Object v = parameters.get(key);
    return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
  }

  @Override
  public String toString() {
    return parameters.isEmpty() ? name : name + new java.util.TreeMap<>(parameters);
  }
}
