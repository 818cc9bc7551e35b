package dev.gitops.promotion.internal;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.HostIdentity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Binds the acting identity to the credentials: where an environment's host says whose its
 * credentials are ({@link ChangeRequestHost#identity()}), an actor who is someone else is refused,
 * unless that authenticated identity is one of the delegates (a CI token allowed to act for the
 * person who triggered it). Without a host that can tell, access rules judge a claimed identity,
 * which is advisory only (docs/provenance.md).
 */
public final class IdentityBinding implements AccessPolicy {
  private final Function<String, Optional<ChangeRequestHost>> hosts;
  private final List<String> delegates;
  private final Map<ChangeRequestHost, Optional<HostIdentity>> identities =
      new ConcurrentHashMap<>();

  IdentityBinding(Function<String, Optional<ChangeRequestHost>> hosts, List<String> delegates) {
    this.hosts = hosts;
    this.delegates = delegates.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
  }

  /** The model's policy with the binding checked first. */
  public static AccessPolicy bind(
      AccessPolicy policy,
      Function<String, Optional<ChangeRequestHost>> hosts,
      List<String> delegates) {
    return new IdentityBinding(hosts, delegates).and(policy);
  }

  @Override
  public Decision decide(Actor actor, Environment environment, Delivery delivery) {
    Optional<ChangeRequestHost> host = hosts.apply(environment.name());
    if (host.isEmpty()) {
      return Decision.allow("no host credentials to bind the actor to");
    }
    Optional<HostIdentity> identity = identities.computeIfAbsent(host.get(), h -> h.identity());
    if (identity.isEmpty()) {
      return Decision.allow("the host does not say whose its credentials are");
    }
    HostIdentity id = identity.get();
    if (matches(id, actor)) {
      return Decision.allow(actor + " is the host's authenticated user " + id.login());
    }
    if (isDelegate(id)) {
      return Decision.allow(
          "authenticated user " + id.login() + " may act for " + actor + " (access.delegates)");
    }
    return Decision.deny(
        SafeText.forDisplay(actor.toString())
            + " is not who the host credentials belong to ("
            + SafeText.forDisplay(id.login() + id.email().map(e -> " <" + e + ">").orElse(""))
            + "); act as that identity, or allow "
            + SafeText.forDisplay(id.login())
            + " to act for others (access.delegates)");
  }

  /**
   * Whether {@code actor} is the authenticated {@code id}: the same email (ignoring case), or the
   * host's no-reply address of that login ({@code login@users.noreply.host} or {@code
   * 123+login@users.noreply.host}).
   */
  public static boolean matches(HostIdentity id, Actor actor) {
    String email = actor.email().toLowerCase(Locale.ROOT);
    if (id.email().isPresent() && id.email().get().toLowerCase(Locale.ROOT).equals(email)) {
      return true;
    }
    int at = email.indexOf('@');
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    String login = id.login().toLowerCase(Locale.ROOT);
    if (!domain.startsWith("users.noreply.")) {
      return false;
    }
    return local.equals(login) || (local.endsWith("+" + login) && local.matches("\\d+\\+.*"));
  }

  private boolean isDelegate(HostIdentity id) {
    String login = id.login().toLowerCase(Locale.ROOT);
    String email = id.email().map(e -> e.toLowerCase(Locale.ROOT)).orElse(null);
    return delegates.contains(login) || (email != null && delegates.contains(email));
  }
}
