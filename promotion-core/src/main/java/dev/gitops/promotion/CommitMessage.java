package dev.gitops.promotion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A commit message in Git's shape: a subject line, an optional body, and trailers ({@code Key:
 * value} lines in the last paragraph, as {@code git interpret-trailers} reads them).
 *
 * <p>Promotion commits carry {@code Promotion-Id}, {@code Promoted-Image}, {@code Promoted-From}
 * and {@code Promoted-By} trailers, and merges add {@code Approved-By}: that is how Git alone
 * answers who promoted which digest from where, approved by whom.
 *
 * @param subject the first line
 * @param body the paragraphs between subject and trailers, possibly empty
 * @param trailers the trailers, in order
 */
public record CommitMessage(String subject, String body, List<Trailer> trailers) {

  /** The trailer naming the promotion, stable for the same request. */
  public static final String PROMOTION_ID = "Promotion-Id";

  /** The trailer naming one promoted image: {@code <app>=<repository>@<digest>}. */
  public static final String PROMOTED_IMAGE = "Promoted-Image";

  /** The trailer naming where the digest came from: {@code <env>@<commit>}. */
  public static final String PROMOTED_FROM = "Promoted-From";

  /** The trailer naming who asked: {@code Name <email>}. */
  public static final String PROMOTED_BY = "Promoted-By";

  /** The trailer naming an approver, one per approver, on merge commits. */
  public static final String APPROVED_BY = "Approved-By";

  /**
   * The trailer recording a gate's verdict on the commit that landed a promotion, one per gate:
   * {@code <gate>: <STATUS> <reason>}.
   */
  public static final String GATE = "Gate";

  /**
   * The trailer recording an emergency override of a gate: {@code <gate> by <approver>: <reason>}
   * (see {@link GateOverride}).
   */
  public static final String GATE_OVERRIDE = "Gate-Override";

  /** The trailer naming the commit whose image a rollback undoes. */
  public static final String ROLLBACK_OF = "Rollback-Of";

  /** The trailer naming the change request a merge commit came from (its URL). */
  public static final String CHANGE_REQUEST = "Change-Request";

  /**
   * The trailer naming the tag an image was resolved from: {@code <app>=<tag>}; the digest is in
   * {@code Promoted-Image}.
   */
  public static final String IMAGE_TAG = "Image-Tag";

  /**
   * The trailer reporting that a tag moved since an upstream environment recorded it: {@code
   * <app>=<tag> <recorded digest> -> <digest now>}; the promotion still goes by the recorded
   * digest.
   */
  public static final String TAG_DRIFT = "Tag-Drift";

  /** The trailer marking an automatic promotion: the policy that picked the tag. */
  public static final String AUTO_PROMOTED = "Auto-Promoted";

  /** The trailer of a commit that puts a hold on an application: {@code <env>/<app>}. */
  public static final String HOLD = "Hold";

  /** The trailer of a commit that releases a hold: {@code <env>/<app>}. */
  public static final String HOLD_RELEASED = "Hold-Released";

  // A key is [A-Za-z0-9][A-Za-z0-9-]*; checked by hand, as every commit of a history is parsed
  private static boolean isKey(String s, int end) {
    if (end <= 0 || s.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  // The trailer a line holds ("Key: value", the value on one line), or null
  private static Trailer trailerLine(String line) {
    int colon = line.indexOf(':');
    if (colon < 0 || colon + 1 >= line.length() || line.charAt(colon + 1) != ' ') {
      return null;
    }
    if (!isKey(line, colon)) {
      return null;
    }
    String value = line.substring(colon + 2);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return null; // not one line
      }
    }
    return new Trailer(line.substring(0, colon), value.strip());
  }

  /**
   * One {@code Key: value} trailer.
   *
   * @param key the key, letters, digits and '-'
   * @param value the value, one line
   */
  public record Trailer(String key, String value) {
    /** Validates key and value fit on one trailer line. */
    public Trailer {
      if (key == null || !isKey(key, key.length())) {
        throw new IllegalArgumentException("invalid trailer key '" + key + "'");
      }
      Objects.requireNonNull(value, "value");
      if (value.contains("\n")) {
        throw new IllegalArgumentException("trailer " + key + " value must be one line");
      }
    }
  }

  /** Validates the subject is one non-empty line. */
  public CommitMessage {
    if (subject == null || subject.isBlank() || subject.contains("\n")) {
      throw new IllegalArgumentException("a commit subject must be one non-empty line");
    }
    body = Objects.requireNonNull(body, "body").strip();
    trailers = List.copyOf(trailers);
  }

  /** Parses a full message; a last paragraph made only of {@code Key: value} lines is trailers. */
  public static CommitMessage parse(String message) {
    String text = message.replace("\r\n", "\n").strip();
    if (text.isEmpty()) {
      return new CommitMessage("(no message)", "", List.of());
    }
    int firstBreak = text.indexOf('\n');
    String subject = firstBreak < 0 ? text : text.substring(0, firstBreak).strip();
    String rest = firstBreak < 0 ? "" : text.substring(firstBreak + 1).strip();
    List<Trailer> trailers = new ArrayList<>();
    String body = rest;
    int lastParagraph = rest.lastIndexOf("\n\n");
    String candidate = lastParagraph < 0 ? rest : rest.substring(lastParagraph + 2);
    if (!candidate.isEmpty()) {
      List<Trailer> parsed = new ArrayList<>();
      boolean all = true;
      for (String line : candidate.split("\n")) {
        Trailer t = trailerLine(line.strip());
        if (t == null) {
          all = false;
          break;
        }
        parsed.add(t);
      }
      if (all) {
        trailers = parsed;
        body = lastParagraph < 0 ? "" : rest.substring(0, lastParagraph);
      }
    }
    return new CommitMessage(subject.isBlank() ? "(no subject)" : subject, body, trailers);
  }

  /** The values of every trailer with this key (compared case-insensitively, as Git does). */
  public List<String> trailerValues(String key) {
    return trailers.stream()
        .filter(t -> t.key().equalsIgnoreCase(key))
        .map(Trailer::value)
        .toList();
  }

  /** The value of the first trailer with this key. */
  public Optional<String> trailer(String key) {
    return trailerValues(key).stream().findFirst();
  }

  /** This message with more trailers appended. */
  public CommitMessage withTrailers(List<Trailer> more) {
    List<Trailer> all = new ArrayList<>(trailers);
    all.addAll(more);
    return new CommitMessage(subject, body, all);
  }

  /** The message as Git stores it, ending with a newline. */
  public String render() {
    StringBuilder sb = new StringBuilder(subject).append('\n');
    if (!body.isEmpty()) {
      sb.append('\n').append(body).append('\n');
    }
    if (!trailers.isEmpty()) {
      sb.append('\n');
      for (Trailer t : trailers) {
        sb.append(t.key()).append(": ").append(t.value()).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return render();
  }
}
