package dev.gitops.promotion;

import java.util.regex.Pattern;

/** Validation of the names users give to environments and applications. */
final class Names {
  // safe in branch names, paths, commit subjects and Kubernetes object names
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");

  private Names() {}

  static String check(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "invalid "
              + what
              + " name '"
              + SafeText.escapeControls(String.valueOf(name))
              + "': use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting and ending"
              + " with a letter or digit");
    }
    return name;
  }
}
