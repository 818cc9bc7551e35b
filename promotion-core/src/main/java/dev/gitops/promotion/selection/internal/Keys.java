package dev.gitops.promotion.selection.internal;

import java.math.BigDecimal;
import java.util.Optional;

/** Reading and comparing the values policies order tags by. */
public final class Keys {

  /** Exponents beyond this are refused, so a tag like {@code 1e999999999} cannot cost memory. */
  private static final int MAX_EXPONENT = 9_999;

  private Keys() {}

  /**
   * Reads a decimal number: an optional sign, digits with an optional fraction (or a fraction
   * alone), and an optional exponent, like {@code 42}, {@code -1.5}, {@code .5}, {@code 1e6}. This
   * is the decimal part of what Go's {@code strconv.ParseFloat} (Flux's numerical policy) accepts;
   * hexadecimal floats, {@code Inf}, {@code NaN} and underscores are not numbers here. The value is
   * exact, so long build numbers that a 64-bit float would round stay distinct.
   */
  public static Optional<BigDecimal> decimal(String text) {
    int n = text.length();
    int i = 0;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int intDigits = digits(text, i);
    i += intDigits;
    int fracDigits = 0;
    if (i < n && text.charAt(i) == '.') {
      i++;
      fracDigits = digits(text, i);
      i += fracDigits;
    }
    if (intDigits == 0 && fracDigits == 0) {
      return Optional.empty();
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      int expStart = i;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int expDigits = digits(text, i);
      if (expDigits == 0) {
        return Optional.empty();
      }
      i += expDigits;
      String exp = text.substring(expStart, i);
      String magnitude = exp.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
      if (magnitude.length() > 4 || Integer.parseInt(magnitude) > MAX_EXPONENT) {
        return Optional.empty();
      }
    }
    if (i != n) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text.startsWith("+") ? text.substring(1) : text));
  }

  /**
   * Compares by Unicode code point, which is the order of the UTF-8 bytes: Go's string order, which
   * Flux's alphabetical policy uses. ({@link String#compareTo} differs from it above U+FFFF.)
   */
  public static int compareBytes(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static int digits(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
