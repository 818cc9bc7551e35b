package dev.gitops.promotion.selection;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.util.Locale;

/**
 * Which end of the order a numerical or alphabetical policy picks, with Flux's meaning: the policy
 * sorts the values in this order and takes the last one.
 */
public enum Order {
  /** Ascending: the highest value is picked ({@code 9} of 0..9, {@code z} of a..z). The default. */
  ASC,
  /** Descending: the lowest value is picked ({@code 0} of 0..9, {@code a} of a..z). */
  DESC;

  /**
   * Reads {@code asc} or {@code desc}, in any case, as a Flux {@code order} field holds them.
   *
   * @throws InvalidInputException for anything else
   */
  public static Order parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "asc" -> ASC;
      case "desc" -> DESC;
      default ->
          throw new InvalidInputException(
              "invalid order '" + SafeText.forDisplay(text) + "': expected asc or desc");
    };
  }

  /** {@code asc} or {@code desc}, as written in a spec. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
