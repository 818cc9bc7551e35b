package dev.gitops.promotion;

import java.util.Optional;

/**
 * The one check of Git branch names, with the rules of {@code git check-ref-format --branch}: a
 * name is valid when {@code refs/heads/<name>} is a valid ref name and it does not start with
 * {@code -} or equal {@code HEAD}. So a name:
 *
 * <ul>
 *   <li>is not empty, does not start or end with {@code /} and has no empty component ({@code //});
 *   <li>has no component that starts with {@code .} or ends with {@code .lock};
 *   <li>does not end with {@code .} or contain {@code ..} or <code>@{</code>;
 *   <li>has no control character, space, DEL, and none of {@code ~ ^ : ? * [ \};
 *   <li>does not start with {@code -} and is not {@code HEAD}.
 * </ul>
 *
 * <pre>{@code
 * BranchNames.check("env/production");   // returns it
 * BranchNames.check("main..x");          // InvalidInputException: it contains '..'
 * }</pre>
 */
public final class BranchNames {
  private static final String FORBIDDEN = "~^:?*[\\";

  private BranchNames() {}

  /**
   * Returns {@code name} when it is a valid branch name.
   *
   * @throws InvalidInputException saying which rule it breaks
   */
  public static String check(String name) {
    Optional<String> problem = problem(name);
    if (problem.isPresent()) {
      throw new InvalidInputException(
          "invalid branch name '"
              + SafeText.escapeControls(String.valueOf(name))
              + "': "
              + problem.get()
              + "; use a name like main or env/production");
    }
    return name;
  }

  /** Whether {@code name} is a valid branch name. */
  public static boolean isValid(String name) {
    return problem(name).isEmpty();
  }

  /**
   * What makes {@code name} an invalid branch name, for callers that word their own message (a
   * file's {@code line:col}, for example); empty when it is valid.
   */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (name.equals("HEAD")) {
      return Optional.of("HEAD has a special meaning to Git");
    }
    if (name.startsWith("-")) {
      return Optional.of("it starts with '-'");
    }
    if (name.startsWith("/") || name.endsWith("/")) {
      return Optional.of("it starts or ends with '/'");
    }
    if (name.endsWith(".")) {
      return Optional.of("it ends with '.'");
    }
    for (String sequence : new String[] {"..", "//", "@{"}) {
      if (name.contains(sequence)) {
        return Optional.of("it contains '" + sequence + "'");
      }
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < ' ' || c == 0x7f) {
        return Optional.of("it contains a control character");
      }
      if (c == ' ') {
        return Optional.of("it contains a space");
      }
      if (FORBIDDEN.indexOf(c) >= 0) {
        return Optional.of("it contains '" + c + "'");
      }
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".")) {
        return Optional.of("the component '" + component + "' starts with '.'");
      }
      if (component.endsWith(".lock")) {
        return Optional.of("the component '" + component + "' ends with '.lock'");
      }
    }
    return Optional.empty();
  }
}
