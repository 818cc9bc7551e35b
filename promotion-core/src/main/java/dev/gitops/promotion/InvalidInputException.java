package dev.gitops.promotion;

import java.util.Optional;

/**
 * Input that the library cannot use: a malformed digest or image reference, an invalid pipeline, a
 * YAML file that cannot be read or edited safely. When the input came from a file, {@link
 * #location()} names it as {@code file:line:col}.
 */
public class InvalidInputException extends PromotionException {
  private static final long serialVersionUID = 1L;

  /** Where in the input, as {@code file:line:col}; null when the input was not a file. */
  private final String location;

  /**
   * @param message what is wrong with the input
   */
  public InvalidInputException(String message) {
    this(message, null, null);
  }

  /**
   * @param message what is wrong with the input
   * @param location where it is, as {@code file:line:col} or {@code file}, or null
   * @param cause the underlying failure, or null
   */
  public InvalidInputException(String message, String location, Throwable cause) {
    super(location == null ? message : location + ": " + message, cause);
    this.location = location;
  }

  /** Where the bad input is, as {@code file:line:col} (or just the file), when it came from one. */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }
}
