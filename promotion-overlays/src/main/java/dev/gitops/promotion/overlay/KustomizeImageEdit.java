package dev.gitops.promotion.overlay;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.internal.ImageNames;
import java.util.Objects;
import java.util.Optional;

/**
 * One argument of {@code kustomize edit set image}, parsed the way kustomize parses it, and the
 * entry it leaves in {@code images:}.
 *
 * <p>Accepted forms: {@code name:tag}, {@code name@digest}, {@code name:tag@digest}, {@code
 * name=newName}, {@code name=newName:tag}, {@code name=newName@digest}, {@code
 * name=newName:tag@digest}, and {@code name=} (reset the entry to just its name). A {@code *} in
 * place of the new name, tag or digest keeps that field's current value.
 *
 * <p>The edit replaces the whole entry with the same name: a field the argument does not give is
 * removed (also {@code tagSuffix}), unless the argument says {@code *} for it. So {@code
 * app@sha256:...} on {@code {name: app, newTag: "1.0"}} leaves {@code {name: app, digest:
 * sha256:...}}, and {@code app=*:*@sha256:...} keeps the tag and adds the digest.
 *
 * <pre>{@code
 * KustomizeImageEdit edit = KustomizeImageEdit.parse("ghcr.io/myorg/api@sha256:9f86...");
 * EditResult result = KustomizeImages.apply(file, edit);
 * }</pre>
 *
 * @param name the {@code images[].name} the edit targets
 * @param newName what happens to {@code newName}
 * @param newTag what happens to {@code newTag}
 * @param digest what happens to {@code digest}
 */
public record KustomizeImageEdit(String name, Field newName, Field newTag, Field digest) {

  /**
   * What an edit does to one field of the entry.
   *
   * @param action keep, remove or set
   * @param value the value to set; empty unless {@code action} is {@link Action#SET}
   */
  public record Field(Action action, Optional<String> value) {

    /** What happens to a field. */
    public enum Action {
      /** Keep the current value ({@code *}). */
      KEEP,
      /** Remove the field (the argument does not give it). */
      REMOVE,
      /** Set the field to {@link Field#value()}. */
      SET
    }

    /** Checks that only {@link Action#SET} carries a value. */
    public Field {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(value, "value");
      if ((action == Action.SET) != value.isPresent()) {
        throw new IllegalArgumentException("only SET carries a value");
      }
    }

    /** Keep the current value. */
    public static Field keep() {
      return new Field(Action.KEEP, Optional.empty());
    }

    /** Remove the field. */
    public static Field remove() {
      return new Field(Action.REMOVE, Optional.empty());
    }

    /** Set the field to {@code value}; an empty value removes it. */
    public static Field set(String value) {
      return value.isEmpty() ? remove() : new Field(Action.SET, Optional.of(value));
    }

    /** The field's value after the edit, given its current value. */
    public Optional<String> resolve(Optional<String> current) {
      return switch (action) {
        case KEEP -> current;
        case REMOVE -> Optional.empty();
        case SET -> value;
      };
    }

    private static Field parse(String text) {
      return "*".equals(text) ? keep() : set(text);
    }

    private String render() {
      return switch (action) {
        case KEEP -> "*";
        case REMOVE -> "";
        case SET -> value.get();
      };
    }
  }

  /** Checks the parts. */
  public KustomizeImageEdit {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(newName, "newName");
    Objects.requireNonNull(newTag, "newTag");
    Objects.requireNonNull(digest, "digest");
    if (name.isEmpty()) {
      throw invalid(name, "the image name is empty");
    }
  }

  /**
   * Parses one {@code kustomize edit set image} argument.
   *
   * @throws InvalidInputException for an empty argument, a bare name such as {@code nginx} (which
   *     sets nothing), or one with spaces or control characters
   */
  public static KustomizeImageEdit parse(String arg) {
    Objects.requireNonNull(arg, "arg");
    if (arg.isEmpty()) {
      throw invalid(arg, "no image specified");
    }
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw invalid(arg, "it contains a space or control character at position " + i);
      }
    }
    int eq = arg.indexOf('=');
    String key = eq < 0 ? "" : arg.substring(0, eq);
    String value = eq < 0 ? arg : arg.substring(eq + 1);
    String[] parts = ImageNames.split(value);
    if (parts[0].equals(arg)) {
      throw invalid(
          arg,
          "it names an image but sets nothing; use name:tag, name@digest, name:tag@digest or"
              + " name=newName[:tag][@digest]");
    }
    if (key.isEmpty()) {
      if (eq >= 0) {
        throw invalid(arg, "the image name before '=' is empty");
      }
      if (parts[0].isEmpty()) {
        throw invalid(arg, "the image name is empty");
      }
      return new KustomizeImageEdit(
          parts[0], Field.remove(), Field.parse(parts[1]), Field.parse(parts[2]));
    }
    return new KustomizeImageEdit(
        key, Field.parse(parts[0]), Field.parse(parts[1]), Field.parse(parts[2]));
  }

  /** The edit {@code name=}: reset the entry to just its name. */
  public static KustomizeImageEdit reset(String name) {
    return new KustomizeImageEdit(name, Field.remove(), Field.remove(), Field.remove());
  }

  /** An edit that sets all three fields (each may be {@link Field#remove()}). */
  public static KustomizeImageEdit of(String name, Field newName, Field newTag, Field digest) {
    return new KustomizeImageEdit(name, newName, newTag, digest);
  }

  /**
   * The entry this edit leaves, given the current one (or none): the whole entry is replaced,
   * {@code *} fields keep their current value, and {@code tagSuffix} is dropped.
   */
  public KustomizeImage applyTo(Optional<KustomizeImage> current) {
    Optional<KustomizeImage> cur = current.filter(c -> c.name().equals(name));
    return new KustomizeImage(
        name,
        newName.resolve(cur.flatMap(KustomizeImage::newName)),
        newTag.resolve(cur.flatMap(KustomizeImage::newTag)),
        digest.resolve(cur.flatMap(KustomizeImage::digest)),
        Optional.empty());
  }

  /** The argument form, {@code name=newName:tag@digest} (or the short form when it applies). */
  @Override
  public String toString() {
    String tail =
        (newTag.action() == Field.Action.REMOVE ? "" : ":" + newTag.render())
            + (digest.action() == Field.Action.REMOVE ? "" : "@" + digest.render());
    if (newName.action() == Field.Action.REMOVE && !tail.isEmpty()) {
      return name + tail;
    }
    return name + "=" + newName.render() + tail;
  }

  private static InvalidInputException invalid(String arg, String problem) {
    return new InvalidInputException("invalid image argument '" + arg + "': " + problem);
  }
}
