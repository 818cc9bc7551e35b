package dev.gitops.promotion;

import java.util.Objects;

/**
 * Who may deliver how to which environment. A refusal stops a promotion before anything is written,
 * with a {@link NotPermittedException} of rule {@link NotPermittedException.Rule#ACCESS_POLICY}.
 *
 * <p>{@link #seedDefault()} is the policy of the seed scenario; combine it with rules of your own
 * through {@link #and(AccessPolicy)}:
 *
 * <pre>{@code
 * AccessPolicy onlyOncallToProduction = (actor, env, delivery) ->
 *     env.production() && !oncall.contains(actor.email())
 *         ? AccessPolicy.Decision.deny(actor + " is not on call")
 *         : AccessPolicy.Decision.allow("on call");
 * AccessPolicy policy = AccessPolicy.seedDefault().and(onlyOncallToProduction);
 * }</pre>
 */
@FunctionalInterface
public interface AccessPolicy {

  /**
   * An access decision and its reason.
   *
   * @param allowed whether the move is allowed
   * @param reason why, in one sentence
   */
  record Decision(boolean allowed, String reason) {
    /** Checks the reason is present. */
    public Decision {
      Objects.requireNonNull(reason, "reason");
    }

    /** Allowed, because of {@code reason}. */
    public static Decision allow(String reason) {
      return new Decision(true, reason);
    }

    /** Refused, because of {@code reason}. */
    public static Decision deny(String reason) {
      return new Decision(false, reason);
    }
  }

  /** Decides whether {@code actor} may deliver to {@code environment} by {@code delivery}. */
  Decision decide(Actor actor, Environment environment, Delivery delivery);

  /**
   * Decides, and throws when refused.
   *
   * @throws NotPermittedException with the refusal's reason
   */
  default void check(Actor actor, Environment environment, Delivery delivery) {
    Decision d = decide(actor, environment, delivery);
    if (!d.allowed()) {
      throw new NotPermittedException(NotPermittedException.Rule.ACCESS_POLICY, d.reason());
    }
  }

  /** Allowed only when both this policy and {@code other} allow; the first refusal is reported. */
  default AccessPolicy and(AccessPolicy other) {
    Objects.requireNonNull(other, "other");
    return (actor, environment, delivery) -> {
      Decision first = decide(actor, environment, delivery);
      return first.allowed() ? other.decide(actor, environment, delivery) : first;
    };
  }

  /**
   * The seed's policy.
   *
   * <ul>
   *   <li>An environment that takes change requests refuses direct commits from anyone.
   *   <li>A production environment never accepts a bot's direct commit, even if it is configured
   *       for direct commits.
   *   <li>A bot may not author a change request into production: production takes human-authored
   *       change requests only.
   *   <li>Everything else is allowed: bots and people commit directly to direct-commit
   *       environments, and open change requests elsewhere.
   * </ul>
   */
  static AccessPolicy seedDefault() {
    return (actor, env, delivery) -> {
      if (delivery == Delivery.DIRECT_COMMIT && env.delivery() == Delivery.CHANGE_REQUEST) {
        return Decision.deny(
            "environment '"
                + env.name()
                + "' takes changes through change requests only; "
                + actor
                + " may not commit to it directly: open a change request instead");
      }
      if (actor.isBot() && env.production()) {
        return Decision.deny(
            delivery == Delivery.DIRECT_COMMIT
                ? "bot "
                    + actor
                    + " may never commit directly to production environment '"
                    + env.name()
                    + "'; a person must promote through a reviewed change request"
                : "bot "
                    + actor
                    + " may not author a change request into production environment '"
                    + env.name()
                    + "'; production takes human-authored change requests only");
      }
      return Decision.allow(actor + " may deliver to '" + env.name() + "' by " + delivery);
    };
  }
}
