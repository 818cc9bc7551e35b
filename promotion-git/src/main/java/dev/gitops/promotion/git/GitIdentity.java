package dev.gitops.promotion.git;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

/**
 * Who is promoting when nobody says: the author identity git itself would use for a commit in the
 * repository, resolved the way git resolves it.
 *
 * <ol>
 *   <li>{@code GIT_AUTHOR_NAME} and {@code GIT_AUTHOR_EMAIL} (each on its own);
 *   <li>{@code author.name}/{@code author.email}, then {@code user.name}/{@code user.email}, from
 *       the repository's own config, which overrides the user's global config ({@code
 *       ~/.gitconfig}, which overrides {@code $XDG_CONFIG_HOME/git/config}, by default {@code
 *       ~/.config/git/config});
 *   <li>for the email only, {@code EMAIL}.
 * </ol>
 *
 * <p>The identity is checked as strictly as {@link Actor#parse}: a malformed one is refused with
 * the place it came from, never used.
 *
 * <pre>{@code
 * Actor me = GitIdentity.resolve(repo).orElseThrow();   // or GitIdentity.require(repo)
 * }</pre>
 */
public final class GitIdentity {
  private GitIdentity() {}

  /** The identity for {@code repository}, reading the process environment. */
  public static Optional<Actor> resolve(JGitConfigRepository repository) {
    return resolve(repository.repository().getDirectory(), System.getenv());
  }

  /**
   * The identity for the repository whose git directory is {@code gitDir}, with {@code env} as the
   * environment ({@code HOME}, {@code XDG_CONFIG_HOME}, {@code GIT_AUTHOR_*}, {@code EMAIL}).
   *
   * @throws InvalidInputException when the identity found is malformed, naming where it came from
   */
  public static Optional<Actor> resolve(File gitDir, Map<String, String> env) {
    List<Layer> layers = layers(gitDir, env); // strongest first
    Found name = find(env, "GIT_AUTHOR_NAME", layers, "name");
    Found email = find(env, "GIT_AUTHOR_EMAIL", layers, "email");
    if (email == null && nonBlank(env.get("EMAIL"))) {
      email = new Found(env.get("EMAIL").strip(), "the EMAIL environment variable");
    }
    if (name == null || email == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Actor.human(name.value(), email.value()));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "the git identity from "
              + name.where()
              + (name.where().equals(email.where()) ? "" : " and " + email.where())
              + " is not usable: "
              + e.getMessage());
    }
  }

  /**
   * Like {@link #resolve(JGitConfigRepository)}, but refuses when there is none.
   *
   * @throws InvalidInputException saying how to set one
   */
  public static Actor require(JGitConfigRepository repository) {
    return resolve(repository)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "who is promoting? set git config user.name and user.email (or"
                        + " GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL), or pass the actor explicitly"));
  }

  private record Layer(FileBasedConfig config, String where) {}

  private record Found(String value, String where) {}

  private static Found find(
      Map<String, String> env, String variable, List<Layer> layers, String key) {
    if (nonBlank(env.get(variable))) {
      return new Found(env.get(variable).strip(), "the " + variable + " environment variable");
    }
    for (String section : List.of("author", "user")) {
      for (Layer layer : layers) {
        String v = layer.config().getString(section, null, key);
        if (nonBlank(v)) {
          return new Found(v.strip(), section + "." + key + " in " + layer.where());
        }
      }
    }
    return null;
  }

  private static List<Layer> layers(File gitDir, Map<String, String> env) {
    List<Layer> layers = new ArrayList<>();
    add(layers, new File(gitDir, "config"));
    String home = env.get("HOME");
    if (nonBlank(home)) {
      add(layers, new File(home, ".gitconfig"));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (nonBlank(xdg)) {
      add(layers, new File(new File(xdg, "git"), "config"));
    } else if (nonBlank(home)) {
      add(layers, new File(new File(new File(home, ".config"), "git"), "config"));
    }
    return layers;
  }

  private static void add(List<Layer> layers, File file) {
    if (!file.isFile()) {
      return;
    }
    FileBasedConfig config = new FileBasedConfig(null, file, FS.DETECTED);
    try {
      config.load();
    } catch (IOException | ConfigInvalidException e) {
      throw new InvalidInputException(
          "cannot read git config " + file + ": " + SafeText.escapeControls(e.getMessage()),
          file.toString(),
          e);
    }
    layers.add(new Layer(config, file.toString()));
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
  }
}
