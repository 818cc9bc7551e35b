package dev.gitops.promotion.gates;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Review;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reviews of a change request as approval gates count them: per reviewer the latest review that
 * is not a comment or pending decides; a dismissed one counts for nothing; with {@code headOnly} an
 * approval of an older commit is stale; and the change's author, the promoted commit's author and
 * bots never count (separation of duties).
 *
 * @param counted the approvers that count, in review order
 * @param notCounted approvers that do not count, each with why
 * @param changesRequested reviewers whose standing review asks for changes
 */
record Reviewers(List<String> counted, List<String> notCounted, List<String> changesRequested) {

  static Reviewers of(GateContext context, ChangeRequest cr, boolean headOnly) {
    Map<String, Review> standing = new LinkedHashMap<>();
    for (Review r : cr.reviews()) {
      switch (r.state()) {
        case APPROVED, CHANGES_REQUESTED, DISMISSED -> {
          standing.remove(r.author());
          standing.put(r.author(), r);
        }
        case COMMENTED, PENDING -> {}
      }
    }
    Actor promoter = context.plan().request().actor();
    List<String> counted = new ArrayList<>();
    List<String> notCounted = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    for (Review r : standing.values()) {
      String who = SafeText.forDisplay(r.author());
      if (r.state() == Review.State.CHANGES_REQUESTED) {
        changes.add(who);
        continue;
      }
      if (r.state() != Review.State.APPROVED) {
        continue; // dismissed
      }
      if (headOnly && r.commit().map(c -> !c.equals(cr.headRevision())).orElse(false)) {
        notCounted.add(who + " (approved " + r.commit().get().abbreviated() + ", not the head)");
      } else if (r.author().equalsIgnoreCase(cr.author())) {
        notCounted.add(who + " (opened the change request)");
      } else if (isActor(r.author(), promoter)) {
        notCounted.add(who + " (authored the promoted commit)");
      } else if (isBot(r.author())) {
        notCounted.add(who + " (a bot)");
      } else {
        counted.add(r.author());
      }
    }
    return new Reviewers(counted, notCounted, changes);
  }

  /** A host login that names this actor: the name, the email, or the email's local part. */
  static boolean isActor(String login, Actor actor) {
    String email = actor.email();
    int at = email.indexOf('@');
    return login.equalsIgnoreCase(actor.name())
        || login.equalsIgnoreCase(email)
        || (at > 0 && login.equalsIgnoreCase(email.substring(0, at)));
  }

  /** GitHub apps ({@code name[bot]}) and GitLab project and group bots. */
  static boolean isBot(String login) {
    String l = login.toLowerCase(Locale.ROOT);
    return l.endsWith("[bot]") || l.matches("(project|group)_\\d+_bot.*");
  }

  /** {@code ; not counted: ...} or nothing. */
  String notCountedText() {
    return notCounted.isEmpty()
        ? ""
        : "; not counted (separation of duties): " + String.join(", ", notCounted);
  }
}
