package dev.gitops.promotion.git.config;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.AccessPolicy.Decision;
import dev.gitops.promotion.Actor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code access} section of a pipeline file: who counts as a bot, where bots may deliver, and
 * who may promote into which environment. {@link #policy()} is the seed's {@link
 * AccessPolicy#seedDefault()} tightened by these rules.
 *
 * <p>Identities are email addresses, compared ignoring case; {@code *} matches any run of
 * characters, so {@code *@myorg.com} is everyone at myorg.com.
 *
 * @param bots identities that count as bots whatever the caller claims (CI tokens)
 * @param botEnvironments when present, the only environments bots may deliver to at all
 * @param promoters per environment name, the only identities that may promote into it
 * @param delegates authenticated identities (host logins or emails) that may act for someone else;
 *     everyone else must act as the identity the host credentials belong to, where the host can
 *     tell (see {@code Promoter.Builder#delegates})
 */
public record AccessRules(
    List<String> bots,
    Optional<List<String>> botEnvironments,
    Map<String, List<String>> promoters,
    List<String> delegates) {

  /** No rules beyond the seed's policy. */
  public static final AccessRules NONE =
      new AccessRules(List.of(), Optional.empty(), Map.of(), List.of());

  /** Rules without delegates. */
  public AccessRules(
      List<String> bots,
      Optional<List<String>> botEnvironments,
      Map<String, List<String>> promoters) {
    this(bots, botEnvironments, promoters, List.of());
  }

  /** Copies the parts. */
  public AccessRules {
    bots = List.copyOf(bots);
    delegates = List.copyOf(delegates);
    botEnvironments = botEnvironments.map(List::copyOf);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    promoters.forEach((env, who) -> copy.put(env, List.copyOf(who)));
    promoters = Collections.unmodifiableMap(copy);
  }

  /** Whether {@code email} is one of the {@link #bots()}. */
  public boolean isBot(String email) {
    return matchesAny(email, bots);
  }

  /** {@code actor} as a bot when its email is listed as one, else unchanged. */
  public Actor classify(Actor actor) {
    return !actor.isBot() && isBot(actor.email()) ? Actor.bot(actor.name(), actor.email()) : actor;
  }

  /** The seed's access policy with these rules on top; see the class documentation. */
  public AccessPolicy policy() {
    AccessPolicy seed = AccessPolicy.seedDefault();
    return (actor, env, delivery) -> {
      Actor effective = classify(actor);
      Decision d = seed.decide(effective, env, delivery);
      if (!d.allowed()) {
        return d;
      }
      if (effective.isBot()
          && botEnvironments.isPresent()
          && !botEnvironments.get().contains(env.name())) {
        return Decision.deny(
            "bot "
                + effective
                + " may deliver only to "
                + botEnvironments.get()
                + " (access.botEnvironments), not to '"
                + env.name()
                + "'");
      }
      List<String> allowed = promoters.get(env.name());
      if (allowed != null && !matchesAny(actor.email(), allowed)) {
        return Decision.deny(
            actor
                + " may not promote into '"
                + env.name()
                + "': access.promoters allows only "
                + allowed);
      }
      return d;
    };
  }

  /** Whether {@code email} matches one of the patterns (case-insensitive, {@code *} wildcard). */
  public static boolean matchesAny(String email, List<String> patterns) {
    String e = email.toLowerCase(Locale.ROOT);
    for (String p : patterns) {
      String lower = p.toLowerCase(Locale.ROOT);
      if (lower.contains("*")) {
        List<String> parts = Arrays.stream(lower.split("\\*", -1)).map(Pattern::quote).toList();
        if (e.matches(String.join(".*", parts))) {
          return true;
        }
      } else if (lower.equals(e)) {
        return true;
      }
    }
    return false;
  }
}
