package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.SafeText;
import java.util.List;

/** The wording shared by requirements and their statuses. */
final class Texts {
  private static final int PATHS_SHOWN = 3;

  private Texts() {}

  static String sectionPrefix(Requirement r) {
    if (Section.DEFAULT.equalsIgnoreCase(r.section())) {
      return "";
    }
    return (r.optional() ? "optional " : "") + "[" + SafeText.escapeControls(r.section()) + "] ";
  }

  static String owners(List<Owner> owners) {
    StringBuilder sb = new StringBuilder(owners.size() == 1 ? "" : "one of ");
    for (int i = 0; i < owners.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(SafeText.escapeControls(owners.get(i).toString()));
    }
    return sb.toString();
  }

  static String paths(List<String> paths) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(PATHS_SHOWN, paths.size());
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ", ").append(SafeText.escapeControls(paths.get(i)));
    }
    if (paths.size() > shown) {
      sb.append(" and ").append(paths.size() - shown).append(" more");
    }
    return sb.toString();
  }

  static String origin(Rule rule) {
    return "(line " + rule.line() + ": " + SafeText.escapeControls(rule.pattern()) + ")";
  }
}
