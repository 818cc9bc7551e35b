package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.git.GitLedger;
import dev.gitops.promotion.git.GitOptions;
import dev.gitops.promotion.git.GitPromoter;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.overlay.OverlayFormats;
import dev.gitops.promotion.spi.OverlayFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * What every CLI command works on: the config repository at {@code --repo}, its pipeline
 * configuration ({@code promotion.yaml} or the discovered layout), and a {@link GitPromoter} over
 * both.
 */
final class Workspace implements AutoCloseable {
  private static final Pattern IDENTITY = Pattern.compile("\\s*([^<>]+?)\\s*<([^<>\\s]+)>\\s*");

  final JGitConfigRepository repository;
  final PromotionConfig config;
  final GitPromoter promoter;

  private Workspace(JGitConfigRepository repository, PromotionConfig config, GitPromoter promoter) {
    this.repository = repository;
    this.config = config;
    this.promoter = promoter;
  }

  /**
   * Opens the repository at {@code dir}: locally (commits move its own branches), or against {@code
   * remote} (fetch first, then every commit is pushed with compare-and-swap).
   */
  static Workspace open(Path dir, Optional<String> remote, Clock clock) {
    JGitConfigRepository repo =
        remote.isPresent()
            ? JGitConfigRepository.open(dir, GitOptions.builder().remote(remote.get()).build())
            : JGitConfigRepository.open(dir);
    try {
      if (remote.isPresent()) {
        repo.fetch();
      }
      PromotionConfig config = PromotionConfig.load(repo);
      GitPromoter promoter =
          GitPromoter.builder()
              .promoter(
                  Promoter.builder()
                      .configRepository(repo)
                      .pipeline(config.pipeline())
                      .addApplications(config.applications())
                      .addOverlayFormats(overlayFormats().toArray(new OverlayFormat[0]))
                      .accessPolicy(config.accessPolicy())
                      .clock(clock)
                      .build())
              .build();
      return new Workspace(repo, config, promoter);
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  GitLedger ledger() {
    return promoter.ledger();
  }

  /** The overlay formats the CLI reads and edits. */
  static List<OverlayFormat> overlayFormats() {
    return OverlayFormats.all();
  }

  /**
   * Who acts: {@code as} ({@code "Name <email>"}) when given, else the repository's (or the user's)
   * {@code git config user.name} and {@code user.email}; a bot with {@code bot}, or when the
   * pipeline file lists the email among its bots.
   *
   * @throws InvalidInputException when there is no identity to use
   */
  Actor actor(Optional<String> as, boolean bot) {
    String name;
    String email;
    if (as.isPresent()) {
      Matcher m = IDENTITY.matcher(as.get());
      if (!m.matches()) {
        throw new InvalidInputException(
            "--as '" + as.get() + "' is not an identity; expected \"Name <email>\"");
      }
      name = m.group(1);
      email = m.group(2);
    } else {
      StoredConfig git = repository.repository().getConfig();
      name = git.getString("user", null, "name");
      email = git.getString("user", null, "email");
      if (name == null || name.isBlank() || email == null || email.isBlank()) {
        throw new InvalidInputException(
            "who is promoting? pass --as \"Name <email>\" (and --bot for a CI job), or set git"
                + " config user.name and user.email");
      }
    }
    Actor actor = bot ? Actor.bot(name, email) : Actor.human(name, email);
    return config.access().classify(actor);
  }

  @Override
  public void close() {
    repository.close();
  }
}
