package dev.gitops.promotion.overlay;

import dev.gitops.promotion.InvalidInputException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An overlay file that cannot be read or edited safely. The message names the file, the position
 * ({@code file:line:col}, 1-based) and why; {@link #reason()} lets a caller act on the kind of
 * problem. When this is thrown, nothing was written.
 */
public final class OverlayEditException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** Why an edit was refused. */
  public enum Reason {
    /** The file is not well-formed YAML. */
    MALFORMED_YAML,
    /** The file is larger than the configured bound. */
    TOO_LARGE,
    /** A document, or a value on the path to the image, is not a mapping where one is needed. */
    NOT_A_MAPPING,
    /** A mapping repeats a key; which one a tool would use is undefined. */
    DUPLICATE_KEY,
    /** Two {@code images:} entries (or two markers, parameters...) claim the same image. */
    DUPLICATE_IMAGE,
    /** The value is an alias ({@code *name}) or comes through a merge key; it lives elsewhere. */
    ALIAS,
    /** The value sits inside an anchored node that an alias reuses; editing it edits both. */
    ANCHOR,
    /** The value has a form this library does not rewrite (block scalar, explicit tag...). */
    UNSUPPORTED_VALUE,
    /** The file does not set the selected image where the options say it should. */
    NOT_FOUND,
    /** The requested image or edit argument is not valid for this file. */
    INVALID_ARGUMENT
  }

  /** Why the edit was refused. */
  private final Reason reason;

  /** The file's path. */
  private final String file;

  /** The line of the problem, 1-based, or 0 when it has none. */
  private final int line;

  /** The column of the problem, 1-based, or 0 when it has none. */
  private final int column;

  /**
   * @param reason why the edit was refused
   * @param file the file's path as given to the format
   * @param line the 1-based line, or 0 when the problem is with the whole file
   * @param column the 1-based column, or 0 when the problem is with the whole file
   * @param message what is wrong and what to do about it
   * @param cause the underlying parser failure, or null
   */
  public OverlayEditException(
      Reason reason, String file, int line, int column, String message, Throwable cause) {
    super(message, location(file, line, column), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.column = column;
  }

  /** Why the edit was refused. */
  public Reason reason() {
    return reason;
  }

  /** The file's path. */
  public String file() {
    return file;
  }

  /** The 1-based line of the problem, when it has one. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /** The 1-based column of the problem, when it has one. */
  public OptionalInt column() {
    return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }

  /** The problem without the location prefix. */
  public String problem() {
    String message = getMessage();
    Optional<String> location = location();
    return location.isPresent() && message.startsWith(location.get() + ": ")
        ? message.substring(location.get().length() + 2)
        : message;
  }

  private static String location(String file, int line, int column) {
    if (line <= 0) {
      return file;
    }
    return file + ":" + line + ":" + Math.max(column, 1);
  }
}
