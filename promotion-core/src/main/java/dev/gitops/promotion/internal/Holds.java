package dev.gitops.promotion.internal;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.CommitMessage.Trailer;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Hold;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Holds kept in Git: one file per environment, {@code .promotion/holds/<env>.txt}, in the
 * environment's branch, one hold per line ({@code <app> | <held by> | <since> | <reason>}), written
 * by commits with {@code Hold} or {@code Hold-Released} trailers (compare-and-swap, a few tries).
 */
public final class Holds {
  private static final String HEADER =
      "# Holds on this environment: automatic promotion leaves these applications alone until a"
          + " person releases them\n# (promotion release). One per line: application | held by |"
          + " since | reason\n";
  private static final int ATTEMPTS = 5;

  private final Function<String, ConfigRepository> repositories;
  private final Clock clock;

  /** Holds read and written through the repository of each environment. */
  public Holds(Function<String, ConfigRepository> repositories, Clock clock) {
    this.repositories = repositories;
    this.clock = clock;
  }

  /** The file that holds {@code env}'s holds. */
  public static String path(Environment env) {
    return ".promotion/holds/" + env.name() + ".txt";
  }

  /** The holds on {@code env} now. */
  public List<Hold> list(Environment env) {
    ConfigRepository repository = repositories.apply(env.name());
    Optional<Revision> head = repository.head(env.branch());
    if (head.isEmpty()) {
      return List.of();
    }
    return parse(env, repository.readFile(head.get(), path(env)).orElse(""));
  }

  /** Puts a hold; returns it (the existing one when the application is held already). */
  public Hold hold(Environment env, String application, Actor actor, String reason) {
    checkReason(reason);
    Hold wanted = new Hold(env.name(), application, actor.toString(), clock.instant(), reason);
    for (int attempt = 1; ; attempt++) {
      ConfigRepository repository = repositories.apply(env.name());
      Revision head = head(repository, env);
      List<Hold> holds = parse(env, repository.readFile(head, path(env)).orElse(""));
      for (Hold h : holds) {
        if (h.application().equals(application)) {
          return h;
        }
      }
      holds.add(wanted);
      String subject =
          "chore(" + env.name() + "): hold " + label(application) + " (no automatic promotion)";
      if (write(
          repository,
          env,
          head,
          holds,
          subject,
          reason,
          CommitMessage.HOLD,
          application,
          actor,
          attempt)) {
        return wanted;
      }
    }
  }

  /**
   * Releases the hold on {@code application}; returns it, or empty when there was none.
   *
   * @throws NotPermittedException when a bot asks: a person put the hold, a person lifts it
   */
  public Optional<Hold> release(Environment env, String application, Actor actor, String reason) {
    checkReason(reason);
    if (actor.isBot()) {
      // a refusal by rule, not bad input: the same exit code as any other access refusal
      throw new NotPermittedException(
          NotPermittedException.Rule.ACCESS_POLICY,
          "bot "
              + actor
              + " may not release a hold on "
              + label(application)
              + " in '"
              + env.name()
              + "': a person put it there, a person lifts it");
    }
    for (int attempt = 1; ; attempt++) {
      ConfigRepository repository = repositories.apply(env.name());
      Revision head = head(repository, env);
      List<Hold> holds = parse(env, repository.readFile(head, path(env)).orElse(""));
      Optional<Hold> found =
          holds.stream().filter(h -> h.application().equals(application)).findFirst();
      if (found.isEmpty()) {
        return Optional.empty();
      }
      holds.remove(found.get());
      String subject = "chore(" + env.name() + "): release the hold on " + label(application);
      if (write(
          repository,
          env,
          head,
          holds,
          subject,
          reason,
          CommitMessage.HOLD_RELEASED,
          application,
          actor,
          attempt)) {
        return found;
      }
    }
  }

  private boolean write(
      ConfigRepository repository,
      Environment env,
      Revision head,
      List<Hold> holds,
      String subject,
      String reason,
      String trailer,
      String application,
      Actor actor,
      int attempt) {
    StringBuilder content = new StringBuilder(HEADER);
    for (Hold h : holds) {
      content
          .append(h.application())
          .append(" | ")
          .append(h.heldBy())
          .append(" | ")
          .append(h.since())
          .append(" | ")
          .append(h.reason())
          .append('\n');
    }
    CommitMessage message =
        new CommitMessage(
            subject,
            reason == null ? "" : reason,
            List.of(
                new Trailer(trailer, env.name() + "/" + application),
                new Trailer(CommitMessage.PROMOTED_BY, actor.toString())));
    try {
      repository.commit(
          CommitRequest.builder()
              .branch(env.branch())
              .parent(head)
              .expectedHead(head)
              .addEdits(new FileEdit(path(env), content.toString()))
              .message(message.render())
              .author(actor)
              .time(clock.instant())
              .build());
      return true;
    } catch (PromotionConflictException e) {
      if (attempt >= ATTEMPTS) {
        throw e;
      }
      repository.refresh();
      return false;
    }
  }

  /** A reason becomes a commit body and a line of the holds file: no control characters. */
  private static void checkReason(String reason) {
    if (reason != null) {
      SafeText.refuseControls("the reason", reason);
    }
  }

  private static Revision head(ConfigRepository repository, Environment env) {
    return repository
        .head(env.branch())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "environment '" + env.name() + "' has no branch '" + env.branch() + "' yet"));
  }

  private static String label(String application) {
    return Hold.ALL.equals(application) ? "every application" : application;
  }

  static List<Hold> parse(Environment env, String content) {
    List<Hold> out = new ArrayList<>();
    for (String line : content.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split(" \\| ", 4);
      if (parts.length < 3) {
        continue; // not a hold line; a person may have written notes
      }
      Instant since;
      try {
        since = Instant.parse(parts[2].strip());
      } catch (DateTimeParseException e) {
        continue;
      }
      try {
        out.add(
            new Hold(
                env.name(),
                parts[0].strip(),
                parts[1].strip(),
                since,
                parts.length > 3 ? parts[3] : ""));
      } catch (InvalidInputException e) {
        // an application name that cannot be: ignored like any other note
      }
    }
    return out;
  }
}
