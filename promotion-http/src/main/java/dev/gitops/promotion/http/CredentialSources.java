package dev.gitops.promotion.http;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The built-in {@link Credentials}. */
final class CredentialSources {
  static final Credentials NONE =
      new Credentials() {
        @Override
        public Map<String, String> headers() {
          return Map.of();
        }

        @Override
        public String toString() {
          return "Credentials[none]";
        }
      };

  private CredentialSources() {}

  static Credentials basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.indexOf(':') >= 0) {
      throw new InvalidInputException("a basic-auth user name must not contain ':'");
    }
    String encoded =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new Fixed("Authorization", "Basic ", encoded, "basic user " + SafeText.forDisplay(user));
  }

  static final class Fixed implements Credentials {
    private final Map<String, String> headers;
    private final String description;

    Fixed(String name, String prefix, String secret, String description) {
      Objects.requireNonNull(name, "name");
      if (secret == null || secret.isBlank()) {
        throw new InvalidInputException(
            "the credentials (" + description + ") are empty; pass a token");
      }
      this.headers = Map.of(name, prefix + secret.strip());
      this.description = description;
    }

    @Override
    public Map<String, String> headers() {
      return headers;
    }

    @Override
    public String toString() {
      return "Credentials[" + description + " ***]";
    }
  }

  static final class Supplied implements Credentials {
    private final Supplier<String> token;
    private volatile String lastSent;

    Supplied(Supplier<String> token) {
      this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public Map<String, String> headers() {
      String t = read();
      lastSent = t;
      return Map.of("Authorization", "Bearer " + t);
    }

    @Override
    public Optional<Credentials> refresh(AuthChallenge challenge, RestClient tokenClient) {
      String previous = lastSent;
      String now = read();
      return now.equals(previous) ? Optional.empty() : Optional.of(this);
    }

    private String read() {
      String t = token.get();
      if (t == null || t.isBlank()) {
        throw new InvalidInputException("the bearer token supplier returned no token");
      }
      return t.strip();
    }

    @Override
    public String toString() {
      return "Credentials[bearer (supplied) ***]";
    }
  }

  static final class Refreshing implements Credentials {
    private static final Duration MARGIN = Duration.ofMinutes(1);
    private final Supplier<ExpiringToken> fetch;
    private final Clock clock;
    private ExpiringToken current;

    Refreshing(Supplier<ExpiringToken> fetch, Clock clock) {
      this.fetch = Objects.requireNonNull(fetch, "fetch");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Map<String, String> headers() {
      if (current == null || !clock.instant().plus(MARGIN).isBefore(current.expiresAt())) {
        current = fetchNew();
      }
      return Map.of("Authorization", "Bearer " + current.value());
    }

    @Override
    public synchronized Optional<Credentials> refresh(
        AuthChallenge challenge, RestClient tokenClient) {
      current = null;
      return Optional.of(this);
    }

    private ExpiringToken fetchNew() {
      ExpiringToken t = fetch.get();
      if (t == null) {
        throw new InvalidInputException("the token source returned no token");
      }
      return t;
    }

    @Override
    public synchronized String toString() {
      return "Credentials[bearer (refreshing) ***"
          + (current == null ? "" : ", expiresAt=" + current.expiresAt())
          + "]";
    }
  }
}
