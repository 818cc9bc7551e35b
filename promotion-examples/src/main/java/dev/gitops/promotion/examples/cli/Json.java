package dev.gitops.promotion.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The CLI's JSON output, written by Jackson Databind: maps keep their order, two-space indents,
 * {@code "key": value}, empty arrays and objects as {@code []} and {@code {}}.
 */
final class Json {
  private static final ObjectWriter WRITER = new ObjectMapper().writer(printer());

  private Json() {}

  /** {@code value} (maps, lists, strings, numbers, booleans, null) as pretty-printed JSON. */
  static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON", e);
    }
  }

  private static DefaultPrettyPrinter printer() {
    DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
        .withObjectIndenter(twoSpaces)
        .withArrayIndenter(twoSpaces);
  }
}
