package dev.gitops.promotion;

import java.util.Objects;
import java.util.Optional;

/**
 * An emergency override of one gate (a freeze or change window): which gate, who approves the
 * override, and why. A window gate accepts it only when the gate names {@code approver} among its
 * override approvers and the approver stands behind it (their standing approval of the change
 * request, or, for a direct commit, they are the one promoting). It travels with the request and is
 * recorded in the promotion's commit as a {@code Gate-Override} trailer: {@code <gate> by
 * <approver>: <reason>}.
 *
 * @param gate the name of the gate to override, such as {@code freeze-window}
 * @param approver the login or email of the person who approves the override
 * @param reason why, one line
 */
public record GateOverride(String gate, String approver, String reason) {

  /** Validates the parts: a gate name and an approver without blanks, a one-line reason. */
  public GateOverride {
    check("gate", gate);
    check("approver", approver);
    Objects.requireNonNull(reason, "reason");
    reason = reason.strip();
    if (reason.isEmpty() || SafeText.hasControls(reason)) {
      throw new InvalidInputException(
          "an override of gate '"
              + SafeText.escapeControls(gate)
              + "' needs a reason on one line, got '"
              + SafeText.escapeControls(reason)
              + "'");
    }
  }

  private static void check(String what, String value) {
    if (value == null
        || value.isBlank()
        || SafeText.hasControls(value)
        || value.chars().anyMatch(Character::isWhitespace)
        || value.contains(":")) {
      throw new InvalidInputException(
          "invalid override "
              + what
              + " '"
              + SafeText.escapeControls(String.valueOf(value))
              + "': one word without blanks or ':'");
    }
  }

  /** The trailer value: {@code <gate> by <approver>: <reason>}. */
  public String trailerValue() {
    return gate + " by " + approver + ": " + reason;
  }

  /** Reads a {@link #trailerValue()} back; empty when it is not one. */
  public static Optional<GateOverride> parseTrailer(String value) {
    int by = value.indexOf(" by ");
    int colon = by < 0 ? -1 : value.indexOf(": ", by + 4);
    if (by <= 0 || colon < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new GateOverride(
              value.substring(0, by), value.substring(by + 4, colon), value.substring(colon + 2)));
    } catch (InvalidInputException malformed) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return trailerValue();
  }
}
