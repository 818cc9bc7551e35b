package dev.gitops.promotion.codeowners;

import dev.gitops.promotion.SafeText;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One owner named on a CODEOWNERS line: a user, a GitHub team, a GitLab group, an email address or
 * a GitLab role.
 *
 * @param kind what the name refers to
 * @param name the name without its <code>&#64;</code> or <code>&#64;&#64;</code> prefix, as written
 *     (for a role: {@code developer}, {@code maintainer} or {@code owner}, singular and lowercase)
 */
public record Owner(Kind kind, String name) {

  /** What an owner's name refers to. */
  public enum Kind {
    /**
     * <code>&#64;login</code>. On GitLab a name without a slash may also be a top-level group, so
     * approvals also ask the {@link MembershipLookup} about it.
     */
    USER,
    /** GitHub <code>&#64;org/team-slug</code>: any member of the team may approve. */
    TEAM,
    /**
     * GitLab <code>&#64;group/subgroup...</code>: the group's direct members may approve; members
     * of its subgroups and inherited members do not count (GitLab documents "only direct members").
     */
    GROUP,
    /** An email address of a user's account. */
    EMAIL,
    /**
     * GitLab <code>&#64;&#64;developer</code>, <code>&#64;&#64;maintainer</code>, <code>
     * &#64;&#64;owner</code> (plural forms accepted): direct project members with exactly that role
     * (roles do not include higher roles).
     */
    ROLE
  }

  private static final Pattern GITHUB_LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern GITHUB_TEAM =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern GITLAB_SEGMENT =
      Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*[A-Za-z0-9_-]|[A-Za-z0-9_]");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]*\\w");
  private static final Pattern ROLE =
      Pattern.compile("(developer|maintainer|owner)s?", Pattern.CASE_INSENSITIVE);

  /** Validates that the name is not blank and holds no whitespace. */
  public Owner {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "an owner's name is one word, got '" + SafeText.escapeControls(name) + "'");
    }
  }

  /** The user <code>&#64;login</code>. */
  public static Owner user(String login) {
    return new Owner(Kind.USER, strip(login, "@"));
  }

  /** The GitHub team <code>&#64;org/team</code>. */
  public static Owner team(String orgSlashTeam) {
    return new Owner(Kind.TEAM, strip(orgSlashTeam, "@"));
  }

  /** The GitLab group <code>&#64;group/subgroup</code>. */
  public static Owner group(String path) {
    return new Owner(Kind.GROUP, strip(path, "@"));
  }

  /** The account with this email address. */
  public static Owner email(String address) {
    return new Owner(Kind.EMAIL, address);
  }

  /**
   * The GitLab role <code>&#64;&#64;developer</code>, <code>&#64;&#64;maintainer</code> or <code>
   * &#64;&#64;owner</code>.
   */
  public static Owner role(String role) {
    String r = strip(role, "@@");
    if (!ROLE.matcher(r).matches()) {
      throw new IllegalArgumentException(
          "a GitLab role owner is developer, maintainer or owner, got '"
              + SafeText.escapeControls(r)
              + "'");
    }
    return new Owner(Kind.ROLE, singular(r));
  }

  /**
   * Reads one owner as {@code dialect} writes it, or empty when it is not a valid owner there.
   *
   * <p>GitHub: <code>&#64;login</code> (letters, digits, {@code -} and {@code _}), <code>
   * &#64;org/team</code>, or an email. GitLab: <code>&#64;&#64;role</code>, <code>&#64;name</code>
   * (a user or a top-level group), <code>&#64;group/sub/...</code> (GitLab namespace paths), or an
   * email.
   */
  public static Optional<Owner> parse(Dialect dialect, String token) {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(token, "token");
    if (token.startsWith("@@")) {
      String r = token.substring(2);
      return dialect == Dialect.GITLAB && ROLE.matcher(r).matches()
          ? Optional.of(new Owner(Kind.ROLE, singular(r)))
          : Optional.empty();
    }
    if (token.startsWith("@")) {
      String n = token.substring(1);
      if (dialect == Dialect.GITHUB) {
        if (GITHUB_LOGIN.matcher(n).matches()) {
          return Optional.of(new Owner(Kind.USER, n));
        }
        return GITHUB_TEAM.matcher(n).matches()
            ? Optional.of(new Owner(Kind.TEAM, n))
            : Optional.empty();
      }
      if (!isGitLabNamespacePath(n)) {
        return Optional.empty();
      }
      return Optional.of(new Owner(n.indexOf('/') < 0 ? Kind.USER : Kind.GROUP, n));
    }
    return EMAIL.matcher(token).matches()
        ? Optional.of(new Owner(Kind.EMAIL, token))
        : Optional.empty();
  }

  /**
   * The owner as written in a CODEOWNERS file: <code>&#64;login</code>, <code>&#64;&#64;developer
   * </code>, an email.
   */
  @Override
  public String toString() {
    return switch (kind) {
      case USER, TEAM, GROUP -> "@" + name;
      case EMAIL -> name;
      case ROLE -> "@@" + name;
    };
  }

  /** The name in lowercase, for the case-insensitive comparisons hosts make. */
  String key() {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String strip(String s, String prefix) {
    Objects.requireNonNull(s, "name");
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  private static String singular(String role) {
    String r = role.toLowerCase(Locale.ROOT);
    return r.endsWith("s") ? r.substring(0, r.length() - 1) : r;
  }

  // GitLab namespace paths: segments of letters, digits, '_', '.', '-', not ending with '.'
  private static boolean isGitLabNamespacePath(String path) {
    for (String segment : path.split("/", -1)) {
      if (!GITLAB_SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }
}
