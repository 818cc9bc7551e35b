package dev.gitops.promotion.spi;

import dev.gitops.promotion.Sleeper;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an adapter is created with besides its {@link AdapterSpec}: where secrets and settings of
 * the process come from (environment variables, injectable so that tests never touch the real
 * ones), the clock and sleeper every wait goes through, and the config repository's remote URL (a
 * host adapter may infer its project from it).
 */
public final class AdapterContext {
  private final Function<String, Optional<String>> environment;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Optional<String> remoteUrl;

  private AdapterContext(
      Function<String, Optional<String>> environment,
      Clock clock,
      Sleeper sleeper,
      Optional<String> remoteUrl) {
    this.environment = environment;
    this.clock = clock;
    this.sleeper = sleeper;
    this.remoteUrl = remoteUrl;
  }

  /**
   * The process's environment variables, {@code clock} (the caller chooses it: library code never
   * reads the system clock itself) and real sleeping; no remote URL.
   */
  public static AdapterContext system(Clock clock) {
    return new AdapterContext(
        name -> Optional.ofNullable(System.getenv(name)).filter(v -> !v.isEmpty()),
        Objects.requireNonNull(clock, "clock"),
        Sleeper.SYSTEM,
        Optional.empty());
  }

  /** The given variables instead of the process's (for tests and embedders). */
  public AdapterContext withEnvironment(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return new AdapterContext(
        name -> Optional.ofNullable(copy.get(name)).filter(v -> !v.isEmpty()),
        clock,
        sleeper,
        remoteUrl);
  }

  /** This context with another clock. */
  public AdapterContext withClock(Clock clock) {
    return new AdapterContext(environment, Objects.requireNonNull(clock), sleeper, remoteUrl);
  }

  /** This context with another sleeper. */
  public AdapterContext withSleeper(Sleeper sleeper) {
    return new AdapterContext(environment, clock, Objects.requireNonNull(sleeper), remoteUrl);
  }

  /** This context with the config repository's remote URL. */
  public AdapterContext withRemoteUrl(String url) {
    return new AdapterContext(environment, clock, sleeper, Optional.of(url));
  }

  /** An environment variable's value; empty when unset or empty. */
  public Optional<String> environmentVariable(String name) {
    return environment.apply(name);
  }

  /** The clock adapters read time from. */
  public Clock clock() {
    return clock;
  }

  /** How adapters wait (retries, rate limits, polling). */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** The config repository's remote URL, when known. Never log it: it may carry credentials. */
  public Optional<String> remoteUrl() {
    return remoteUrl;
  }

  /** Names no values: variables and URLs may hold secrets. */
  @Override
  public String toString() {
    return "AdapterContext[clock " + clock + (remoteUrl.isPresent() ? ", remote set" : "") + "]";
  }
}
